import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/** Starts the real engines shared by all test files: one Postgres server (each test makes its own database). */
export default async function setup(project: TestProject) {
  const pg = await startPostgresServer();
  if ('missing' in pg) {
    if (process.env.CI) throw new Error(pg.missing);
    console.warn(`SKIPPING the real-Postgres tests: ${pg.missing}`);
    project.provide('postgresUrl', null);
    return;
  }
  project.provide('postgresUrl', pg.url);
  return () => pg.stop();
}
