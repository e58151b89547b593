import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import type { CloudConfig } from '../config.ts';
import type { AppBindings, CloudDeps } from '../context.ts';
import type { RateLimits, SlidingWindowLimiter, Verdict } from './limiter.ts';

const MINUTE = 60_000;
export const LOGIN_WINDOW_MS = 15 * MINUTE;

/** Every limit the cloud keeps, made once at start from the config. */
export interface CloudLimiters {
  ip: SlidingWindowLimiter;
  user: SlidingWindowLimiter;
  loginAccount: SlidingWindowLimiter;
  loginIp: SlidingWindowLimiter;
  node: SlidingWindowLimiter;
  apiKey: SlidingWindowLimiter;
  /** Password-reset and verification requests per client address. */
  accountMailIp: SlidingWindowLimiter;
  /** Account mails per address or account (whoever asks). */
  accountMailAddress: SlidingWindowLimiter;
  /** Test notifications per account. */
  testNotifications: SlidingWindowLimiter;
  /** Messages to ticket holders per organization. */
  organizerMessages: SlidingWindowLimiter;
}

const HOUR = 60 * MINUTE;
/** Account mails (reset, verification) one address or account may cause per hour. */
export const ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR = 3;
export const TEST_NOTIFICATIONS_PER_HOUR = 5;

export function createLimiters(limits: RateLimits, config: CloudConfig): CloudLimiters {
  return {
    ip: limits.sliding('ip', config.rateLimitPerMinute, MINUTE),
    user: limits.sliding('user', config.userRateLimitPerMinute, MINUTE),
    loginAccount: limits.sliding('login-email', config.loginFailuresPerAccount, LOGIN_WINDOW_MS),
    loginIp: limits.sliding('login-ip', config.loginFailuresPerIp, LOGIN_WINDOW_MS),
    node: limits.sliding('node', config.syncRateLimitPerMinute, MINUTE),
    apiKey: limits.sliding('apikey', config.apiKeyRateLimitPerMinute, MINUTE),
    accountMailIp: limits.sliding('account-mail-ip', config.accountMailPerIpPerHour, HOUR),
    accountMailAddress: limits.sliding('account-mail-address', ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR, HOUR),
    testNotifications: limits.sliding('notify-test', TEST_NOTIFICATIONS_PER_HOUR, HOUR),
    organizerMessages: limits.sliding('org-messages', config.organizerMessagesPerHour, HOUR),
  };
}

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

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Counts one request against `key`; over the limit it is a 429 that says when to come back. */
async function spend(c: Context<AppBindings>, limiter: SlidingWindowLimiter, key: string): Promise<void> {
  const verdict = await limiter.reserve(key, c.var.deps.now().getTime());
  c.header('RateLimit-Limit', String(verdict.limit));
  c.header('RateLimit-Remaining', String(verdict.remaining));
  if (!verdict.allowed) {
    const retry = seconds(verdict.retryAfterMs);
    c.header('RateLimit-Reset', String(retry));
    c.header('Retry-After', String(retry));
    throw new AppError(
      'RATE_LIMITED',
      `too many requests: at most ${verdict.limit} per minute; retry in ${retry}s`,
    );
  }
}

/** API-key requests count against the key (not its creator): one busy integration cannot starve the others. */
export function limitApiKey(c: Context<AppBindings>, keyId: string): Promise<void> {
  return spend(c, c.var.deps.limiters.apiKey, keyId);
}

/**
 * The node-token routes (src/cloud/sync/sync.routes.ts, each behind
 * requireNodeWithinBudget) spend the node's own budget (`limitNode`) instead of the
 * public per-IP one, so the edges of a venue behind one NAT address never crowd each
 * other (or the box office) out. A route missing here is simply limited by IP as well.
 */
const nodeRoutes = new Set(
  ['manifest', 'scans', 'wait', 'heartbeat', 'admissions'].map((r) => `/api/v1/sync/${r}`),
);

/** Every other API request counts against its IP. */
export const limitByIp = createMiddleware<AppBindings>(async (c, next) => {
  if (!nodeRoutes.has(c.req.path)) await spend(c, c.var.deps.limiters.ip, `${clientIp(c)}`);
  await next();
});

/** A node-token request whose token is refused still counts against its IP (guessing tokens is not free). */
export function limitRefusedNode(c: Context<AppBindings>): Promise<void> {
  return spend(c, c.var.deps.limiters.ip, `${clientIp(c)}`);
}

/**
 * An authenticated edge node's request, counted per node and per kind of call, so a
 * backlog of uploads can never use up the budget of the manifest pull, the long-poll
 * or the heartbeat.
 */
export function limitNode(c: Context<AppBindings>, nodeId: string, kind: string): Promise<void> {
  return spend(c, c.var.deps.limiters.node, `${nodeId}:${kind}`);
}

/** Signed-in requests also count against the account, wherever they come from. */
export async function limitUser(c: Context<AppBindings>, userId: string): Promise<void> {
  await spend(c, c.var.deps.limiters.user, userId);
}

/** A login attempt's reserved places in the failure counters (see reserveLoginAttempt). */
export interface LoginAttempt {
  release(): Promise<void>;
}

/**
 * Password guessing: every login attempt first reserves a place among the failures
 * allowed per account and per IP in a sliding 15 minutes — atomically, before the
 * slow password hash — so however many attempts arrive at once, at most the limit of
 * them are ever checked; the rest are refused with 429, even with the right password,
 * and a guesser learns nothing. A failed attempt keeps its place; a successful one
 * gives it back (`release`), so a user who logs in often is never locked out by it.
 */
export async function reserveLoginAttempt(deps: CloudDeps, email: string, ip: string): Promise<LoginAttempt> {
  const now = deps.now().getTime();
  const { loginAccount, loginIp } = deps.limiters;
  const [byEmail, byIp] = await Promise.all([loginAccount.reserve(email, now), loginIp.reserve(ip, now)]);
  const release = async () => {
    await Promise.all([
      byEmail.allowed && loginAccount.release(byEmail.slot),
      byIp.allowed && loginIp.release(byIp.slot),
    ]);
  };
  if (!byEmail.allowed || !byIp.allowed) {
    await release();
    const waitMs = Math.max(refusedFor(byEmail), refusedFor(byIp));
    throw new AppError(
      'RATE_LIMITED',
      `too many failed logins: try again in ${Math.ceil(waitMs / MINUTE)} minutes`,
    );
  }
  return { release };
}

const refusedFor = (v: Verdict) => (v.allowed ? 0 : v.retryAfterMs);
