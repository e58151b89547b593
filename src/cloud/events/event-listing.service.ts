import { and, asc, eq, gt, gte, ilike, lte, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { events, venues } from '../db/schema.ts';
import { eventView } from './events.service.ts';

export interface EventListQuery {
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  venueId?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  includeEnded?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Cursors are opaque to clients: the (startsAt, id) of the last event on the page. */
function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const startsAt = new Date(Number(ms));
  if (!id || Number.isNaN(startsAt.getTime()))
    throw new AppError('BAD_REQUEST', 'cursor: not a cursor this server issued; start again without one');
  return { startsAt, id };
}

const encodeCursor = (e: { startsAt: Date; id: string }) =>
  Buffer.from(`${e.startsAt.getTime()}|${e.id}`).toString('base64url');

/**
 * Published events anyone may browse, soonest first. Events that ended drop out unless
 * `includeEnded`; `q` matches the name, description or venue name.
 */
export async function listPublicEvents({ deps, query }: { deps: CloudDeps; query: EventListQuery }) {
  const where: (SQL | undefined)[] = [
    eq(events.status, 'PUBLISHED'),
    // Past events of a deleted organization stay readable by id (tickets point at them), unlisted.
    sql`${events.orgId} not in (select id from organizations where deleted_at is not null)`,
  ];
  if (!query.includeEnded) where.push(gt(events.endsAt, deps.now()));
  if (query.from) where.push(gte(events.startsAt, new Date(query.from)));
  if (query.to) where.push(lte(events.startsAt, new Date(query.to)));
  if (query.venueId) where.push(eq(events.venueId, query.venueId));
  if (query.category) where.push(eq(events.category, query.category.toLowerCase()));
  if (query.tag) where.push(sql`${events.tags} @> ${JSON.stringify([query.tag.toLowerCase()])}::jsonb`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(events.name, like), ilike(events.description, like), ilike(venues.name, like)));
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(sql`(${events.startsAt}, ${events.id}) > (${c.startsAt.toISOString()}::timestamptz, ${c.id})`);
  }
  const rows = await deps.db
    .select({ event: events, venueName: venues.name })
    .from(events)
    .innerJoin(venues, eq(venues.id, events.venueId))
    .where(and(...where))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const now = deps.now();
  return {
    data: page.map((r) => ({ ...eventView(r.event), venueName: r.venueName, ended: r.event.endsAt <= now })),
    nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.event) : null,
  };
}
