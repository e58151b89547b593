import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { hashPassword } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { refreshTokens, users } from '../db/schema.ts';
import type { SlidingWindowLimiter } from '../rate-limit/limiter.ts';
import { ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR } from '../rate-limit/rate-limit.ts';
import { createEmailToken, useEmailToken, voidEmailTokens } from './email-tokens.ts';
import { enqueue } from './outbox.ts';

/** Reset mails one address can be sent per hour (more asks get the same answer and no mail). */
export const RESETS_PER_ADDRESS_PER_HOUR = ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR;

/** One attempt against a limit in an hour-long window; the one place this feature counts. */
async function overLimit(deps: CloudDeps, key: string, limiter: SlidingWindowLimiter): Promise<boolean> {
  return !(await limiter.reserve(key, deps.now().getTime())).allowed;
}

export async function limitAccountMailByIp(deps: CloudDeps, ip: string): Promise<void> {
  if (await overLimit(deps, ip, deps.limiters.accountMailIp))
    throw new AppError(
      'RATE_LIMITED',
      'too many requests for account mail from this address: try again in an hour',
    );
}

/**
 * Asks for a password-reset mail. The answer never says whether the address has an
 * account, and the work is done after answering, so neither the body nor the time tells.
 */
export function requestPasswordReset({ deps, email }: { deps: CloudDeps; email: string }): {
  message: string;
} {
  const address = email.trim().toLowerCase();
  const queue = async () => {
    if (await overLimit(deps, `reset:${address}`, deps.limiters.accountMailAddress)) return;
    const [user] = await deps.db
      .select({ id: users.id, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.email, address))
      .limit(1);
    if (!user || user.deletedAt) return;
    await deps.db.transaction(async (tx) => {
      const now = deps.now();
      const tokenId = await createEmailToken(tx, user.id, 'reset', now);
      await enqueue(tx, { kind: 'account.password_reset', userId: user.id, refId: tokenId }, now);
    });
  };
  queue().catch((err) => deps.logger.warn('password reset not queued', { err }));
  return { message: 'if an account has this address, a reset link is on its way; it works for 30 minutes' };
}

const badToken = () => new AppError('BAD_REQUEST', 'token: is invalid, used or expired; ask for a new link');

/**
 * Sets a new password with a mailed reset token: the token works once, the account's
 * other reset links die with it, and every session (refresh token) of the account ends.
 */
export async function confirmPasswordReset({
  deps,
  token,
  newPassword,
}: {
  deps: CloudDeps;
  token: string;
  newPassword: string;
}): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  const done = await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const used = await useEmailToken(tx, deps.config.jwtSecret, 'reset', token, now);
    if (!used) return false;
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, used.userId), isNull(users.deletedAt)))
      .returning({ id: users.id });
    if (!user) return false;
    await voidEmailTokens(tx, user.id, 'reset', now);
    await tx
      .update(refreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)));
    return true;
  });
  if (!done) throw badToken();
}

/** Proves the address with the token from the welcome (or a later verification) mail. */
export async function verifyEmail({ deps, token }: { deps: CloudDeps; token: string }) {
  const verified = await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const used = await useEmailToken(tx, deps.config.jwtSecret, 'verify', token, now);
    if (!used) return null;
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, used.userId), isNull(users.deletedAt)))
      .returning({ id: users.id, email: users.email });
    if (user) await voidEmailTokens(tx, user.id, 'verify', now);
    return user ?? null;
  });
  if (!verified) throw badToken();
  return { email: verified.email, emailVerified: true as const };
}

/** A new verification mail for the signed-in account, unless its address is proven already. */
export async function resendVerification({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const [user] = await deps.db
    .select({ emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError('UNAUTHORIZED', 'account no longer exists');
  if (user.emailVerifiedAt) throw new AppError('CONFLICT', 'this address is verified already');
  if (await overLimit(deps, `verify:${userId}`, deps.limiters.accountMailAddress))
    throw new AppError(
      'RATE_LIMITED',
      'a verification mail was sent several times this hour: check your inbox',
    );
  await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const tokenId = await createEmailToken(tx, userId, 'verify', now);
    await enqueue(tx, { kind: 'account.verify_requested', userId, refId: tokenId }, now);
  });
  return { message: 'a new verification link is on its way' };
}
