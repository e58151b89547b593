import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import {
  CompactSign,
  type CryptoKey,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import {
  type CodeCheck,
  peekTicketCode,
  TICKET_CODE_ALG,
  type TicketClaims,
  ticketClaimsSchema,
} from './ticket-claims.ts';

export {
  type CodeCheck,
  peekTicketCode,
  TICKET_CODE_ALG,
  type TicketClaims,
  ticketClaimsSchema,
} from './ticket-claims.ts';

export interface EventKeyPair {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function generateEventKey(kid: string): Promise<EventKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(TICKET_CODE_ALG, {
    crv: 'Ed25519',
    extractable: true,
  });
  return { kid, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function signTicketCode(
  claims: TicketClaims,
  key: { kid: string; privateKey: CryptoKey },
): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: TICKET_CODE_ALG, kid: key.kid })
    .sign(key.privateKey);
}

/** An event's private key as node's KeyObject, for {@link signTicketCodeSync}. */
export interface SigningKey {
  kid: string;
  keyObject: KeyObject;
}

export function signingKeyFromJwk(kid: string, privateJwk: JWK): SigningKey {
  return { kid, keyObject: createPrivateKey({ key: privateJwk as JWK & { kty: string }, format: 'jwk' }) };
}

/**
 * The same compact JWS as {@link signTicketCode}, byte for byte (Ed25519 is
 * deterministic and the header is built the same way), signed synchronously with
 * node's crypto: tens of microseconds on the calling thread, where WebCrypto's async
 * sign goes to the thread pool and back. The box office signs a ticket per order on
 * its hot path.
 */
export function signTicketCodeSync(claims: TicketClaims, key: SigningKey): string {
  const header = Buffer.from(JSON.stringify({ alg: TICKET_CODE_ALG, kid: key.kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const input = `${header}.${payload}`;
  return `${input}.${sign(null, Buffer.from(input, 'latin1'), key.keyObject).toString('base64url')}`;
}

export type KeyLookup = (
  kid: string,
) => CryptoKey | Uint8Array | undefined | Promise<CryptoKey | Uint8Array | undefined>;

export async function verifyTicketCode(code: string, lookup: KeyLookup): Promise<CodeCheck> {
  const peeked = peekTicketCode(code);
  if (!peeked) return { ok: false, reason: 'malformed' };
  const key = await lookup(peeked.kid);
  if (!key) return { ok: false, reason: 'unknown_key', claims: peeked.claims };
  try {
    const { payload } = await compactVerify(code, key, { algorithms: [TICKET_CODE_ALG] });
    const claims = ticketClaimsSchema.parse(JSON.parse(decoder.decode(payload)));
    return { ok: true, claims, kid: peeked.kid };
  } catch {
    return { ok: false, reason: 'bad_signature', claims: peeked.claims };
  }
}

/** Public or private JWK of an event key, ready for signing or verifying. */
export async function importEventKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, TICKET_CODE_ALG)) as CryptoKey;
}
