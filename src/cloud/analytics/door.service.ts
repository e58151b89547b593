import { z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Heartbeat } from '../../sync/protocol.ts';
import type { CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { edgeNodes, events, venues } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES } from '../orgs/access.ts';
import { checkTimezone } from './range.ts';

export const doorQuerySchema = z.object({
  interval: z
    .enum(['5', '15', '60'])
    .default('15')
    .openapi({ description: 'Minutes per bucket of the entry and exit timeline' }),
  timezone: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Zone of the timeline’s labels (default: the venue’s)' }),
});
export type DoorQuery = z.infer<typeof doorQuerySchema>;

/** More timeline buckets than this and only the non-empty ones are listed (stray clocks can spread scans over months). */
const MAX_FILLED_BUCKETS = 2000;

type Num = number | string;

/**
 * The door in numbers for one event, from its venue's nodes only: tickets by tier and
 * state, check-in rate, occupancy against capacity, the exact peak (admissions walked in
 * HLC order), the entry and exit timeline, and per node and lane what was scanned,
 * admitted and rejected and why, with the devices' states from the node's last heartbeat.
 * No access check: callers (the route, the live page) check who asks first.
 */
export async function doorStats({
  deps,
  eventId,
  query,
}: {
  deps: CloudDeps;
  eventId: string;
  query: DoorQuery;
}) {
  const [row] = await deps.db
    .select({ event: events, capacity: venues.capacity, tz: venues.timezone })
    .from(events)
    .innerJoin(venues, eq(venues.id, events.venueId))
    .where(eq(events.id, eventId));
  if (!row) throw new AppError('NOT_FOUND', 'event not found');
  const { event, capacity } = row;
  // Checked before any query uses it; the zone list is read once per process.
  const timezone = await checkTimezone(deps.db, query.timezone ?? row.tz);
  const minutes = Number(query.interval);
  // The venue's nodes as an array compared row by row: it keeps the admissions in the
  // index's (hlc, node) order, so the walk below needs no sort (a semi join against the
  // list would lose that order). A subquery, so every query below runs at once.
  const onVenueNodes = sql`array(select id from edge_nodes where venue_id = ${event.venueId})`;

  const [nodes, tiers, slots, peak] = await Promise.all([
    deps.db
      .select({
        id: edgeNodes.id,
        name: edgeNodes.name,
        state: edgeNodes.state,
        heartbeatAt: edgeNodes.heartbeatAt,
      })
      .from(edgeNodes)
      .where(eq(edgeNodes.venueId, event.venueId))
      .orderBy(asc(edgeNodes.name), asc(edgeNodes.id)),
    queryRows<{
      id: string;
      name: string;
      quantity: number;
      sold: number;
      reserved: number;
      refunded: Num;
      cancelled: Num;
      checked_in: Num;
    }>(
      deps.db,
      // Checked-in = the tier's check-ins less those of tickets no longer valid: the
      // ended tickets are few (a partial index holds them), where probing every
      // checked-in ticket's state one by one costs a lookup per attendee.
      sql`with ended as materialized (
          select x.tier_id, x.status, c.tier_id as checkin_tier, c.checked_in_at
          from tickets x left join ticket_checkins c on c.ticket_id = x.id
          where x.event_id = ${eventId} and x.status <> 'VALID')
        select t.id, t.name, t.quantity, t.sold, t.reserved,
          (select count(*) from ended where tier_id = t.id and status = 'REFUNDED') as refunded,
          (select count(*) from ended where tier_id = t.id and status = 'CANCELLED') as cancelled,
          coalesce(c.n, 0) - (select count(*) from ended where checkin_tier = t.id and checked_in_at is not null) as checked_in
        from tiers t
        left join (select tier_id, count(*) as n from ticket_checkins
            where event_id = ${eventId} and checked_in_at is not null group by tier_id) c on c.tier_id = t.id
        where t.event_id = ${eventId} order by t.sort_order, t.name, t.id`,
    ),
    queryRows<{
      slot: string | Date;
      node_id: string;
      lane_id: string;
      direction: string;
      decision: string;
      reason: string;
      kind: string;
      count: Num;
      last_at: string | Date;
      hour: string | Date;
    }>(
      deps.db,
      sql`select slot, date_trunc('hour', slot, ${timezone}) as hour, node_id, lane_id, direction, decision, reason, kind, count, last_at
        from scan_slots where event_id = ${eventId} and node_id = any(${onVenueNodes})`,
    ),
    queryRows<{ inside: Num; at: string | Date }>(
      deps.db,
      sql`select inside, at from (
          select s.at, sum(case when (s.direction = 'entry') = (coalesce(s.kind, 'scan') <> 'annul') then 1 else -1 end)
            over (order by s.hlc, s.node_id rows unbounded preceding) as inside
          from scans s
          where s.event_id = ${eventId} and s.decision = 'admit' and s.node_id = any(${onVenueNodes})
        ) walk order by inside desc, at asc limit 1`,
    ),
  ]);

  let entries = 0;
  let exits = 0;
  const timeline = new Map<number, { entries: number; exits: number }>();
  const lanes = new Map<string, LaneFigures>();
  for (const s of slots) {
    const n = Number(s.count);
    const lane = laneOf(lanes, s.node_id, s.lane_id);
    const lastAt = new Date(s.last_at).toISOString();
    if (s.kind === 'annul') lane.annulled += n;
    else {
      lane.scans += n;
      if (!lane.lastScanAt || lane.lastScanAt < lastAt) lane.lastScanAt = lastAt;
      if (s.kind === 'manual_admit') lane.manual += n;
    }
    if (s.decision !== 'admit') {
      lane.rejects += n;
      lane.rejectsByReason[s.reason] = (lane.rejectsByReason[s.reason] ?? 0) + n;
      continue;
    }
    const step = s.kind === 'annul' ? -n : n;
    lane.admits += step;
    // 5 and 15 minutes are cut in absolute time (every zone's offset is a whole number of
    // quarter hours); hours on the zone's clock, so a half-hour zone gets its own hours.
    const bucketMs =
      minutes === 60
        ? new Date(s.hour).getTime()
        : Math.floor(new Date(s.slot).getTime() / (minutes * 60_000)) * minutes * 60_000;
    const b = timeline.get(bucketMs) ?? { entries: 0, exits: 0 };
    if (s.direction === 'entry') {
      entries += step;
      b.entries += step;
    } else {
      exits += step;
      b.exits += step;
    }
    timeline.set(bucketMs, b);
  }

  const tierViews = tiers.map((t) => ({
    tierId: t.id,
    name: t.name,
    quantity: t.quantity,
    sold: t.sold,
    held: t.reserved - t.sold,
    refunded: Number(t.refunded),
    cancelled: Number(t.cancelled),
    checkedIn: Number(t.checked_in),
  }));
  const sum = (key: 'quantity' | 'sold' | 'held' | 'refunded' | 'cancelled' | 'checkedIn') =>
    tierViews.reduce((acc, t) => acc + t[key], 0);
  const sold = sum('sold');
  const checkedIn = sum('checkedIn');
  const inside = entries - exits;
  const peakRow = peak[0];
  return {
    eventId,
    timezone,
    capacity,
    tiers: tierViews,
    totals: {
      quantity: sum('quantity'),
      sold,
      held: sum('held'),
      refunded: sum('refunded'),
      cancelled: sum('cancelled'),
      checkedIn,
      /** Share of the valid tickets sold that were used at the gate (0–1). */
      checkInRate: sold > 0 ? round(checkedIn / sold, 4) : 0,
      entries,
      exits,
      inside,
      /** Inside now as a percentage of the venue's capacity. */
      capacityPercent: capacity > 0 ? round((inside / capacity) * 100, 1) : 0,
    },
    peak:
      peakRow && Number(peakRow.inside) > 0
        ? { inside: Number(peakRow.inside), at: new Date(peakRow.at).toISOString() }
        : null,
    timeline: {
      intervalMinutes: minutes,
      buckets: await labelTimeline(deps, timeline, minutes, timezone),
    },
    gates: nodes.map((n) => {
      const state = n.state as Heartbeat | null;
      const reported = new Map((state?.lanes ?? []).map((l) => [l.id, l]));
      const ids = new Set([
        ...reported.keys(),
        ...[...lanes.values()].filter((l) => l.nodeId === n.id).map((l) => l.laneId),
      ]);
      return {
        nodeId: n.id,
        name: n.name,
        heartbeatAt: n.heartbeatAt?.toISOString() ?? null,
        lanes: [...ids].sort().map((laneId) => {
          const { nodeId: _n, ...figures } = lanes.get(`${n.id}\u0000${laneId}`) ?? newLane(n.id, laneId);
          const report = reported.get(laneId);
          return { ...figures, direction: report?.direction ?? null, devices: report?.devices ?? [] };
        }),
      };
    }),
  };
}

interface LaneFigures {
  nodeId: string;
  laneId: string;
  /** Reads and hand admissions (annulments are not scans). */
  scans: number;
  /** Admissions (entries and exits) net of annulments. */
  admits: number;
  rejects: number;
  rejectsByReason: Record<string, number>;
  manual: number;
  annulled: number;
  lastScanAt: string | null;
}

function newLane(nodeId: string, laneId: string): LaneFigures {
  return {
    nodeId,
    laneId,
    scans: 0,
    admits: 0,
    rejects: 0,
    rejectsByReason: {},
    manual: 0,
    annulled: 0,
    lastScanAt: null,
  };
}

function laneOf(lanes: Map<string, LaneFigures>, nodeId: string, laneId: string): LaneFigures {
  const key = `${nodeId}\u0000${laneId}`;
  let lane = lanes.get(key);
  if (!lane) {
    lane = newLane(nodeId, laneId);
    lanes.set(key, lane);
  }
  return lane;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Timeline buckets from the first to the last with traffic, empty ones included, labelled on the zone's clock. */
async function labelTimeline(
  deps: CloudDeps,
  counts: Map<number, { entries: number; exits: number }>,
  minutes: number,
  timezone: string,
) {
  if (counts.size === 0) return [];
  const keyed = counts;
  const step = minutes * 60_000;
  const keys = [...keyed.keys()].sort((a, b) => a - b);
  const first = keys[0]!;
  const last = keys.at(-1)!;
  const all = (last - first) / step + 1 <= MAX_FILLED_BUCKETS ? range(first, last, step) : keys;
  const labels = await queryRows<{ k: string; local: string }>(
    deps.db,
    sql`select k, to_char(to_timestamp(k::bigint / 1000.0) at time zone ${timezone}, 'YYYY-MM-DD"T"HH24:MI') as local
      from jsonb_array_elements_text(${JSON.stringify(all.map(String))}::jsonb) k`,
  );
  const local = new Map(labels.map((l) => [Number(l.k), l.local]));
  return all.map((ms) => ({
    start: new Date(ms).toISOString(),
    local: local.get(ms)!,
    entries: keyed.get(ms)?.entries ?? 0,
    exits: keyed.get(ms)?.exits ?? 0,
  }));
}

function range(first: number, last: number, step: number): number[] {
  const out: number[] = [];
  for (let x = first; x <= last; x += step) out.push(x);
  return out;
}

export async function getDoorStats({
  deps,
  userId,
  eventId,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  query: DoorQuery;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: ALL_ROLES });
  return doorStats({ deps, eventId, query });
}
