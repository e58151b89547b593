import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { type CloudDb, queryRows } from '../db/client.ts';
import { csvLines } from './csv-sql.ts';
import type { Dataset } from './datasets.ts';

/** Rows fetched per batch (a cursor FETCH or a keyset page): what one export holds in memory at most. */
export const EXPORT_PAGE_ROWS = 5000;

/** A batch of an export: its CSV records, ready to send, and how many there are. A short batch is the last. */
export interface CsvBatch {
  csv: string;
  rows: number;
}

/** An export's records in batches of EXPORT_PAGE_ROWS. `close` may come at any time. */
export interface RowSource {
  next(): Promise<CsvBatch>;
  close(): Promise<void>;
}

const dialect = new PgDialect();
const kindsOf = (dataset: Dataset) => dataset.columns.map(([, kind]) => kind);

/**
 * On a Postgres server: one read-only transaction on a connection of its own holding a
 * server-side cursor over the whole export, so the server runs ONE query (hash joins over
 * the event, not a thousand page lookups) and hands it over a batch per FETCH. On PGlite
 * (one connection for the whole cloud) a transaction held open for a slow download would
 * stall every other request, so there each batch is a keyset page of its own. Either way
 * the database writes the CSV records (csv-sql.ts).
 */
export function openRowSource(db: CloudDb, dataset: Dataset): RowSource {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
  return client instanceof PGlite ? keysetSource(db, dataset) : cursorSource(client, dataset);
}

const joined = (rows: string[][]): CsvBatch => {
  let csv = '';
  for (const row of rows) csv += row[0];
  return { csv, rows: rows.length };
};

function cursorSource(pool: pg.Pool, dataset: Dataset): RowSource {
  const query = dialect.sqlToQuery(
    csvLines(dataset.page(null, null), kindsOf(dataset), dataset.key, { withKeys: false }),
  );
  let opened: Promise<pg.PoolClient> | null = null;
  const open = async () => {
    const conn = await pool.connect();
    try {
      await conn.query('begin isolation level repeatable read read only');
      // The whole result is wanted, not its first rows: plan for all of it.
      await conn.query('set local cursor_tuple_fraction = 1');
      await conn.query(`declare tixmo_export no scroll cursor for ${query.sql}`, query.params);
      return conn;
    } catch (err) {
      conn.release(err as Error);
      throw err;
    }
  };
  return {
    async next() {
      opened ??= open();
      const conn = await opened;
      const res = await conn.query<string[]>({
        text: `fetch ${EXPORT_PAGE_ROWS} from tixmo_export`,
        rowMode: 'array',
      });
      return joined(res.rows);
    },
    async close() {
      if (!opened) return;
      const conn = await opened.catch(() => null);
      opened = null;
      if (!conn) return;
      try {
        await conn.query('rollback');
        conn.release();
      } catch (err) {
        // A connection that cannot end its transaction is not handed out again.
        conn.release(err as Error);
      }
    },
  };
}

/**
 * One keyset page, in a transaction that forbids sorting: the page must come off the index
 * in key order. On a table whose statistics are stale (a large event sold or seeded since
 * the last analyse) the planner otherwise guesses a few rows and sorts everything after the
 * key for every page, which turns a large export quadratic.
 */
function keysetSource(db: CloudDb, dataset: Dataset): RowSource {
  let after: string[] | null = null;
  const keys = dataset.key.map((_, i) => `k${i}`);
  return {
    async next() {
      const page = await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_sort = off`);
        const lines = csvLines(dataset.page(after, EXPORT_PAGE_ROWS), kindsOf(dataset), dataset.key, {
          withKeys: true,
        });
        return queryRows<Record<string, unknown>>(tx, lines);
      });
      const last = page.at(-1);
      if (last) after = keys.map((k) => String(last[k]));
      return joined(page.map((r) => [String(r.line)]));
    },
    async close() {},
  };
}
