import { verify } from 'node:crypto';
import { type CodeCheck, peekTicketCode } from '../shared/ticket-claims.ts';
import type { KeyRing } from './keyring.ts';

/**
 * The gate's signature check, synchronous: node's Ed25519 verify takes tens of
 * microseconds on the main thread, where WebCrypto's async verify hops to the thread
 * pool and back (milliseconds at p99 when the loop is busy with fsyncs). Being
 * synchronous also means a read goes from bytes to verdict without yielding, so all
 * lanes' reads of one loop turn land in the same group commit. Same answers as
 * verifyTicketCode in src/shared/ticket-code.ts (tested against it), without loading jose.
 */
export function checkTicketCode(code: string, keyring: KeyRing): CodeCheck {
  const peeked = peekTicketCode(code);
  if (!peeked) return { ok: false, reason: 'malformed' };
  const key = keyring.get(peeked.kid);
  if (!key) return { ok: false, reason: 'unknown_key', claims: peeked.claims };
  const lastDot = code.lastIndexOf('.');
  const signature = Buffer.from(code.slice(lastDot + 1), 'base64url');
  const ok = verify(null, Buffer.from(code.slice(0, lastDot), 'latin1'), key.keyObject, signature);
  return ok
    ? { ok: true, claims: peeked.claims, kid: peeked.kid }
    : { ok: false, reason: 'bad_signature', claims: peeked.claims };
}
