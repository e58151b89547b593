import { and, eq, gt, isNull } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDb } from '../db/client.ts';
import { emailTokens } from '../db/schema.ts';
import { TOKEN_LIFETIME_MS, type TokenPurpose, tokenRowId } from './email/token-mac.ts';

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
  const id = tokenRowId(secret, purpose, token);
  if (!id) return null;
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
