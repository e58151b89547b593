import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The MAC half of a mailed link's token (`<row id>.<MAC>`): computed from the JWT secret
 * and the row id, so the database never holds a usable token. Kept free of database
 * code so the mail thread can render links with it.
 */
export type TokenPurpose = 'verify' | 'reset';

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify: 7 * 86_400_000,
  // Short: a reset link sits in a mailbox that may be read by others later.
  reset: 30 * 60_000,
};

const keys = new Map<string, Buffer>();

/** A key of its own for mailed links, derived from the JWT secret (which instances already share). */
function tokenKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('tixmo mailed-link tokens v1').digest();
    keys.set(secret, key);
  }
  return key;
}

function mac(secret: string, purpose: TokenPurpose, id: string): string {
  return createHmac('sha256', tokenKey(secret)).update(`${purpose}:${id}`).digest('base64url');
}

/** The token mailed for a token row: computed again at send time, never stored. */
export function tokenFor(secret: string, purpose: TokenPurpose, id: string): string {
  return `${id}.${mac(secret, purpose, id)}`;
}

/** The row id a token names, if its MAC is right (compared in constant time). */
export function tokenRowId(secret: string, purpose: TokenPurpose, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, purpose, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
