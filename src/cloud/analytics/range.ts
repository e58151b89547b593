import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { type CloudDb, perDatabase, queryRows } from '../db/client.ts';

/**
 * The query every bucketed figure takes, and how it becomes a range of whole buckets in a
 * time zone. Buckets are cut by Postgres (`date_trunc(unit, ts, zone)`), so days and weeks
 * follow the zone's daylight-saving changes: a Berlin day in late March has 23 hours.
 */
export const intervals = ['hour', 'day', 'week'] as const;
export type Interval = (typeof intervals)[number];

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z',
});

export const rangeQuerySchema = z.object({
  from: instant
    .optional()
    .openapi({ description: 'Start (default: 30 days before `to`); widened to its bucket' }),
  to: instant.optional().openapi({ description: 'End (default: now); widened to the end of its bucket' }),
  interval: z.enum(intervals).default('day').openapi({ description: 'Bucket size' }),
  timezone: z.string().max(64).optional().openapi({
    description: 'IANA zone the buckets are cut in (default: the venue’s)',
    example: 'Europe/Berlin',
  }),
});
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

/** Longest range per bucket size: a chart of more buckets than this is a mistake, not a request. */
const MAX_SPAN_MS: Record<Interval, number> = {
  hour: 2 * 366 * 86_400_000,
  day: 10 * 366 * 86_400_000,
  week: 10 * 366 * 86_400_000,
};
const DEFAULT_SPAN_MS = 30 * 86_400_000;

export interface Range {
  from: Date;
  to: Date;
  interval: Interval;
  timezone: string;
}

const zonesOf = perDatabase<Promise<Set<string>>>();

/** The zone names this Postgres knows (PGlite ships its own list): a name it does not know is a 400, never a 500. */
export async function checkTimezone(db: CloudDb, timezone: string): Promise<string> {
  const cache = zonesOf(db);
  let zones = cache.get('all');
  if (!zones) {
    zones = queryRows<{ name: string }>(db, sql`select name from pg_timezone_names`).then(
      (rows) => new Set(rows.map((r) => r.name)),
    );
    zones.catch(() => cache.delete('all'));
    cache.set('all', zones);
  }
  if (!(await zones).has(timezone))
    throw new AppError(
      'BAD_REQUEST',
      `timezone: unknown time zone "${timezone}"; use an IANA name such as Europe/Berlin or UTC`,
    );
  return timezone;
}

/** Checks the query and widens it to whole buckets of the zone. */
export async function resolveRange(
  db: CloudDb,
  query: RangeQuery,
  defaults: { now: Date; timezone: string },
): Promise<Range> {
  const timezone = await checkTimezone(db, query.timezone ?? defaults.timezone);
  const to = query.to ? new Date(query.to) : defaults.now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from >= to) throw new AppError('BAD_REQUEST', 'from: must be before to');
  if (to.getTime() - from.getTime() > MAX_SPAN_MS[query.interval])
    throw new AppError(
      'BAD_REQUEST',
      `interval: ${query.interval} buckets cover at most ${query.interval === 'hour' ? '2 years' : '10 years'}; narrow from/to or choose a longer interval`,
    );
  const [row] = await queryRows<{ f: string | Date; t: string | Date }>(
    db,
    sql`select date_trunc(${query.interval}, ${from.toISOString()}::timestamptz, ${timezone}) as f,
      case when date_trunc(${query.interval}, ${to.toISOString()}::timestamptz, ${timezone}) = ${to.toISOString()}::timestamptz
        then ${to.toISOString()}::timestamptz
        else ((date_trunc(${query.interval}, ${to.toISOString()}::timestamptz, ${timezone}) at time zone ${timezone})
          + ${`1 ${query.interval}`}::interval) at time zone ${timezone} end as t`,
  );
  return { from: new Date(row!.f), to: new Date(row!.t), interval: query.interval, timezone };
}

export interface Bucket {
  /** First instant of the bucket (UTC). */
  start: string;
  /** Its wall-clock time in the zone, e.g. 2026-03-29T00:00 (an hour repeated in autumn appears twice). */
  local: string;
}

/**
 * Every bucket of the range, empty ones too. Hours step in absolute time (an autumn night
 * has 25 of them); days and weeks step on the zone's calendar (a spring day has 23 hours).
 */
export async function bucketsOf(db: CloudDb, range: Range): Promise<Bucket[]> {
  const step = `1 ${range.interval}`;
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const tz = range.timezone;
  const rows = await queryRows<{ start: string | Date; local: string }>(
    db,
    range.interval === 'hour'
      ? sql`select b as start, to_char(b at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI') as local
          from generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 hour', interval '1 hour') b`
      : sql`select l at time zone ${tz} as start, to_char(l, 'YYYY-MM-DD"T"HH24:MI') as local
          from generate_series(${from}::timestamptz at time zone ${tz},
            (${to}::timestamptz at time zone ${tz}) - ${step}::interval, ${step}::interval) l`,
  );
  return rows.map((r) => ({ start: new Date(r.start).toISOString(), local: r.local }));
}
