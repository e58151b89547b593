import { sql } from 'drizzle-orm';
import { doorStats } from '../analytics/door.service.ts';
import { eventSalesRows } from '../analytics/sales.service.ts';
import { totalsOf } from '../analytics/sales-figures.ts';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, queryRows } from '../db/client.ts';
import type { OrgRole } from '../orgs/access.ts';

/** An event is live from 12 hours before its doors open until 6 hours after it ends. */
const LIVE_BEFORE = '12 hours';
const LIVE_AFTER = '6 hours';
/** Gate rates are admissions per minute over this window of the door rollup's 5-minute slots. */
const RATE_MINUTES = 15;

export interface Membership {
  orgId: string;
  role: OrgRole;
}

export async function membershipsOf(db: CloudDb, userId: string): Promise<Membership[]> {
  return queryRows<Membership>(
    db,
    sql`select m.org_id as "orgId", m.role from memberships m
      join organizations o on o.id = m.org_id and o.deleted_at is null
      where m.user_id = ${userId} order by m.org_id`,
  );
}

const liveClause = (now: Date) => sql`e.status = 'PUBLISHED'
  and coalesce(e.doors_at, e.starts_at) - interval '${sql.raw(LIVE_BEFORE)}' <= ${now.toISOString()}::timestamptz
  and e.ends_at + interval '${sql.raw(LIVE_AFTER)}' >= ${now.toISOString()}::timestamptz`;

/** The organizations' live events, soonest first. */
export async function liveEventsOf(db: CloudDb, orgIds: string[], now: Date) {
  if (orgIds.length === 0) return [];
  return queryRows<{ id: string; orgId: string }>(
    db,
    sql`select e.id, e.org_id as "orgId" from events e
      where e.org_id in (select jsonb_array_elements_text(${JSON.stringify(orgIds)}::jsonb)) and ${liveClause(now)}
      order by e.starts_at, e.id`,
  );
}

/** The event's organization when the event is live now, else null. */
export async function liveEventOrg(db: CloudDb, eventId: string, now: Date): Promise<string | null> {
  const [row] = await queryRows<{ orgId: string }>(
    db,
    sql`select e.org_id as "orgId" from events e where e.id = ${eventId} and ${liveClause(now)}`,
  );
  return row?.orgId ?? null;
}

/**
 * What the promoters' live page shows of one event: occupancy against capacity, the entry
 * curve (5-minute buckets), each gate's lanes with their rate and reject reasons, and, for
 * OWNER/ADMIN only (`sales`), the sales so far per currency. No access check here: the
 * socket joined the caller to their organizations' rooms by role.
 */
export async function liveEventView(deps: CloudDeps, eventId: string) {
  const now = deps.now();
  const door = await doorStats({ deps, eventId, query: { interval: '5' } });
  // From the start of the 5-minute slot the window begins in.
  const since = new Date(
    Math.floor((now.getTime() - RATE_MINUTES * 60_000) / 300_000) * 300_000,
  ).toISOString();
  const [rates, name, salesRows] = await Promise.all([
    queryRows<{ node_id: string; lane_id: string; admits: number | string }>(
      deps.db,
      sql`select node_id, lane_id, sum(count) as admits from scan_slots
        where event_id = ${eventId} and decision = 'admit' and slot >= ${since}::timestamptz
        group by node_id, lane_id`,
    ),
    queryRows<{ name: string; starts_at: Date | string }>(
      deps.db,
      sql`select name, starts_at from events where id = ${eventId}`,
    ),
    eventSalesRows(deps.db, eventId, {
      from: new Date(0),
      to: new Date(now.getTime() + 86_400_000),
      interval: 'week',
      timezone: 'UTC',
    }),
  ]);
  const rateOf = new Map(rates.map((r) => [`${r.node_id}/${r.lane_id}`, Number(r.admits) / RATE_MINUTES]));
  return {
    door: {
      eventId,
      name: name[0]?.name ?? '',
      capacity: door.capacity,
      inside: door.totals.inside,
      entries: door.totals.entries,
      exits: door.totals.exits,
      sold: door.totals.sold,
      checkedIn: door.totals.checkedIn,
      capacityPercent: door.totals.capacityPercent,
      peak: door.peak,
      curve: door.timeline.buckets.map((b) => ({ start: b.start, entries: b.entries, exits: b.exits })),
      gates: door.gates.map((g) => ({
        nodeId: g.nodeId,
        name: g.name,
        lanes: g.lanes.map((l) => ({
          laneId: l.laneId,
          admits: l.admits,
          rejects: l.rejects,
          rejectsByReason: l.rejectsByReason,
          perMinute: Math.round((rateOf.get(`${g.nodeId}/${l.laneId}`) ?? 0) * 10) / 10,
          lastScanAt: l.lastScanAt,
        })),
      })),
      at: now.toISOString(),
    },
    sales: totalsOf(salesRows),
  };
}
export type LiveEventView = Awaited<ReturnType<typeof liveEventView>>;
