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
  redisPrefix: z.string().min(1).max(64).default('tixmo:'),
  /** HS256 secret for access tokens; made once and kept in the data dir when not given. */
  jwtSecret: z.string().min(32).optional(),
  holdMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  accessTokenMinutes: z.coerce.number().int().min(1).default(15),
  refreshTokenDays: z.coerce.number().int().min(1).default(30),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** A node silent, or with a manifest older, than this is listed as lagging in sync status. */
  syncLagSeconds: z.coerce.number().int().min(1).default(60),
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
    redisPrefix: flags.redisPrefix ?? (env.REDIS_PREFIX || undefined),
    jwtSecret: env.TIXMO_JWT_SECRET || undefined,
    holdMinutes: flags.holdMinutes ?? env.TIXMO_HOLD_MINUTES,
    logLevel: flags.logLevel ?? env.LOG_LEVEL,
    syncLagSeconds: flags.syncLagSeconds ?? env.TIXMO_SYNC_LAG_SECONDS,
  });
  if (!parsed.success) throw new ConfigError(`cloud config: ${describeZodError(parsed.error)}`);
  const config = parsed.data;
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
