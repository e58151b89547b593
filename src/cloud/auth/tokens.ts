import { and, eq, isNull } from 'drizzle-orm';
import { jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../shared/errors.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { sha256 } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { refreshTokens } from '../db/schema.ts';
import { forgetSessions } from './live-accounts.ts';

const ISSUER = 'tixmo';
const AUDIENCE = 'tixmo-api';
const keyCache = new Map<string, Uint8Array>();

function hmacKey(secret: string): Uint8Array {
  let key = keyCache.get(secret);
  if (!key) {
    key = new TextEncoder().encode(secret);
    keyCache.set(secret, key);
  }
  return key;
}

/**
 * `sid` names the session (the refresh-token family) the token was issued in, so ending
 * the session ends its access tokens too (live-accounts.ts). Tokens without one (made
 * by hand in tools and tests) are checked by signature and account only.
 */
export async function signAccessToken(deps: CloudDeps, userId: string, sessionId?: string): Promise<string> {
  const now = Math.floor(deps.now().getTime() / 1000);
  return new SignJWT(sessionId ? { sid: sessionId } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + deps.config.accessTokenMinutes * 60)
    .sign(hmacKey(deps.config.jwtSecret));
}

/**
 * Tokens jose has already verified, per signing secret: token → subject, session and expiry.
 * A signed-in buyer sends the same token with every request for its 15 minutes, and
 * HMAC verification through WebCrypto costs more than the rest of the auth check; the
 * verdict for a given token and secret never changes, only its expiry, which is checked
 * on every use. Only tokens that verified get in, so a forged one costs a full check.
 */
export interface AccessClaims {
  userId: string;
  sessionId: string | null;
}
const verified = new Map<string, Map<string, AccessClaims & { exp: number }>>();
const MAX_VERIFIED = 50_000;

function verifiedFor(secret: string) {
  let map = verified.get(secret);
  if (!map) {
    map = new Map();
    verified.set(secret, map);
  }
  return map;
}

const unauthorized = (expired: boolean) =>
  new AppError('UNAUTHORIZED', expired ? 'access token expired: refresh it' : 'invalid access token');

/** Returns the user and session, or throws UNAUTHORIZED saying why (never echoing the token). */
export async function verifyAccessToken(deps: CloudDeps, token: string): Promise<AccessClaims> {
  const cache = verifiedFor(deps.config.jwtSecret);
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const known = cache.get(token);
  if (known) {
    if (known.exp > nowSeconds) return known;
    cache.delete(token);
    throw unauthorized(true);
  }
  try {
    const { payload } = await jwtVerify(token, hmacKey(deps.config.jwtSecret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: deps.now(),
    });
    if (!payload.sub || typeof payload.exp !== 'number') throw new Error('no subject or expiry');
    const claims = {
      userId: payload.sub,
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      exp: payload.exp,
    };
    if (cache.size >= MAX_VERIFIED) cache.delete(cache.keys().next().value as string);
    cache.set(token, claims);
    return claims;
  } catch (err) {
    throw unauthorized(err instanceof Error && 'code' in err && err.code === 'ERR_JWT_EXPIRED');
  }
}

/** Opaque refresh token, stored hashed; rotation keeps the family id. */
export async function issueRefreshToken(
  deps: CloudDeps,
  userId: string,
  familyId: string = newId(),
  db = deps.db,
): Promise<string> {
  const token = `rt_${newSecret()}`;
  await db.insert(refreshTokens).values({
    id: newId(),
    userId,
    tokenHash: sha256(token),
    familyId,
    expiresAt: new Date(deps.now().getTime() + deps.config.refreshTokenDays * 86_400_000),
  });
  return token;
}

/**
 * Rotates a refresh token. Presenting one that was already rotated means it leaked:
 * the whole family is revoked and the caller must log in again.
 */
export async function rotateRefreshToken(
  deps: CloudDeps,
  token: string,
): Promise<{ userId: string; sessionId: string; refreshToken: string }> {
  type Outcome = { userId: string; sessionId: string; refreshToken: string } | { reused: string };
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)))
      .for('update');
    if (!row) throw new AppError('UNAUTHORIZED', 'invalid refresh token');
    const now = deps.now();
    if (row.revokedAt) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      // Throwing here would roll the revocation back: commit it, then refuse.
      return { reused: row.familyId };
    }
    if (row.expiresAt <= now) throw new AppError('UNAUTHORIZED', 'refresh token expired; log in again');
    await tx.update(refreshTokens).set({ revokedAt: now }).where(eq(refreshTokens.id, row.id));
    const refreshToken = await issueRefreshToken(
      deps,
      row.userId,
      row.familyId,
      tx as unknown as typeof deps.db,
    );
    return { userId: row.userId, sessionId: row.familyId, refreshToken };
  });
  if ('reused' in outcome) {
    forgetSessions(deps.db, [outcome.reused]);
    throw new AppError('UNAUTHORIZED', 'refresh token was already used; log in again');
  }
  return outcome;
}

/**
 * Revokes the family of a refresh token, which ends its session: the access tokens
 * issued in it stop working too. An unknown token is ignored so logout is idempotent.
 */
export async function revokeRefreshFamily(deps: CloudDeps, token: string): Promise<void> {
  const [row] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256(token)))
    .limit(1);
  if (!row) return;
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: deps.now() })
    .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
  forgetSessions(deps.db, [row.familyId]);
}

/** Ends every session of an account (password change): refresh tokens and access tokens alike. */
export async function revokeAllSessions(deps: CloudDeps, userId: string): Promise<void> {
  const ended = await deps.db
    .update(refreshTokens)
    .set({ revokedAt: deps.now() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .returning({ familyId: refreshTokens.familyId });
  forgetSessions(
    deps.db,
    ended.map((r) => r.familyId),
  );
}
