/**
 * RFC 4180 CSV: fields joined by commas, records ended by CRLF, a field quoted when it
 * holds a comma, a quote, CR or LF, with quotes doubled inside.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or CR, which
 * some strip before looking) as a formula, so a buyer who names their attendee
 * `=HYPERLINK(…)` could make a promoter's Excel fetch a URL. Such text cells get a
 * leading apostrophe (OWASP's advice): Excel shows the text as typed. Numbers the
 * export writes itself (negative amounts) are never text and stay as they are.
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Excel reads a file as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
