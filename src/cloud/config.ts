import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, describeZodError } from '../shared/errors.ts';
import { newSecret } from '../shared/ids.ts';

const cloudConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./.tixmo/cloud'),
  databaseUrl: z.string().url().optional(),
  redisUrl: z.string().url().optional(),
  /** Prefix of this deployment's Redis keys and channels (several deployments may share one Redis). */
  /** HS256 secret for access tokens; made once and kept in the data dir when not given. */
  jwtSecret: z.string().min(32).optional(),
  holdMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Postgres connections the cloud keeps open; more than ~4 per core only adds lock contention. */
  dbPoolSize: z.coerce.number().int().min(1).max(500).default(20),
  /** Requests per minute from one IP address, and from one signed-in account. */
  rateLimitPerMinute: z.coerce.number().int().min(1).default(1200),
  userRateLimitPerMinute: z.coerce.number().int().min(1).default(600),
  /** Failed logins in 15 minutes after which logins are refused, per account and per IP. */
  loginFailuresPerAccount: z.coerce.number().int().min(1).default(10),
  loginFailuresPerIp: z.coerce.number().int().min(1).default(100),
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For. */
  trustProxy: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  /** Emails of the platform's operators; each acts as OWNER of every organization. */
  platformAdmins: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Prefix of every Redis key this cloud writes (several deployments may share a Redis). */
  redisKeyPrefix: z.string().default('tixmo:'),
  accessTokenMinutes: z.coerce.number().int().min(1).default(15),
  refreshTokenDays: z.coerce.number().int().min(1).default(30),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Card payments through Stripe when both are set; otherwise only box-office confirmation. */
  stripeSecretKey: z
    .string()
    .regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_… or rk_…)')
    .optional(),
  stripeWebhookSecret: z
    .string()
    .regex(/^whsec_/, 'must be a Stripe webhook signing secret (whsec_…)')
    .optional(),
  /** Seconds a webhook's signature timestamp may be old (replay protection). */
  stripeWebhookToleranceSeconds: z.coerce.number().int().min(1).max(3600).default(300),
  /** A node silent, or with a manifest older, than this is listed as lagging in sync status. */
  syncLagSeconds: z.coerce.number().int().min(1).default(60),
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
      'base URL that links in mails point to (tickets, address verification, password reset); default: the cloud’s own URL',
    ),
  outboxPollMs: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(1000)
    .describe('how often each instance looks for messages to deliver when it is idle'),
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
  reminderHours: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(24)
    .describe('how long before doors open ticket holders get their reminder (0 = no reminders)'),
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
});

export type CloudConfig = z.infer<typeof cloudConfigSchema> & { jwtSecret: string };

/**
 * Read once at start from flags (which win) and the environment, validated, then passed
 * in. `env` and `flags` are parameters so nothing below reads process.env.
 */
export function loadCloudConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): CloudConfig {
  const parsed = cloudConfigSchema.safeParse({
    port: flags.port ?? env.PORT,
    host: flags.host ?? env.HOST,
    dataDir: flags.dataDir ?? env.TIXMO_DATA_DIR,
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || undefined),
    redisUrl: flags.redisUrl ?? (env.REDIS_URL || undefined),
    jwtSecret: env.TIXMO_JWT_SECRET || undefined,
    holdMinutes: flags.holdMinutes ?? env.TIXMO_HOLD_MINUTES,
    dbPoolSize: flags.dbPoolSize ?? env.TIXMO_DB_POOL_SIZE,
    rateLimitPerMinute: flags.rateLimitPerMinute ?? env.TIXMO_RATE_LIMIT_PER_MINUTE,
    userRateLimitPerMinute: flags.userRateLimitPerMinute ?? env.TIXMO_USER_RATE_LIMIT_PER_MINUTE,
    loginFailuresPerAccount: flags.loginFailuresPerAccount ?? env.TIXMO_LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerIp: flags.loginFailuresPerIp ?? env.TIXMO_LOGIN_FAILURES_PER_IP,
    trustProxy: flags.trustProxy ?? (env.TIXMO_TRUST_PROXY || undefined),
    redisKeyPrefix: flags.redisKeyPrefix ?? env.TIXMO_REDIS_KEY_PREFIX,
    platformAdmins: flags.platformAdmins ?? env.TIXMO_PLATFORM_ADMINS,
    logLevel: flags.logLevel ?? env.LOG_LEVEL,
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    syncLagSeconds: flags.syncLagSeconds ?? env.TIXMO_SYNC_LAG_SECONDS,
    smtpUrl: flags.smtpUrl ?? (env.SMTP_URL || undefined),
    smtpFrom: flags.smtpFrom ?? (env.SMTP_FROM || undefined),
    smtpConnections: flags.smtpConnections ?? env.TIXMO_SMTP_CONNECTIONS,
    publicUrl: flags.publicUrl ?? (env.TIXMO_PUBLIC_URL || undefined),
    outboxPollMs: flags.outboxPollMs ?? env.TIXMO_OUTBOX_POLL_MS,
    outboxLeaseSeconds: flags.outboxLeaseSeconds ?? env.TIXMO_OUTBOX_LEASE_SECONDS,
    outboxMaxAttempts: flags.outboxMaxAttempts ?? env.TIXMO_OUTBOX_MAX_ATTEMPTS,
    outboxRetrySeconds: flags.outboxRetrySeconds ?? env.TIXMO_OUTBOX_RETRY_SECONDS,
    reminderHours: flags.reminderHours ?? env.TIXMO_REMINDER_HOURS,
    accountMailPerIpPerHour: flags.accountMailPerIpPerHour ?? env.TIXMO_ACCOUNT_MAIL_PER_IP_PER_HOUR,
    webhooksAllowPrivate: flags.webhooksAllowPrivate ?? (env.TIXMO_WEBHOOKS_ALLOW_PRIVATE || undefined),
    webhookRetrySeconds: flags.webhookRetrySeconds ?? env.TIXMO_WEBHOOK_RETRY_SECONDS,
    webhookRetryHours: flags.webhookRetryHours ?? env.TIXMO_WEBHOOK_RETRY_HOURS,
    webhookDisableHours: flags.webhookDisableHours ?? env.TIXMO_WEBHOOK_DISABLE_HOURS,
    webhookTimeoutSeconds: flags.webhookTimeoutSeconds ?? env.TIXMO_WEBHOOK_TIMEOUT_SECONDS,
  });
  if (!parsed.success) throw new ConfigError(`cloud config: ${describeZodError(parsed.error)}`);
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
  const dataDir = resolve(config.dataDir);
  return { ...config, dataDir, jwtSecret: config.jwtSecret ?? persistentSecret(dataDir) };
}

function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
