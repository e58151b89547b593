import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  generateEventKey,
  importEventKey,
  peekTicketCode,
  signingKeyFromJwk,
  signTicketCode,
  signTicketCodeSync,
  verifyTicketCode,
} from '../../src/shared/ticket-code.ts';

async function keyPair(kid: string) {
  const k = await generateEventKey(kid);
  return {
    kid,
    publicKey: await importEventKey(k.publicJwk as JWK),
    privateKey: await importEventKey(k.privateJwk as JWK),
    publicJwk: k.publicJwk,
    privateJwk: k.privateJwk,
  };
}

describe('ticket codes', () => {
  const claims = { t: 'ticket-1', e: 'event-1', r: 'tier-1', v: 1, nbf: 100, exp: 200 };

  it('round-trips claims through sign and verify', async () => {
    const key = await keyPair('k1');
    const code = await signTicketCode(claims, key);
    expect(code.split('.')).toHaveLength(3);
    const result = await verifyTicketCode(code, (kid) => (kid === 'k1' ? key.publicKey : undefined));
    expect(result).toEqual({ ok: true, claims, kid: 'k1' });
  });

  it('signs synchronously exactly as jose does, and the code verifies', async () => {
    const key = await keyPair('k1');
    const sync = signTicketCodeSync(claims, signingKeyFromJwk('k1', key.privateJwk as JWK));
    expect(sync).toBe(await signTicketCode(claims, key));
    expect(await verifyTicketCode(sync, () => key.publicKey)).toEqual({ ok: true, claims, kid: 'k1' });
    const other = await keyPair('k1');
    const forged = signTicketCodeSync(claims, signingKeyFromJwk('k1', other.privateJwk as JWK));
    expect(await verifyTicketCode(forged, () => key.publicKey)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('publishes no private part in the public JWK', async () => {
    const key = await keyPair('k1');
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('rejects a code signed by another key as bad_signature', async () => {
    const real = await keyPair('k1');
    const forger = await keyPair('k1');
    const forged = await signTicketCode(claims, forger);
    expect(await verifyTicketCode(forged, () => real.publicKey)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects altered claims', async () => {
    const key = await keyPair('k1');
    const [h, , s] = (await signTicketCode(claims, key)).split('.');
    const altered = Buffer.from(JSON.stringify({ ...claims, t: 'ticket-2' })).toString('base64url');
    const result = await verifyTicketCode(`${h}.${altered}.${s}`, () => key.publicKey);
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('says unknown_key when no key has that kid', async () => {
    const key = await keyPair('k1');
    const code = await signTicketCode(claims, key);
    expect(await verifyTicketCode(code, () => undefined)).toMatchObject({
      ok: false,
      reason: 'unknown_key',
      claims,
    });
  });

  it.each(['', 'hello', 'a.b', 'a.b.c', '....', 'x'.repeat(5000), 'eyJhbGciOiJub25lIn0.e30.'])(
    'calls %j malformed',
    async (input) => {
      expect(peekTicketCode(input)).toBeNull();
      expect(await verifyTicketCode(input, () => undefined)).toEqual({ ok: false, reason: 'malformed' });
    },
  );
});
