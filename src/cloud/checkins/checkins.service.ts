import { sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { UploadedScan } from '../../sync/protocol.ts';
import { type CloudDb, queryRows } from '../db/client.ts';
import { type CheckinState, checkinState, type Passage } from './checkin-state.ts';

/**
 * Brings the check-in state of the tickets a batch of uploaded scans touched up to date,
 * inside the ingest transaction. Only the venue's own nodes' scans of the venue's own
 * tickets count.
 *
 * A ticket's first admission creates its row, in the transaction that stores the scan
 * (and migration 0014 created the rows of tickets admitted before rows existed). So a row
 * this batch creates has no history but the batch: its state is computed from the batch
 * and written by the insert itself, the common case at the door. A ticket that already has
 * a row is locked in id order (uploads from two nodes about one ticket take turns, and the
 * second one, read committed, sees what the first committed) and recomputed from its whole
 * history, since an upload may carry passages older than ones already stored.
 */
export async function applyCheckins(tx: CloudDb, venueId: string, rows: UploadedScan[]): Promise<void> {
  const fromBatch = new Map<string, Passage[]>();
  for (const r of rows) {
    if (r.decision !== 'admit' || !r.ticketId || r.kind === 'direction') continue;
    const list = fromBatch.get(r.ticketId) ?? [];
    list.push({
      direction: r.direction,
      kind: r.kind ?? null,
      hlc: r.hlc,
      nodeId: '',
      seq: r.seq,
      at: new Date(r.at),
    });
    fromBatch.set(r.ticketId, list);
  }
  if (fromBatch.size === 0) return;
  const states = [...fromBatch].map(([id, passages]) => stateRow(id, checkinState(passages)));
  // The tickets are found by id alone, in a materialized CTE, and only then kept to the
  // venue: given both conditions, a planner that underestimates the venue's tickets (the
  // table grew since its last analyse) walked all of them (45 ms a batch at 100,000).
  // Inserted in id order: two uploads creating the same rows wait on each other in one order.
  const existing = await queryRows<{ id: string }>(
    tx,
    sql`with t as materialized (
        select id, event_id, tier_id, venue_id from tickets where id = any(${sql.param([...fromBatch.keys()])}::text[])),
      v as (select t.id, t.event_id, t.tier_id, s.checked_in_at, s.last_scan_at, s.inside
        from t join jsonb_to_recordset(${JSON.stringify(states)}::jsonb)
          as s(id text, checked_in_at timestamptz, last_scan_at timestamptz, inside boolean) on s.id = t.id
        where t.venue_id = ${venueId}),
      created as (insert into ticket_checkins (ticket_id, event_id, tier_id, checked_in_at, last_scan_at, inside)
        select id, event_id, tier_id, checked_in_at, last_scan_at, inside from v order by id
        on conflict (ticket_id) do nothing
        returning ticket_id)
      select id from v where id not in (select ticket_id from created) order by id`,
  );
  if (existing.length === 0) return;
  const ids = sql.param(existing.map((e) => e.id));
  await tx.execute(
    sql`select 1 from ticket_checkins where ticket_id = any(${ids}::text[]) order by ticket_id for update`,
  );
  // By ticket first (materialized), then kept to the venue's nodes: see above.
  const history = await queryRows<{
    ticket_id: string;
    direction: string;
    kind: string | null;
    hlc: string;
    node_id: string;
    seq: string | number;
    at: string | Date;
  }>(
    tx,
    sql`with s as materialized (
        select ticket_id, direction, kind, hlc, node_id, seq, at, decision from scans
        where ticket_id = any(${ids}::text[]))
      select s.ticket_id, s.direction, s.kind, s.hlc, s.node_id, s.seq, s.at from s
      where s.decision = 'admit' and coalesce(s.kind, 'scan') <> 'direction'
        and s.node_id in (select id from edge_nodes where venue_id = ${venueId})`,
  );
  const byTicket = new Map<string, Passage[]>();
  for (const h of history) {
    const list = byTicket.get(h.ticket_id) ?? [];
    list.push({
      direction: h.direction,
      kind: h.kind,
      hlc: h.hlc,
      nodeId: h.node_id,
      seq: Number(h.seq),
      at: new Date(h.at),
    });
    byTicket.set(h.ticket_id, list);
  }
  const recomputed = existing.map(({ id }) => stateRow(id, checkinState(byTicket.get(id) ?? [])));
  await tx.execute(sql`update ticket_checkins c
    set checked_in_at = v.checked_in_at, last_scan_at = v.last_scan_at, inside = v.inside
    from jsonb_to_recordset(${JSON.stringify(recomputed)}::jsonb)
      as v(id text, checked_in_at timestamptz, last_scan_at timestamptz, inside boolean)
    where c.ticket_id = v.id`);
}

function stateRow(id: string, s: CheckinState) {
  return {
    id,
    checked_in_at: s.checkedInAt?.toISOString() ?? null,
    last_scan_at: s.lastScanAt?.toISOString() ?? null,
    inside: s.inside,
  };
}

export interface TicketCheckin {
  checkedInAt: string | null;
  lastScanAt: string | null;
  inside: boolean;
}

const NOT_SCANNED: TicketCheckin = { checkedInAt: null, lastScanAt: null, inside: false };

/** Check-in state of the given tickets (a ticket never admitted reads as not checked in). */
export async function checkinsOf(db: CloudDb, ticketIds: string[]): Promise<Map<string, TicketCheckin>> {
  const found = new Map<string, TicketCheckin>();
  if (ticketIds.length === 0) return found;
  const rows = await queryRows<{
    ticket_id: string;
    checked_in_at: string | Date | null;
    last_scan_at: string | Date | null;
    inside: boolean;
  }>(
    db,
    sql`select ticket_id, checked_in_at, last_scan_at, inside from ticket_checkins
      where ticket_id in (select jsonb_array_elements_text(${JSON.stringify(ticketIds)}::jsonb))`,
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  for (const r of rows)
    found.set(r.ticket_id, {
      checkedInAt: iso(r.checked_in_at),
      lastScanAt: iso(r.last_scan_at),
      inside: r.inside,
    });
  for (const id of ticketIds) if (!found.has(id)) found.set(id, NOT_SCANNED);
  return found;
}

/**
 * The rule "a used ticket cannot change hands or attendee": refused with a 409 naming it.
 * `what` says what was tried ("transferred", "given another attendee").
 */
export async function refuseIfCheckedIn(db: CloudDb, ticketId: string, what: string): Promise<void> {
  const state = (await checkinsOf(db, [ticketId])).get(ticketId)!;
  if (state.checkedInAt)
    throw new AppError(
      'CONFLICT',
      `checked_in: the ticket was used at the gate (${state.checkedInAt}) and cannot be ${what}`,
    );
}
