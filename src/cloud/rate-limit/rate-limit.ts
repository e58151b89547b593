import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import type { AppBindings, CloudDeps } from '../context.ts';

const MINUTE = 60_000;
export const LOGIN_WINDOW_MS = 15 * MINUTE;

/** The caller's address: the socket's, or the first X-Forwarded-For hop when the cloud sits behind a trusted proxy. */
export function clientIp(c: Context<AppBindings>): string {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Counts one request against `key`; over `limit` in the window it is a 429 that says when to come back. */
async function spend(c: Context<AppBindings>, key: string, limit: number, windowMs: number): Promise<void> {
  const { deps } = c.var;
  const now = deps.now().getTime();
  const count = await deps.rateStore.hit(key, windowMs, now);
  const resetSeconds = Math.ceil(((Math.floor(now / windowMs) + 1) * windowMs - now) / 1000);
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - count)));
  c.header('RateLimit-Reset', String(resetSeconds));
  if (count > limit) {
    c.header('Retry-After', String(resetSeconds));
    throw new AppError(
      'RATE_LIMITED',
      `too many requests: at most ${limit} per minute; retry in ${resetSeconds}s`,
    );
  }
}

/** Every API request counts against its IP. */
export const limitByIp = createMiddleware<AppBindings>(async (c, next) => {
  await spend(c, `ip:${clientIp(c)}`, c.var.deps.config.rateLimitPerMinute, MINUTE);
  await next();
});

/** Signed-in requests also count against the account, wherever they come from. */
export async function limitUser(c: Context<AppBindings>, userId: string): Promise<void> {
  await spend(c, `user:${userId}`, c.var.deps.config.userRateLimitPerMinute, MINUTE);
}

/** API-key requests count against the key (not its creator): one busy integration cannot starve the others. */
export async function limitApiKey(c: Context<AppBindings>, keyId: string): Promise<void> {
  await spend(c, `apikey:${keyId}`, c.var.deps.config.apiKeyRateLimitPerMinute, MINUTE);
}

/**
 * Password guessing: failed logins are counted per account and per IP over 15 minutes.
 * Once either is over its limit every attempt is refused (even a right password) until
 * the window ends, so a guesser learns nothing.
 */
export async function checkLoginAllowed(deps: CloudDeps, email: string, ip: string): Promise<void> {
  const now = deps.now().getTime();
  const [byEmail, byIp] = await Promise.all([
    deps.rateStore.peek(`login-email:${email}`, LOGIN_WINDOW_MS, now),
    deps.rateStore.peek(`login-ip:${ip}`, LOGIN_WINDOW_MS, now),
  ]);
  if (byEmail >= deps.config.loginFailuresPerAccount || byIp >= deps.config.loginFailuresPerIp) {
    const retry = Math.ceil(((Math.floor(now / LOGIN_WINDOW_MS) + 1) * LOGIN_WINDOW_MS - now) / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `too many failed logins: try again in ${Math.ceil(retry / 60)} minutes`,
    );
  }
}

export async function recordLoginFailure(deps: CloudDeps, email: string, ip: string): Promise<void> {
  const now = deps.now().getTime();
  await Promise.all([
    deps.rateStore.hit(`login-email:${email}`, LOGIN_WINDOW_MS, now),
    deps.rateStore.hit(`login-ip:${ip}`, LOGIN_WINDOW_MS, now),
  ]);
}
