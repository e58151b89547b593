import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { misspeltVariables } from '../shared/config-keys.ts';
import { ConfigError } from '../shared/errors.ts';
import { newSecret } from '../shared/ids.ts';
import { securePrivateDir } from '../shared/private-dir.ts';

export const cloudConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000).describe('port to listen on'),
  host: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('address to bind; 0.0.0.0 behind a proxy or in a container'),
  dataDir: z
    .string()
    .min(1)
    .default('./.tixmo/cloud')
    .describe('embedded PGlite files and the generated JWT secret'),
  databaseUrl: z.string().url().optional().describe('a Postgres server instead of embedded PGlite'),
  redisUrl: z
    .string()
    .url()
    .optional()
    .describe('Redis shared by cloud instances: rate-limit counters and manifest wake-ups (else in memory)'),
  jwtSecret: z
    .string()
    .min(32)
    .optional()
    .describe(
      'HS256 secret for access tokens, ≥ 32 characters; made once and kept in the data dir when not given — set it when several instances share a database',
    ),
  keyEncryptionKey: z
    .string()
    .min(32)
    .optional()
    .describe(
      "key-encryption key that seals the events' ticket-signing keys in the database (TIXMO_KEY_ENCRYPTION_KEY); made once and kept in the data dir when not given; every instance of a deployment needs the same one",
    ),
  previousKeyEncryptionKey: z
    .string()
    .min(32)
    .optional()
    .describe(
      'the key-encryption key being replaced (TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY): keys sealed with it are sealed again with the new one at start',
    ),
  holdMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15)
    .describe('how long a pending order (or a waitlist offer) holds its tickets'),
  dbPoolSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(20)
    // More than ~4 per core only adds lock contention.
    .describe('Postgres connections the cloud keeps open'),
  ordersInFlightPerTier: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(2)
    .describe(
      "one-tier orders of the same tier this instance sends to Postgres at once; the rest queue here (an on-sale's buyers all lock the tier's row, and Postgres burns CPU on every backend queued behind it)",
    ),
  rateLimitPerMinute: z.coerce
    .number()
    .int()
    .min(1)
    .default(1200)
    .describe('requests per minute from one IP address, then 429 with Retry-After'),
  userRateLimitPerMinute: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe('requests per minute from one signed-in account'),
  loginFailuresPerAccount: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe("failed logins in 15 minutes before that account's logins are refused"),
  loginFailuresPerIp: z.coerce
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('failed logins in 15 minutes before logins from that IP are refused'),
  syncRateLimitPerMinute: z.coerce
    .number()
    .int()
    .min(1)
    .default(6000)
    .describe(
      'requests per minute from one edge node, counted per kind of sync call (upload, manifest pull, long-poll, heartbeat); node-token routes never count against the per-IP limit',
    ),
  webhooksAllowPrivate: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false)
    .describe(
      'let webhook endpoints target loopback, private and link-local addresses (development and tests only: it lets organizations reach the cloud’s own network)',
    ),
  webhookRetrySeconds: z.coerce
    .number()
    .min(0.1)
    .max(3600)
    .default(30)
    .describe('wait before a webhook’s first retry; each later retry waits twice as long (at most 8 hours)'),
  webhookRetryHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(72)
    .describe('how long a webhook delivery is retried before it is marked failed'),
  webhookDisableHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(72)
    .describe(
      'an endpoint whose deliveries all failed for this long is disabled and its organization’s owners are mailed',
    ),
  webhookTimeoutSeconds: z.coerce
    .number()
    .min(0.1)
    .max(60)
    .default(10)
    .describe('how long a webhook endpoint has to answer before the attempt counts as failed'),
  apiKeyRateLimitPerMinute: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe('requests per minute one API key may make (each key counts on its own)'),
  trustProxy: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1')
    .describe('true behind a reverse proxy: the client IP comes from X-Forwarded-For'),
  platformAdmins: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .describe(
      'comma-separated emails of platform operators: each acts as OWNER of every organization (set at each start)',
    ),
  redisKeyPrefix: z
    .string()
    .default('tixmo:')
    .describe('prefix of every Redis key this cloud writes, when deployments share a Redis'),
  accessTokenMinutes: z.coerce.number().int().min(1).default(15).describe('lifetime of an access token'),
  refreshTokenDays: z.coerce.number().int().min(1).default(30).describe('lifetime of a refresh token'),
  logLevel: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'])
    .default('info')
    .describe('debug, info, warn, error or silent'),
  stripeSecretKey: z
    .string()
    .regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_… or rk_…)')
    .optional()
    .describe(
      'card payments through Stripe (with the webhook secret); without both, box-office confirmation only',
    ),
  stripeWebhookSecret: z
    .string()
    .regex(/^whsec_/, 'must be a Stripe webhook signing secret (whsec_…)')
    .optional()
    .describe('whsec_… of the webhook endpoint /api/v1/payments/webhook'),
  stripeWebhookToleranceSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(300)
    .describe("how old a webhook's signature timestamp may be (replay protection)"),
  syncLagSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .default(60)
    .describe('a node silent, or with a manifest older, than this is listed as lagging in sync status'),
  metricsToken: z
    .string()
    .min(16, 'must be at least 16 characters (openssl rand -hex 16)')
    .optional()
    .describe('when set, GET /metrics needs "Authorization: Bearer <token>"; unset, /metrics is open'),
  hstsMaxAgeSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 * 365 * 86_400)
    .default(0)
    .describe(
      'Strict-Transport-Security max-age in seconds, sent when the cloud is reached only over HTTPS (directly or behind a TLS proxy); 0 = no HSTS',
    ),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587')
    .optional()
    .describe(
      'SMTP server for outgoing mail (smtp://user:pass@host:587, STARTTLS when offered; smtps:// for TLS on connect); unset: mail is written as .eml files under the data dir',
    ),
  smtpFrom: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address, e.g. "TixMo <tickets@example.com>"')
    .optional()
    .describe(
      'sender of every mail, e.g. "TixMo <tickets@example.com>"; organizations put their own name on it',
    ),
  smtpConnections: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe('SMTP connections each cloud instance keeps open for sending'),
  publicUrl: z
    .string()
    .url()
    .optional()
    .describe(
      'base URL that links in mails point to (tickets, address verification, password reset) and the server the OpenAPI document names; default: the cloud’s own URL',
    ),
  outboxPollMs: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(1000)
    .describe('how often each instance looks for messages to deliver when it is idle'),
  outboxYieldAboveRps: z.coerce
    .number()
    .int()
    .min(0)
    .default(50)
    .describe(
      'above this many API requests per second (an on-sale) the instance delivers messages in one pass every 5 s, so orders keep the CPU; 0: never yield',
    ),
  outboxLeaseSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(120)
    .describe(
      'how long an instance may take to deliver a message it claimed before another instance may send it again',
    ),
  outboxMaxAttempts: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('delivery attempts before a message is marked failed'),
  outboxRetrySeconds: z.coerce
    .number()
    .min(0.1)
    .max(3600)
    .default(30)
    .describe('wait before the first retry; each later retry waits twice as long (at most 6 hours)'),
  accountMailPerIpPerHour: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('password-reset and address-verification requests one IP may make per hour before a 429'),
  organizerMessagesPerHour: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .describe('messages to ticket holders one organization may send per hour before a 429'),
  reminderHours: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(24)
    .describe('how long before doors open ticket holders get their reminder (0 = no reminders)'),
});

type CloudSettings = z.input<typeof cloudConfigSchema>;

/**
 * Where each setting is read from: its environment variable and, for some, a `tixmo cloud`
 * flag (which wins). `--help` lists them from here and the schema's descriptions.
 */
export const cloudSettingSources = {
  port: { env: 'PORT', flag: 'port' },
  host: { env: 'HOST', flag: 'host' },
  dataDir: { env: 'TIXMO_DATA_DIR', flag: 'data-dir' },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url' },
  redisUrl: { env: 'REDIS_URL' },
  jwtSecret: { env: 'TIXMO_JWT_SECRET' },
  keyEncryptionKey: { env: 'TIXMO_KEY_ENCRYPTION_KEY' },
  previousKeyEncryptionKey: { env: 'TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY' },
  holdMinutes: { env: 'TIXMO_HOLD_MINUTES' },
  dbPoolSize: { env: 'TIXMO_DB_POOL_SIZE' },
  ordersInFlightPerTier: { env: 'TIXMO_ORDERS_IN_FLIGHT_PER_TIER' },
  rateLimitPerMinute: { env: 'TIXMO_RATE_LIMIT_PER_MINUTE' },
  userRateLimitPerMinute: { env: 'TIXMO_USER_RATE_LIMIT_PER_MINUTE' },
  apiKeyRateLimitPerMinute: { env: 'TIXMO_API_KEY_RATE_LIMIT_PER_MINUTE' },
  loginFailuresPerAccount: { env: 'TIXMO_LOGIN_FAILURES_PER_ACCOUNT' },
  loginFailuresPerIp: { env: 'TIXMO_LOGIN_FAILURES_PER_IP' },
  syncRateLimitPerMinute: { env: 'TIXMO_SYNC_RATE_LIMIT_PER_MINUTE' },
  trustProxy: { env: 'TIXMO_TRUST_PROXY' },
  platformAdmins: { env: 'TIXMO_PLATFORM_ADMINS' },
  redisKeyPrefix: { env: 'TIXMO_REDIS_KEY_PREFIX' },
  accessTokenMinutes: { env: 'TIXMO_ACCESS_TOKEN_MINUTES' },
  refreshTokenDays: { env: 'TIXMO_REFRESH_TOKEN_DAYS' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level' },
  stripeSecretKey: { env: 'STRIPE_SECRET_KEY' },
  stripeWebhookSecret: { env: 'STRIPE_WEBHOOK_SECRET' },
  stripeWebhookToleranceSeconds: { env: 'TIXMO_STRIPE_WEBHOOK_TOLERANCE_SECONDS' },
  syncLagSeconds: { env: 'TIXMO_SYNC_LAG_SECONDS' },
  metricsToken: { env: 'TIXMO_METRICS_TOKEN' },
  hstsMaxAgeSeconds: { env: 'TIXMO_HSTS_MAX_AGE' },
  smtpUrl: { env: 'SMTP_URL' },
  smtpFrom: { env: 'SMTP_FROM' },
  smtpConnections: { env: 'TIXMO_SMTP_CONNECTIONS' },
  publicUrl: { env: 'TIXMO_PUBLIC_URL' },
  outboxPollMs: { env: 'TIXMO_OUTBOX_POLL_MS' },
  outboxYieldAboveRps: { env: 'TIXMO_OUTBOX_YIELD_RPS' },
  outboxLeaseSeconds: { env: 'TIXMO_OUTBOX_LEASE_SECONDS' },
  outboxMaxAttempts: { env: 'TIXMO_OUTBOX_MAX_ATTEMPTS' },
  outboxRetrySeconds: { env: 'TIXMO_OUTBOX_RETRY_SECONDS' },
  reminderHours: { env: 'TIXMO_REMINDER_HOURS' },
  organizerMessagesPerHour: { env: 'TIXMO_ORGANIZER_MESSAGES_PER_HOUR' },
  accountMailPerIpPerHour: { env: 'TIXMO_ACCOUNT_MAIL_PER_IP_PER_HOUR' },
  webhooksAllowPrivate: { env: 'TIXMO_WEBHOOKS_ALLOW_PRIVATE' },
  webhookRetrySeconds: { env: 'TIXMO_WEBHOOK_RETRY_SECONDS' },
  webhookRetryHours: { env: 'TIXMO_WEBHOOK_RETRY_HOURS' },
  webhookDisableHours: { env: 'TIXMO_WEBHOOK_DISABLE_HOURS' },
  webhookTimeoutSeconds: { env: 'TIXMO_WEBHOOK_TIMEOUT_SECONDS' },
} satisfies Record<keyof CloudSettings, { env: string; flag?: string }>;

export type CloudConfig = z.infer<typeof cloudConfigSchema> & { jwtSecret: string; keyEncryptionKey: string };

/**
 * Read once at start from flags (which win) and the environment, validated, then passed
 * in. `env` and `flags` are parameters so nothing below reads process.env. An empty
 * variable counts as unset; a TIXMO_ variable that looks like a misspelt setting is an error.
 */
export function loadCloudConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): CloudConfig {
  const sources: Record<string, { env: string }> = cloudSettingSources;
  const misspelt = misspeltVariables(
    env,
    Object.values(sources).map((s) => s.env),
  );
  if (misspelt.length > 0) throw new ConfigError(`cloud config: ${misspelt.join('; ')}`);
  const parsed = cloudConfigSchema.safeParse(
    Object.fromEntries(
      Object.entries(sources).map(([key, source]) => [key, flags[key] ?? (env[source.env] || undefined)]),
    ),
  );
  if (!parsed.success) {
    const named = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return key in sources ? `${sources[key]!.env} (${key}): ${issue.message}` : issue.message;
    });
    throw new ConfigError(`cloud config: ${named.join('; ')}`);
  }
  const config = parsed.data;
  if (Boolean(config.stripeSecretKey) !== Boolean(config.stripeWebhookSecret)) {
    throw new ConfigError(
      'cloud config: set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for card payments, or neither',
    );
  }
  if (config.smtpUrl && !config.smtpFrom) {
    throw new ConfigError(
      'cloud config: SMTP_URL is set but SMTP_FROM is not: say which address mail comes from',
    );
  }
  if (config.previousKeyEncryptionKey && config.previousKeyEncryptionKey === config.keyEncryptionKey)
    throw new ConfigError(
      'cloud config: TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY is the same as TIXMO_KEY_ENCRYPTION_KEY: set the new key in TIXMO_KEY_ENCRYPTION_KEY',
    );
  const dataDir = resolve(config.dataDir);
  return {
    ...config,
    dataDir,
    jwtSecret: config.jwtSecret ?? persistentSecret(dataDir, 'jwt-secret'),
    keyEncryptionKey: config.keyEncryptionKey ?? persistentSecret(dataDir, 'key-encryption-key'),
  };
}

/** A secret made once and kept in the (private) data dir, for the embedded single-instance default. */
function persistentSecret(dataDir: string, name: string): string {
  securePrivateDir(dataDir);
  const file = join(dataDir, name);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length < 32)
      throw new ConfigError(`cloud config: ${file} holds less than 32 characters: restore it from a backup`);
    return kept;
  }
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
