/**
 * Escaping and formatting for mail. Every value that comes from a user or an organizer
 * (names, event titles, addresses) goes into HTML only through `html```, which escapes
 * it, and into a header only through `headerText`, which cannot carry a line break.
 */

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

/** Markup that is already safe (built by `html```); anything else is escaped when interpolated. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | null | undefined | HtmlValue[];

function htmlOf(value: HtmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(htmlOf).join('');
  return escapeHtml(String(value));
}

/** A tagged template for HTML: the literal parts are trusted, every interpolated value is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += htmlOf(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** A URL for an href: only http(s), and escaped like any attribute value. */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const headerBreakers = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** One line of header text: control characters (CR, LF, NUL, …) become spaces, runs of space collapse. */
export function headerText(value: string): string {
  return value.replace(headerBreakers, ' ').replace(/\s+/g, ' ').trim();
}

/** Body text: line breaks stay, other control characters go. */
export function bodyText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A plain address (no display name), conservative: what SMTP and every header accept unquoted. */
export function isPlainAddress(address: string): boolean {
  return (
    address.length <= 254 &&
    /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.?[^\s@<>()[\],;:"\\]*$/.test(address)
  );
}

/** `Name <address>` or `address`, as SMTP_FROM is written. */
export function parseMailbox(value: string): { name: string; address: string } {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (m) return { name: headerText(m[1]!.replace(/^"(.*)"$/, '$1')), address: m[2]!.trim() };
  return { name: '', address: value.trim() };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      format = dateFormat('UTC');
    }
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** "Tue 1 Dec 2026, 20:00 (Europe/Berlin)": the venue's local time, which is what people go by. */
export function localTime(at: Date, timeZone: string): string {
  return `${dateFormat(timeZone).format(at)} (${timeZone})`;
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

export function money(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency });
    } catch {
      format = null;
    }
    moneyFormats.set(currency, format);
  }
  return format ? format.format(cents / 100) : `${(cents / 100).toFixed(2)} ${currency}`;
}
