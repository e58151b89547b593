import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, perDatabase } from '../db/client.ts';
import { refreshTokens, users } from '../db/schema.ts';

/**
 * How long "this account still exists" and "this session is still open" are believed.
 * An access token outlives what it stands for (it is checked by signature alone), so
 * every signed-in request also asks whether its account was deleted and whether its
 * session (the refresh-token family it was issued from, `sid`) was ended by logout, a
 * password change or a reused refresh token: once per account or session per this
 * period from the database, in between from memory (a map lookup on the order path).
 * An ending on this instance takes effect at once; on another instance within this period.
 */
export const LIVE_ACCOUNT_TTL_MS = 10_000;
const MAX_ENTRIES = 100_000;

interface Entry {
  live: Promise<boolean>;
  until: number;
}

function liveCache(isLive: (db: CloudDb, id: string) => Promise<boolean>) {
  const cacheOf = perDatabase<Entry>();
  return {
    async check(deps: CloudDeps, id: string): Promise<boolean> {
      const cache = cacheOf(deps.db);
      const now = deps.now().getTime();
      let entry = cache.get(id);
      if (!entry || entry.until <= now) {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        const live = isLive(deps.db, id).catch((err) => {
          cache.delete(id);
          throw err;
        });
        entry = { live, until: now + LIVE_ACCOUNT_TTL_MS };
        cache.set(id, entry);
      }
      return entry.live;
    },
    forget(db: CloudDb, id: string): void {
      cacheOf(db).set(id, { live: Promise.resolve(false), until: Number.POSITIVE_INFINITY });
    },
  };
}

const accounts = liveCache(async (db, userId) => {
  const [row] = await db.select({ deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  return row !== undefined && row.deletedAt === null;
});

/** A session is open while its refresh-token family has a token not revoked (rotation keeps exactly one). */
const sessions = liveCache(async (db, sessionId) => {
  const [row] = await db
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, sessionId), isNull(refreshTokens.revokedAt)))
    .limit(1);
  return row !== undefined;
});

/** Throws UNAUTHORIZED when the token's account was deleted (or never existed here). */
export async function assertLiveAccount(deps: CloudDeps, userId: string): Promise<void> {
  if (!(await accounts.check(deps, userId))) throw new AppError('UNAUTHORIZED', 'account no longer exists');
}

/** Throws UNAUTHORIZED when the token's session was ended. */
export async function assertLiveSession(deps: CloudDeps, sessionId: string): Promise<void> {
  if (!(await sessions.check(deps, sessionId)))
    throw new AppError('UNAUTHORIZED', 'this session has ended (logout or password change): log in again');
}

/** Called after an account is deleted: its tokens stop working on this instance at once. */
export function forgetAccount(db: CloudDb, userId: string): void {
  accounts.forget(db, userId);
}

/** Called after sessions were ended: their access tokens stop working on this instance at once. */
export function forgetSessions(db: CloudDb, sessionIds: Iterable<string>): void {
  for (const id of sessionIds) sessions.forget(db, id);
}
