import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDb } from '../db/client.ts';
import { emailTokens } from '../db/schema.ts';

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

/** A new token row (in the caller's transaction); returns its id. */
export async function createEmailToken(
  db: CloudDb,
  userId: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<string> {
  const id = newId();
  await db.insert(emailTokens).values({
    id,
    userId,
    purpose,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
    createdAt: now,
  });
  return id;
}

/**
 * Uses a token once: checks its MAC, then marks its row used if it is unused and not
 * expired, in one conditional update (two requests with one token: one wins). Returns
 * the account, or null for anything wrong, without saying what.
 */
export async function useEmailToken(
  db: CloudDb,
  secret: string,
  purpose: TokenPurpose,
  token: string,
  now: Date,
): Promise<{ userId: string; id: string } | null> {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, purpose, id));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.id, id),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ userId: emailTokens.userId, id: emailTokens.id });
  return row ?? null;
}

/** Ends the account's other open tokens of a purpose (a used reset link voids the older ones). */
export async function voidEmailTokens(
  db: CloudDb,
  userId: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<void> {
  await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}
