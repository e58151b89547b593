import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkTicketCode } from '../../src/edge/code-check.ts';
import { KeyRing } from '../../src/edge/keyring.ts';
import {
  generateEventKey,
  importEventKey,
  peekTicketCode,
  signTicketCode,
  verifyTicketCode,
} from '../../src/shared/ticket-code.ts';
import { handEvent } from '../helpers/manifest.ts';

describe('the gate’s synchronous signature check', () => {
  it('gives the same answer as the shared async verifier for good, forged, tampered, foreign and junk codes', async () => {
    const ev = await handEvent('ev-cc');
    const other = await handEvent('ev-other');
    const keyring = new KeyRing();
    await keyring.load([ev.event]);
    const good = await ev.sign({ id: 't1', tierId: 'ev-cc-ga' });
    const real = peekTicketCode(good)!;
    const forger = await generateEventKey(real.kid);
    const forged = await signTicketCode(real.claims, {
      kid: real.kid,
      privateKey: await importEventKey(forger.privateJwk as JWK),
    });
    const [h, p, s] = good.split('.');
    const tamperedPayload = `${h}.${Buffer.from(JSON.stringify({ ...real.claims, t: 't2' })).toString('base64url')}.${s}`;
    const tamperedSig = `${h}.${p}.${s!.slice(0, -2)}AA`;
    const foreign = await other.sign({ id: 'x', tierId: 'ev-other-ga' });
    const cases = [good, forged, tamperedPayload, tamperedSig, foreign, 'junk', `${h}.${p}.`, ''];
    const publicKey = await importEventKey(ev.event.keys[0]!.publicJwk as JWK);
    for (const code of cases) {
      const expected = await verifyTicketCode(code, (kid) => (keyring.get(kid) ? publicKey : undefined));
      expect(checkTicketCode(code, keyring)).toEqual(expected);
    }
    expect(checkTicketCode(good, keyring)).toMatchObject({ ok: true, claims: { t: 't1' } });
    expect(checkTicketCode(forged, keyring)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});
