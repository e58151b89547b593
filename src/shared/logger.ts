/**
 * A small structured logger: one line per record, JSON when not on a TTY.
 * Fields whose names look like credentials are masked, so a secret passed by
 * mistake never reaches a log file.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const secretKey = /token|secret|password|authorization|privatekey|cookie/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * An error as a log may show it. A failed query (drizzle's DrizzleQueryError: `query`
 * and `params`) keeps its SQL and loses its parameters, which hold whatever was being
 * written — a new account's password hash, a signing key. Causes are told by name and
 * code; their messages lose quoted literals (`value "…" is out of range`).
 */
function describeError(err: Error, depth: number): Record<string, unknown> {
  const e = err as Error & { query?: unknown; params?: unknown; code?: unknown };
  const failedQuery = typeof e.query === 'string' && 'params' in e;
  // A database's own message quotes the offending value; a cause may be one.
  const fromDatabase = depth > 0 || (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code));
  const out: Record<string, unknown> = {
    // Classes that leave `name` as "Error" (drizzle's) are told by their constructor.
    name: e.name === 'Error' && e.constructor.name ? e.constructor.name : e.name,
    message: failedQuery
      ? `Failed query: ${e.query}`
      : fromDatabase
        ? e.message.replace(/"[^"]*"/g, '"…"')
        : e.message,
  };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (e.cause instanceof Error && depth < 3) out.cause = describeError(e.cause, depth + 1);
  return out;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return describeError(value, 0);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = secretKey.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(options: {
  level?: LogLevel;
  json?: boolean;
  base?: Record<string, unknown>;
  write?: (line: string) => void;
}): Logger {
  const min = rank[options.level ?? 'info'];
  const json = options.json ?? !process.stdout.isTTY;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (rank[level] < min) return;
    const data = redact({ ...base, ...fields }) as Record<string, unknown>;
    if (json) {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...data }));
    } else {
      const extra = Object.entries(data)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${msg}${extra ? ` ${extra}` : ''}`);
    }
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
