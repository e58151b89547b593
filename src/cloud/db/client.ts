import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from '../../shared/data-dir-lock.ts';
import { PrivateNodeFS } from './private-nodefs.ts';
import * as schema from './schema.ts';

/** Either driver; a transaction is a CloudDb too, so service functions take either. */
export type CloudDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface CloudDatabase {
  db: CloudDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../../drizzle/cloud', import.meta.url));

/**
 * Embedded PGlite under `dataDir` when no `databaseUrl` is given (the zero-setup
 * default); node-postgres otherwise. Migrations are applied before returning.
 */
export async function openCloudDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<CloudDatabase> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle connection dropped (database restarted, network cut): the pool discards it
    // and connects anew on the next query. Unheard, this event would crash the cloud.
    pool.on('error', () => undefined);
    // The same for a connection dropped while checked out but between two queries (inside a
    // transaction, or an export's cursor waiting for the client to read): the pool stops
    // listening while a connection is lent, so the connection itself must. Its holder learns
    // of it from its next query, which fails; release(err) then discards it.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg(pool, { schema });
    await migratePg(db, { migrationsFolder });
    return { db: db as unknown as CloudDb, kind: 'postgres', close: () => pool.end() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  // PGlite does not lock its files: two processes on one pgdata would corrupt it.
  const lock = await lockDataDir(options.dataDir, 'tixmo cloud');
  try {
    const client = new PGlite({ fs: new PrivateNodeFS(`${options.dataDir}/pgdata`) });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as CloudDb,
      kind: 'pglite',
      close: async () => {
        await client.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** Raw SQL for the few queries drizzle's builder cannot say (xid8 horizons); both drivers answer `{ rows }`. */
export async function queryRows<T>(db: CloudDb, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A hot statement with fixed text, run straight on the driver: on node-postgres as a
 * named prepared statement (parsed and planned once per connection, then only bound),
 * on PGlite as a plain parameterised query. Skips drizzle's query builder, which costs
 * more CPU than the statement itself on the order path. Not for use inside a transaction.
 */
export async function preparedRows<T>(
  db: CloudDb,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
  if (client instanceof PGlite) return (await client.query<T>(text, values)).rows;
  return (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;
}

/** A map per database handle, so two clouds in one process (tests) never share cached rows. */
export function perDatabase<V>(): (db: CloudDb) => Map<string, V> {
  const maps = new WeakMap<CloudDb, Map<string, V>>();
  return (db) => {
    let map = maps.get(db);
    if (!map) {
      map = new Map();
      maps.set(db, map);
    }
    return map;
  };
}
