import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, perDatabase } from '../db/client.ts';
import { users } from '../db/schema.ts';

/**
 * How long "this account still exists" is believed. An access token outlives the
 * account it names (it is checked by signature alone), so every signed-in request also
 * asks whether the account was deleted: once per account per this period from the
 * database, in between from memory. Deleting an account on this instance takes effect
 * at once; on another cloud instance within this period.
 */
export const LIVE_ACCOUNT_TTL_MS = 10_000;
const MAX_ENTRIES = 100_000;

interface Entry {
  live: Promise<boolean>;
  until: number;
}
const cacheOf = perDatabase<Entry>();

async function isLive(db: CloudDb, userId: string): Promise<boolean> {
  const [row] = await db.select({ deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  return row !== undefined && row.deletedAt === null;
}

/** Throws UNAUTHORIZED when the token's account was deleted (or never existed here). */
export async function assertLiveAccount(deps: CloudDeps, userId: string): Promise<void> {
  const cache = cacheOf(deps.db);
  const now = performance.now();
  let entry = cache.get(userId);
  if (!entry || entry.until <= now) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const live = isLive(deps.db, userId).catch((err) => {
      cache.delete(userId);
      throw err;
    });
    entry = { live, until: now + LIVE_ACCOUNT_TTL_MS };
    cache.set(userId, entry);
  }
  if (!(await entry.live)) throw new AppError('UNAUTHORIZED', 'account no longer exists');
}

/** Called after an account is deleted: its tokens stop working on this instance at once. */
export function forgetAccount(db: CloudDb, userId: string): void {
  cacheOf(db).set(userId, { live: Promise.resolve(false), until: Number.POSITIVE_INFINITY });
}
