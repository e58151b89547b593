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
import { z } from 'zod';

/**
 * Ticket codes (DESIGN.md §4): a compact JWS, EdDSA over Ed25519, signed by the
 * event's key. The gate verifies it offline with the event's public key from the
 * manifest, so a ticket sold a second ago is valid before any sync.
 * Claims are one letter each to keep the QR small.
 */
export const ticketClaimsSchema = z.object({
  t: z.string().min(1).max(64), // ticket id
  e: z.string().min(1).max(64), // event id
  r: z.string().min(1).max(64), // tier id
  v: z.number().int().min(1), // secret version: bumped on re-issue; lower than the manifest's = revoked
  nbf: z.number().int().optional(), // valid from (unix seconds)
  exp: z.number().int().optional(), // valid until (unix seconds)
});
export type TicketClaims = z.infer<typeof ticketClaimsSchema>;

export const TICKET_CODE_ALG = 'EdDSA';

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

export type CodeCheck =
  | { ok: true; claims: TicketClaims; kid: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'unknown_key'; claims?: TicketClaims };

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Reads header and claims without trusting them (to pick a key, or to explain a rejection). */
export function peekTicketCode(code: string): { kid: string; claims: TicketClaims } | null {
  if (code.length > 2048 || !compactJws.test(code)) return null;
  try {
    const [h, p] = code.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')) as {
      alg?: unknown;
      kid?: unknown;
    };
    if (header.alg !== TICKET_CODE_ALG || typeof header.kid !== 'string') return null;
    const claims = ticketClaimsSchema.safeParse(JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')));
    return claims.success ? { kid: header.kid, claims: claims.data } : null;
  } catch {
    return null;
  }
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
