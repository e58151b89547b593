import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type EdgeDb = BetterSQLite3Database<typeof schema>;

const migrationsFolder = fileURLToPath(new URL('../../../drizzle/edge', import.meta.url));

/**
 * WAL with synchronous=FULL: better-sqlite3 leaves WAL at NORMAL, which can lose the
 * last commits on power loss, and a lost admission is a ticket that works twice.
 */
export function openEdgeDatabase(dataDir: string): { db: EdgeDb; sqlite: Database.Database; close(): void } {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(join(dataDir, 'edge.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
