import { type SQL, sql } from 'drizzle-orm';

/** How a column is written: text gets quoted and neutralised, numbers and booleans as they are. */
export type ColumnKind = 'text' | 'number' | 'boolean';

/**
 * The SQL twin of `csvCell` (csv.ts), byte for byte: a text cell that starts with
 * `= + - @`, a tab or CR gets a leading apostrophe, and any cell holding a quote, a
 * comma, CR or LF is quoted with its quotes doubled. Numbers and booleans are never text
 * and are written as Postgres spells them (`-1500`, `true`), as JavaScript does.
 * test/cloud/exports-sql.test.ts holds the two together on PGlite and Postgres.
 */
function cell(column: SQL, kind: ColumnKind): SQL {
  if (kind !== 'text') return sql`coalesce((${column})::text, '')`;
  const t = sql`(${column})::text`;
  const neutral = sql`(case when left(${t}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${t} else ${t} end)`;
  return sql`(case when ${column} is null then ''
    when strpos(${t}, chr(34)) > 0 or strpos(${t}, ',') > 0 or strpos(${t}, chr(13)) > 0 or strpos(${t}, chr(10)) > 0
      then chr(34) || replace(${neutral}, chr(34), chr(34) || chr(34)) || chr(34)
    else ${neutral} end)`;
}

/**
 * `rows` (columns in `kinds`' order) as one `line` column per row, each a whole CSV
 * record with its CRLF, in the order of the `key` columns; `withKeys` adds those columns
 * as they were (k0, k1, …), which a keyset page needs to ask for the next. Rendering in the database is what makes a large
 * export fast: parsing a dozen typed columns per row and quoting them in JavaScript cost
 * the cloud ~15 µs a row; one text column per row costs it almost nothing.
 */
export function csvLines(
  rows: SQL,
  kinds: readonly ColumnKind[],
  key: readonly number[],
  options: { withKeys: boolean },
): SQL {
  const col = (i: number) => sql.raw(`x.c${i}`);
  const names = sql.raw(kinds.map((_, i) => `c${i}`).join(', '));
  const line = sql.join(
    kinds.map((kind, i) => cell(col(i), kind)),
    sql` || ',' || `,
  );
  const keys = options.withKeys ? key.map((k, i) => sql`${col(k)} as ${sql.raw(`k${i}`)}`) : [];
  return sql`select ${line} || chr(13) || chr(10) as line${keys.length ? sql`, ${sql.join(keys, sql`, `)}` : sql``}
    from (${rows}) as x(${names})
    order by ${sql.join(
      key.map((k) => col(k)),
      sql`, `,
    )}`;
}
