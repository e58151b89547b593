import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { decodeCursor, encodeCursor } from '../../sync/cloud/cursor.ts';
import type { ManifestEvent, ManifestPage, ManifestTicket, TicketStatus } from '../../sync/protocol.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { edgeNodes, eventKeys, events, tiers, venues } from '../db/schema.ts';

interface ChangeRow {
  id: string;
  eventId: string;
  tierId: string;
  status: TicketStatus;
  version: number;
  xid: string;
}

/**
 * One page of the venue's manifest after `cursor` (see src/sync/cloud/cursor.ts for
 * why the `pg_snapshot_xmin` horizon makes it skip-proof). Events come whole on
 * every page; tickets come as changes, oldest transaction first.
 */
export async function readManifestPage({
  deps,
  node,
  cursor: cursorText,
  limit,
}: {
  deps: CloudDeps;
  node: AuthedNode;
  cursor: string;
  limit: number;
}): Promise<ManifestPage> {
  const cursor = decodeCursor(cursorText);
  if (!cursor)
    throw new AppError(
      'BAD_REQUEST',
      'cursor: not a cursor this server issued; start again with an empty cursor',
    );
  const { db } = deps;
  const after = sql`(change_xid, id) > (${cursor.xid.toString()}::xid8, ${cursor.ticketId})`;
  const horizon = sql`change_xid < pg_snapshot_xmin(pg_current_snapshot())`;
  const changes = await queryRows<ChangeRow>(
    db,
    sql`
    select id, event_id as "eventId", tier_id as "tierId", status, version, change_xid::text as xid
    from tickets
    where venue_id = ${node.venueId} and ${after} and ${horizon}
    order by change_xid, id
    limit ${limit + 1}`,
  );
  const rows = changes.slice(0, limit);
  const hasMore = changes.length > limit;
  const last = rows.at(-1);
  const next = last ? { xid: BigInt(last.xid), ticketId: last.id } : cursor;

  let remaining = 0;
  if (hasMore) {
    const nextAfter = sql`(change_xid, id) > (${next.xid.toString()}::xid8, ${next.ticketId})`;
    const counted = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from tickets where venue_id = ${node.venueId} and ${nextAfter} and ${horizon}`,
    );
    remaining = Number(counted[0]?.n ?? 0);
  }

  const section = await venueSection(deps, node.venueId);
  await db.update(edgeNodes).set({ lastSeenAt: deps.now() }).where(eq(edgeNodes.id, node.id));
  const tickets: ManifestTicket[] = rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    tierId: r.tierId,
    status: r.status,
    version: Number(r.version),
  }));
  return {
    node: { id: node.id, venueId: node.venueId, name: node.name },
    venue: section.venue,
    events: section.events,
    tickets,
    cursor: encodeCursor({ ...next, venue: section.stamp }),
    hasMore,
    remaining,
  };
}

/**
 * What every page carries besides ticket changes: the venue and its events (keys,
 * tiers, rules), with a digest of them that goes into the cursor (see cursor.ts).
 */
export async function venueSection(deps: CloudDeps, venueId: string) {
  const [row] = await deps.db.select().from(venues).where(eq(venues.id, venueId));
  const venue = { id: row!.id, name: row!.name, capacity: row!.capacity, timezone: row!.timezone };
  const list = await venueEvents(deps, venueId);
  return { venue, events: list, stamp: stampOf(venue, list) };
}

/** A digest that does not depend on the order the database returned keys and tiers in. */
function stampOf(venue: ManifestPage['venue'], list: ManifestEvent[]): string {
  const byId =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  const canonical = [...list].sort(byId((e) => e.id)).map((e) => ({
    ...e,
    keys: [...e.keys].sort(byId((k) => k.kid)),
    tiers: [...e.tiers].sort(byId((t) => t.id)),
  }));
  return createHash('sha256')
    .update(JSON.stringify([venue, canonical]))
    .digest('hex')
    .slice(0, 16);
}

async function venueEvents(deps: CloudDeps, venueId: string): Promise<ManifestEvent[]> {
  const { db } = deps;
  const list = await db
    .select()
    .from(events)
    .where(and(eq(events.venueId, venueId), ne(events.status, 'DRAFT')))
    .orderBy(asc(events.startsAt));
  if (list.length === 0) return [];
  const ids = list.map((e) => e.id);
  const keys = await db
    .select({ kid: eventKeys.kid, eventId: eventKeys.eventId, publicJwk: eventKeys.publicJwk })
    .from(eventKeys)
    .where(and(inArray(eventKeys.eventId, ids), isNull(eventKeys.revokedAt)));
  const tierRows = await db
    .select({
      id: tiers.id,
      eventId: tiers.eventId,
      name: tiers.name,
      validFrom: tiers.validFrom,
      validUntil: tiers.validUntil,
    })
    .from(tiers)
    .where(inArray(tiers.eventId, ids));
  return list.map((e) => ({
    id: e.id,
    name: e.name,
    status: e.status,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    doorsAt: e.doorsAt?.toISOString() ?? null,
    keys: keys.filter((k) => k.eventId === e.id).map((k) => ({ kid: k.kid, publicJwk: k.publicJwk })),
    tiers: tierRows
      .filter((t) => t.eventId === e.id)
      .map((t) => ({
        id: t.id,
        name: t.name,
        validFrom: t.validFrom?.toISOString() ?? null,
        validUntil: t.validUntil?.toISOString() ?? null,
      })),
    reentryPolicy: e.reentryPolicy,
  }));
}
