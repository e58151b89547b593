import { finished } from 'node:stream/promises';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { ColumnKind, Dataset } from './datasets.ts';

const dialect = new PgDialect();
const LF = 0x0a;
const QUOTE = 0x22;
const CRLF = Buffer.from('\r\n');

/**
 * What `csvCell` (csv.ts) does before quoting, in SQL, so Postgres' own CSV writer can
 * do the rest: text that starts with `= + - @`, a tab or CR gets a leading apostrophe,
 * and an empty text is written like a null (COPY would write `""`); booleans as `true`
 * and `false` (COPY would write `t` and `f`). COPY quotes exactly what RFC 4180 needs
 * (a comma, a quote, CR or LF), plus a lone `\.`, which readers read the same.
 */
function cell(column: SQL, kind: ColumnKind): SQL {
  if (kind === 'number') return column;
  const t = sql`(${column})::text`;
  if (kind === 'boolean') return t;
  return sql`case when left(${t}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${t} else nullif(${t}, '') end`;
}

/** The dataset as one `COPY … TO STDOUT` (COPY takes no bind parameters: the scope's ids are inlined as escaped literals). */
export function copyStatement(dataset: Dataset): string {
  const col = (i: number) => sql.raw(`x.c${i}`);
  const names = sql.raw(dataset.columns.map((_, i) => `c${i}`).join(', '));
  const cells = sql.join(
    dataset.columns.map(([, kind], i) => cell(col(i), kind)),
    sql`, `,
  );
  const order = sql.join(
    dataset.key.map((k) => col(k)),
    sql`, `,
  );
  const query = sql`copy (select ${cells} from (${dataset.page(null, null)}) as x(${names}) order by ${order})
    to stdout with (format csv)`;
  return dialect.sqlToQuery(query.inlineParams()).sql;
}

/**
 * Postgres ends CSV records with LF; RFC 4180 wants CRLF. Only a LF outside quotes ends
 * a record (one inside is data, kept as typed); a doubled quote toggles twice, so the
 * state stays right across any chunk boundary. Counts the records as they pass.
 */
export class CrlfRecords {
  private quoted = false;
  records = 0;

  convert(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) this.quoted = !this.quoted;
      else if (b === LF && !this.quoted) {
        parts.push(chunk.subarray(from, i), CRLF);
        from = i + 1;
        this.records++;
      }
    }
    if (from === 0) return chunk;
    parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  }
}

/**
 * The export's records from Postgres' own CSV writer, as bytes: no row is ever parsed in
 * this process, so memory stays flat whatever the size (a cursor's rows as JavaScript
 * strings grew the cloud's heap by ~115 MB over a million attendees before each full
 * collection). One connection of the pool for the COPY; node's backpressure pauses it
 * when the client reads slowly.
 */
export class CopySource {
  private conn: pg.PoolClient | null = null;
  private copy: ReturnType<typeof copyTo> | null = null;
  private chunks: AsyncIterator<Buffer> | null = null;
  private readonly crlf = new CrlfRecords();

  constructor(
    private readonly pool: pg.Pool,
    private readonly statement: string,
  ) {}

  get records(): number {
    return this.crlf.records;
  }

  /** The next bytes of the file, or null at its end. */
  async next(): Promise<Buffer | null> {
    if (!this.chunks) {
      this.conn = await this.pool.connect();
      this.copy = this.conn.query(copyTo(this.statement));
      this.chunks = this.copy[Symbol.asyncIterator]();
    }
    const { value, done } = await this.chunks.next();
    if (done) {
      this.release();
      return null;
    }
    return this.crlf.convert(value as Buffer);
  }

  /**
   * Ends the COPY now (the client went away or it failed): the server process is ended
   * and awaited, since a COPY blocked on a full socket would not heed a cancel, and the
   * connection is dropped rather than handed out again.
   */
  async abort(): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    this.conn = null;
    const pid = (conn as unknown as { processID: number }).processID;
    this.copy?.destroy();
    await this.pool.query('select pg_terminate_backend($1, 5000)', [pid]).catch(() => {});
    if (this.copy) await finished(this.copy).catch(() => {});
    conn.release(true);
  }

  private release(): void {
    this.conn?.release();
    this.conn = null;
  }
}
