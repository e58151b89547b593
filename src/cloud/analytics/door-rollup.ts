import { sql } from 'drizzle-orm';
import type { UploadedScan } from '../../sync/protocol.ts';
import type { CloudDb } from '../db/client.ts';

const SLOT_MS = 5 * 60_000;

/**
 * Adds a batch of a node's uploaded scans to the door rollup (`scan_slots`): one row per
 * event, 5-minute slot, lane and outcome, so the door figures never scan the millions of
 * raw rows. Rows that name no event (a code that could not be read) and lane-direction
 * switches are not door traffic of an event; an event of another venue is not counted.
 * The key holds the node, so uploads of two nodes never wait on each other's rows.
 */
export async function addToDoorRollup(
  tx: CloudDb,
  node: { id: string; venueId: string },
  rows: UploadedScan[],
): Promise<void> {
  const groups = new Map<
    string,
    {
      event_id: string;
      slot: string;
      lane_id: string;
      direction: string;
      decision: string;
      reason: string;
      kind: string;
      count: number;
      last_at: string;
    }
  >();
  for (const r of rows) {
    if (!r.eventId || r.kind === 'direction') continue;
    const atMs = Date.parse(r.at);
    const slot = new Date(Math.floor(atMs / SLOT_MS) * SLOT_MS).toISOString();
    const kind = r.kind ?? 'scan';
    const key = [r.eventId, slot, r.laneId, r.direction, r.decision, r.reason, kind].join('\u0000');
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (Date.parse(g.last_at) < atMs) g.last_at = r.at;
    } else
      groups.set(key, {
        event_id: r.eventId,
        slot,
        lane_id: r.laneId,
        direction: r.direction,
        decision: r.decision,
        reason: r.reason,
        kind,
        count: 1,
        last_at: r.at,
      });
  }
  if (groups.size === 0) return;
  await tx.execute(sql`insert into scan_slots as s
      (event_id, slot, node_id, lane_id, direction, decision, reason, kind, count, last_at)
    select v.event_id, v.slot, ${node.id}, v.lane_id, v.direction, v.decision, v.reason, v.kind, v.count, v.last_at
    from jsonb_to_recordset(${JSON.stringify([...groups.values()])}::jsonb) as v(event_id text, slot timestamptz,
      lane_id text, direction text, decision text, reason text, kind text, count int, last_at timestamptz)
    join events e on e.id = v.event_id and e.venue_id = ${node.venueId}
    order by 1, 2, 4, 5, 6, 7, 8
    on conflict (event_id, slot, node_id, lane_id, direction, decision, reason, kind) do update
      set count = s.count + excluded.count, last_at = greatest(s.last_at, excluded.last_at)`);
}
