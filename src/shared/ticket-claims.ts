import { z } from 'zod';

/**
 * Ticket codes (docs/architecture.md §4): a compact JWS, EdDSA over Ed25519, signed by the
 * event's key. The gate verifies it offline with the event's public key from the
 * manifest, so a ticket sold a second ago is valid before any sync.
 * Claims are one letter each to keep the QR small. This module is the part the gate
 * needs (no jose: signing and WebCrypto live in ticket-code.ts, which the edge never loads).
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
