import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { type CloudDb, queryRows } from '../db/client.ts';
import { CopySource, copyStatement } from './copy-source.ts';
import { csvRecord } from './csv.ts';
import type { Dataset } from './datasets.ts';

/** Rows per keyset page on PGlite: what one export holds in memory at most there. */
export const EXPORT_PAGE_ROWS = 5000;

/** An export's CSV records (no header) as bytes, in order; `next` answers null at the end. `close` may come at any time. */
export interface ByteSource {
  next(): Promise<Uint8Array | null>;
  close(): Promise<void>;
  /** Records handed out so far. */
  readonly rows: number;
}

/**
 * On a Postgres server: one `COPY … TO STDOUT` (copy-source.ts), Postgres writing the CSV
 * and this process passing bytes on. On PGlite (one connection for the whole cloud) a
 * statement held open for a slow download would stall every other request, so there each
 * batch is a keyset page of its own, rendered here by csvCell.
 */
export function openByteSource(db: CloudDb, dataset: Dataset): ByteSource {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
  return client instanceof PGlite ? keysetSource(db, dataset) : copySource(client, dataset);
}

function copySource(pool: pg.Pool, dataset: Dataset): ByteSource {
  const copy = new CopySource(pool, copyStatement(dataset));
  return {
    next: () => copy.next(),
    close: () => copy.abort(),
    get rows() {
      return copy.records;
    },
  };
}

/**
 * One keyset page, in a transaction that forbids sorting: the page must come off the index
 * in key order. On a table whose statistics are stale (a large event sold or seeded since
 * the last analyse) the planner otherwise guesses a few rows and sorts everything after the
 * key for every page, which turns a large export quadratic.
 */
function keysetSource(db: CloudDb, dataset: Dataset): ByteSource {
  const encoder = new TextEncoder();
  let after: string[] | null = null;
  let ended = false;
  let rows = 0;
  return {
    async next() {
      if (ended) return null;
      const page = await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_sort = off`);
        return queryRows<Record<string, unknown>>(tx, dataset.page(after, EXPORT_PAGE_ROWS));
      });
      if (page.length < EXPORT_PAGE_ROWS) ended = true;
      if (page.length === 0) return null;
      let chunk = '';
      for (const r of page) {
        const { key, values } = dataset.row(r);
        after = key;
        chunk += csvRecord(values);
      }
      rows += page.length;
      return encoder.encode(chunk);
    },
    async close() {
      ended = true;
    },
    get rows() {
      return rows;
    },
  };
}
