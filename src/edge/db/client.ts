import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { lockDataDir } from '../../shared/data-dir-lock.ts';
import { ConfigError } from '../../shared/errors.ts';
import * as schema from './schema.ts';

/** drizzle over the file, and the better-sqlite3 handle under it for the few hot statements. */
export type EdgeDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface EdgeDatabase {
  db: EdgeDb;
  sqlite: Database.Database;
  file: string;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL('../../../drizzle/edge', import.meta.url));

export const edgeDatabaseFile = 'edge.sqlite';

/**
 * WAL with synchronous=FULL: better-sqlite3 leaves WAL at NORMAL, which can lose the
 * last commits on power loss, and a lost admission is a ticket that works twice.
 * `check` runs SQLite's quick_check first (at start): a damaged file is refused before
 * it can decide a scan, instead of failing on the first read that touches the bad page.
 */
export function openEdgeDatabase(
  dataDir: string,
  options: { file?: string; check?: boolean } = {},
): EdgeDatabase {
  const file = join(dataDir, options.file ?? edgeDatabaseFile);
  let sqlite: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    if (options.check) {
      const problems = (sqlite.pragma('quick_check(5)') as { quick_check: string }[])
        .map((r) => r.quick_check)
        .filter((r) => r !== 'ok');
      if (problems.length > 0) throw Object.assign(new Error(problems[0]!), { code: 'SQLITE_CORRUPT' });
    }
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder });
    const opened = sqlite;
    return { db, sqlite: opened, file, close: () => opened.close() };
  } catch (err) {
    sqlite?.close();
    throw new ConfigError(describeDatabaseError(file, err));
  }
}

/** One line a technician can act on, for any failure to open or check the edge's database. */
export function describeDatabaseError(file: string, err: unknown): string {
  const code = String((err as { code?: unknown }).code ?? '');
  const detail = (err as Error).message ?? String(err);
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code))
    return (
      `edge database ${file} is damaged (${detail}); the edge will not decide scans on it. ` +
      'Keep the file (it may hold scans not yet uploaded) and run `tixmo edge --config <your config> --salvage`: ' +
      'it copies what can be read into a new database and keeps the damaged one beside it'
    );
  if (/^SQLITE_FULL/.test(code) || /ENOSPC/.test(code))
    return `edge database ${file}: the disk is full — free space on it, then start the edge again`;
  if (/^SQLITE_IOERR/.test(code) || code === 'EIO')
    return `edge database ${file}: the disk reports an I/O error (${code}) — check the disk (dmesg); the edge will not decide scans on it`;
  return (
    `edge database ${file} cannot be opened (${detail}) — check that the disk is mounted and writable ` +
    'and that the user running the edge owns the data dir (README "Wiring a gate")'
  );
}

/** The running edge's database: the data dir locked to this process, the file checked before use. */
export async function openEdgeDataDir(dataDir: string): Promise<EdgeDatabase> {
  const lock = await lockDataDir(dataDir, 'tixmo edge');
  try {
    if (existsSync(join(dataDir, 'salvage.pending')))
      throw new ConfigError(
        `a salvage of ${join(dataDir, edgeDatabaseFile)} was cut short — run \`tixmo edge --config <your config> --salvage\` again to finish it`,
      );
    const database = openEdgeDatabase(dataDir, { check: true });
    return {
      ...database,
      close() {
        database.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
