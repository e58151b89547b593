import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openCloudDatabase } from '../src/cloud/db/client.ts';
import { startPostgresServer } from './helpers/postgres-server.ts';
import { startRedisServer } from './helpers/redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    redisUrl: string | null;
    /** A migrated, empty PGlite data dir that in-process test clouds copy instead of running initdb. */
    pgliteTemplate: string;
  }
}

function missing(what: string, message: string): void {
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING the ${what} tests: ${message}`);
}

/**
 * Starts the real engines shared by all test files: one Postgres server (each test
 * makes its own database) and one Redis server (tests use their own key prefixes or db numbers).
 */
export default async function setup(project: TestProject) {
  const stops: (() => unknown)[] = [];
  // Every temp dir of this run (data dirs, pty links, the clusters below) goes under one
  // folder that is removed at the end, so test runs do not pile up in /tmp. The test
  // workers are forked after this and inherit TMPDIR. 0755: the postgres user (initdb
  // runs as it when we are root) must reach its cluster's folder inside.
  const runDir = mkdtempSync(join(tmpdir(), 'tixmo-test-run-'));
  chmodSync(runDir, 0o755);
  process.env.TMPDIR = runDir;
  stops.push(() => rmSync(runDir, { recursive: true, force: true }));
  const pg = await startPostgresServer();
  if ('missing' in pg) {
    missing('real-Postgres', pg.missing);
    project.provide('postgresUrl', null);
  } else {
    project.provide('postgresUrl', pg.url);
    stops.push(() => pg.stop());
  }
  const redis = await startRedisServer();
  if ('missing' in redis) {
    missing('Redis', redis.missing);
    project.provide('redisUrl', null);
  } else {
    project.provide('redisUrl', redis.url);
    stops.push(() => redis.stop());
  }
  // PGlite's initdb costs seconds of CPU (25 s on a busy two-core box) and every test
  // cloud would pay it; a copy of one migrated, empty cluster opens in a fraction of that.
  // The engine is the same: this only skips re-creating identical system catalogs.
  const template = join(runDir, 'pglite-template');
  const database = await openCloudDatabase({ dataDir: template });
  await database.close();
  project.provide('pgliteTemplate', join(template, 'pgdata'));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
