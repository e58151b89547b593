import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadCloudConfig } from '../../src/cloud/config.ts';
import { type RunningCloud, startCloud } from '../../src/cloud/server.ts';
import { CloudApi } from '../../src/demo/api-client.ts';
import { createLogger, type Logger } from '../../src/shared/logger.ts';

export interface TestCloud extends RunningCloud {
  api: CloudApi;
  dataDir: string;
}

/**
 * An in-process cloud on a free loopback port: embedded PGlite in a fresh temp dir,
 * or a fresh database on the real Postgres server the global setup started.
 */
export async function startTestCloud(
  options: {
    engine?: 'pglite' | 'postgres';
    /** Config flags over the defaults, e.g. low rate limits for the rate-limit tests. */
    flags?: Record<string, unknown>;
    /** Environment as the CLI would pass it, e.g. Stripe keys. */
    env?: NodeJS.ProcessEnv;
    /** Share this database (several cloud instances of one deployment). */
    databaseUrl?: string;
    redisUrl?: string;
    redisPrefix?: string;
    /** The cloud's logger (silent by default), e.g. one that keeps lines for a test to read. */
    logger?: Logger;
    /** Receives the cloud's log lines (JSON, info and up); silent without it. */
    log?: (line: string) => void;
  } = {},
): Promise<TestCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-cloud-'));
  const databaseUrl =
    options.databaseUrl ?? (options.engine === 'postgres' ? await createTestDatabase() : undefined);
  if (!databaseUrl) seedPglite(dataDir);
  // Every test request comes from 127.0.0.1: only the rate-limit tests want the real limits.
  const config = loadCloudConfig(
    {
      port: 0,
      dataDir,
      databaseUrl,
      redisUrl: options.redisUrl,
      redisKeyPrefix: options.redisPrefix,
      logLevel: 'silent',
      rateLimitPerMinute: 1_000_000,
      userRateLimitPerMinute: 1_000_000,
      loginFailuresPerIp: 1_000_000,
      accountMailPerIpPerHour: 1_000_000,
      ...options.flags,
    },
    options.env ?? {},
  );
  const logger =
    options.logger ??
    (options.log
      ? createLogger({ level: 'info', json: true, write: options.log })
      : createLogger({ level: 'silent' }));
  const cloud = await startCloud(config, logger);
  return {
    ...cloud,
    api: new CloudApi(cloud.url),
    dataDir,
    async close() {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `dataDir` from the global setup's migrated, empty PGlite cluster (a copy, so
 * tests never share one): the cloud then opens it and applies no migration, instead of
 * spending seconds in initdb. Tests about a cloud's first start spawn `tixmo cloud`
 * on an empty dir instead.
 */
export function seedPglite(dataDir: string): void {
  cpSync(inject('pgliteTemplate'), join(dataDir, 'pgdata'), { recursive: true });
}

let dbCounter = 0;

/** A new empty database on the test Postgres server. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  if (!adminUrl)
    throw new Error('no test Postgres server: the global setup could not start one (see its message)');
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const name = `tixmo_test_${process.pid}_${Date.now()}_${dbCounter++}`;
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function postgresAvailable(): boolean {
  return Boolean(inject('postgresUrl'));
}
