import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, describeZodError } from '../shared/errors.ts';
import { newSecret } from '../shared/ids.ts';
import { securePrivateDir } from '../shared/private-dir.ts';

const cloudConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./.tixmo/cloud'),
  databaseUrl: z.string().url().optional(),
  redisUrl: z.string().url().optional(),
  /** Prefix of this deployment's Redis keys and channels (several deployments may share one Redis). */
  /** HS256 secret for access tokens; made once and kept in the data dir when not given. */
  jwtSecret: z.string().min(32).optional(),
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
    .default(15),
  /** Postgres connections the cloud keeps open; more than ~4 per core only adds lock contention. */
  dbPoolSize: z.coerce.number().int().min(1).max(500).default(20),
  /** Requests per minute from one IP address, and from one signed-in account. */
  rateLimitPerMinute: z.coerce.number().int().min(1).default(1200),
  userRateLimitPerMinute: z.coerce.number().int().min(1).default(600),
  apiKeyRateLimitPerMinute: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe('requests per minute one API key may make (TIXMO_API_KEY_RATE_LIMIT_PER_MINUTE)'),
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
});

export type CloudConfig = z.infer<typeof cloudConfigSchema> & { jwtSecret: string; keyEncryptionKey: string };

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
    keyEncryptionKey: env.TIXMO_KEY_ENCRYPTION_KEY || undefined,
    previousKeyEncryptionKey: env.TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY || undefined,
    holdMinutes: flags.holdMinutes ?? env.TIXMO_HOLD_MINUTES,
    dbPoolSize: flags.dbPoolSize ?? env.TIXMO_DB_POOL_SIZE,
    rateLimitPerMinute: flags.rateLimitPerMinute ?? env.TIXMO_RATE_LIMIT_PER_MINUTE,
    userRateLimitPerMinute: flags.userRateLimitPerMinute ?? env.TIXMO_USER_RATE_LIMIT_PER_MINUTE,
    apiKeyRateLimitPerMinute: flags.apiKeyRateLimitPerMinute ?? env.TIXMO_API_KEY_RATE_LIMIT_PER_MINUTE,
    loginFailuresPerAccount: flags.loginFailuresPerAccount ?? env.TIXMO_LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerIp: flags.loginFailuresPerIp ?? env.TIXMO_LOGIN_FAILURES_PER_IP,
    trustProxy: flags.trustProxy ?? (env.TIXMO_TRUST_PROXY || undefined),
    redisKeyPrefix: flags.redisKeyPrefix ?? env.TIXMO_REDIS_KEY_PREFIX,
    platformAdmins: flags.platformAdmins ?? env.TIXMO_PLATFORM_ADMINS,
    logLevel: flags.logLevel ?? env.LOG_LEVEL,
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    syncLagSeconds: flags.syncLagSeconds ?? env.TIXMO_SYNC_LAG_SECONDS,
  });
  if (!parsed.success) throw new ConfigError(`cloud config: ${describeZodError(parsed.error)}`);
  const config = parsed.data;
  if (Boolean(config.stripeSecretKey) !== Boolean(config.stripeWebhookSecret)) {
    throw new ConfigError(
      'cloud config: set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for card payments, or neither',
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
