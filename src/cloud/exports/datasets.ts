import { type SQL, sql } from 'drizzle-orm';
import type { CsvValue } from './csv.ts';

/** How a column is written: text is guarded against formulas, numbers and booleans are not. */
export type ColumnKind = 'text' | 'number' | 'boolean';

/**
 * What each export lists, one keyset page at a time: `page(after, limit)` answers the next
 * `limit` rows strictly after the key `after` (null: from the start) in a fixed order, so
 * a page is a short indexed query and nothing is held open between pages. The page's keys
 * are picked in a subquery first and joined after: on a table not yet analysed, the
 * planner would otherwise join and sort every remaining row for each page.
 */
export interface Dataset {
  name: string;
  /** The CSV's columns and how each is written; `page` selects them in this order. */
  columns: readonly (readonly [name: string, kind: ColumnKind])[];
  /** Positions (in `columns`) of the key the rows are ordered by. */
  key: readonly number[];
  /** `limit` null: every row, in the same order (the whole export as one query, for COPY). */
  page(after: readonly string[] | null, limit: number | null): SQL;
  /** A keyset page's row: its key and its CSV values, in the columns' order. */
  row(r: Record<string, unknown>): { key: string[]; values: CsvValue[] };
}

export type Scope = { eventId: string } | { orgId: string };

/** ISO-8601 UTC with milliseconds, the same text on PGlite and node-postgres. */
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const limitOf = (limit: number | null) => (limit === null ? sql`` : sql`limit ${limit}`);

function scopeOf(scope: Scope, alias: SQL): SQL {
  return 'eventId' in scope ? sql`${alias}.event_id = ${scope.eventId}` : sql`e.org_id = ${scope.orgId}`;
}

/** Orders of an event or an organization, by id (UUIDv7: oldest first). */
export function ordersDataset(scope: Scope): Dataset {
  return {
    name: 'orders',
    key: [0],
    columns: [
      ['order_id', 'text'],
      ['event_id', 'text'],
      ['event_name', 'text'],
      ['status', 'text'],
      ['created_at', 'text'],
      ['confirmed_at', 'text'],
      ['buyer_name', 'text'],
      ['buyer_email', 'text'],
      ['currency', 'text'],
      ['tickets', 'number'],
      ['subtotal_cents', 'number'],
      ['discount_cents', 'number'],
      ['total_cents', 'number'],
      ['refunded_cents', 'number'],
      ['promo_code', 'text'],
    ],
    page: (after, limit) => sql`select o.id, o.event_id, e.name as event_name, o.status,
        ${iso(sql`o.created_at`)} as created_at, ${iso(sql`o.confirmed_at`)} as confirmed_at,
        case when u.deleted_at is null then u.name end as buyer_name,
        case when u.deleted_at is null then u.email end as buyer_email,
        o.currency, (select coalesce(sum(i.quantity), 0) from order_items i where i.order_id = o.id) as tickets,
        o.subtotal_cents, o.discount_cents, o.total_cents, o.refunded_cents, p.code as promo_code
      from (select o.* from orders o join events e on e.id = o.event_id
          where ${scopeOf(scope, sql`o`)} ${after ? sql`and o.id > ${after[0]}` : sql``}
          order by o.id ${limitOf(limit)}) o
        join events e on e.id = o.event_id join users u on u.id = o.user_id
        left join promo_codes p on p.id = o.promo_code_id
      order by o.id`,
    row: (r) => ({
      key: [String(r.id)],
      values: [
        text(r.id),
        text(r.event_id),
        text(r.event_name),
        text(r.status),
        text(r.created_at),
        text(r.confirmed_at),
        text(r.buyer_name),
        text(r.buyer_email),
        text(r.currency),
        num(r.tickets),
        num(r.subtotal_cents),
        num(r.discount_cents),
        num(r.total_cents),
        num(r.refunded_cents),
        text(r.promo_code),
      ],
    }),
  };
}

/** Every ticket of an event with its attendee, holder and state at the gates, by ticket id. */
export function attendeesDataset(eventId: string): Dataset {
  return {
    name: 'attendees',
    key: [0],
    columns: [
      ['ticket_id', 'text'],
      ['order_id', 'text'],
      ['tier', 'text'],
      ['status', 'text'],
      ['attendee_name', 'text'],
      ['attendee_email', 'text'],
      ['holder_name', 'text'],
      ['holder_email', 'text'],
      ['checked_in_at', 'text'],
      ['last_scan_at', 'text'],
      ['inside', 'boolean'],
    ],
    page: (
      after,
      limit,
    ) => sql`select t.id, t.order_id, tr.name as tier, t.status, t.attendee_name, t.attendee_email,
        case when u.deleted_at is null then u.name end as holder_name,
        case when u.deleted_at is null then u.email end as holder_email,
        ${iso(sql`c.checked_in_at`)} as checked_in_at, ${iso(sql`c.last_scan_at`)} as last_scan_at,
        coalesce(c.inside, false) as inside
      from (select * from tickets where event_id = ${eventId} ${after ? sql`and id > ${after[0]}` : sql``}
          order by id ${limitOf(limit)}) t
        join tiers tr on tr.id = t.tier_id join users u on u.id = t.holder_id
        left join ticket_checkins c on c.ticket_id = t.id
      order by t.id`,
    row: (r) => ({
      key: [String(r.id)],
      values: [
        text(r.id),
        text(r.order_id),
        text(r.tier),
        text(r.status),
        text(r.attendee_name),
        text(r.attendee_email),
        text(r.holder_name),
        text(r.holder_email),
        text(r.checked_in_at),
        text(r.last_scan_at),
        r.inside === true || r.inside === 't',
      ],
    }),
  };
}

/**
 * Every scan the event's venue's edges uploaded for it, in HLC order (the order the
 * cloud applies them in). No personal data: ticket ids only.
 */
export function scansDataset(eventId: string, venueId: string): Dataset {
  return {
    name: 'scans',
    key: [1, 2, 4],
    columns: [
      ['at', 'text'],
      ['hlc', 'text'],
      ['node_id', 'text'],
      ['node_name', 'text'],
      ['seq', 'number'],
      ['lane_id', 'text'],
      ['direction', 'text'],
      ['kind', 'text'],
      ['decision', 'text'],
      ['reason', 'text'],
      ['ticket_id', 'text'],
      ['note', 'text'],
    ],
    page: (after, limit) => sql`select ${iso(sql`s.at`)} as at, s.hlc, s.node_id, n.name as node_name, s.seq,
        s.lane_id, s.direction, coalesce(s.kind, 'scan') as kind, s.decision, s.reason, s.ticket_id, s.note
      from scans s join edge_nodes n on n.id = s.node_id and n.venue_id = ${venueId}
      where s.event_id = ${eventId}
        ${after ? sql`and (s.hlc, s.node_id, s.seq) > (${after[0]}, ${after[1]}, ${Number(after[2])})` : sql``}
      order by s.hlc, s.node_id, s.seq ${limitOf(limit)}`,
    row: (r) => ({
      key: [String(r.hlc), String(r.node_id), String(r.seq)],
      values: [
        text(r.at),
        text(r.hlc),
        text(r.node_id),
        text(r.node_name),
        num(r.seq),
        text(r.lane_id),
        text(r.direction),
        text(r.kind),
        text(r.decision),
        text(r.reason),
        text(r.ticket_id),
        text(r.note),
      ],
    }),
  };
}

/** Refunds of an event's or an organization's orders, by refund id. */
export function refundsDataset(scope: Scope): Dataset {
  return {
    name: 'refunds',
    key: [0],
    columns: [
      ['refund_id', 'text'],
      ['order_id', 'text'],
      ['event_id', 'text'],
      ['event_name', 'text'],
      ['created_at', 'text'],
      ['status', 'text'],
      ['provider', 'text'],
      ['currency', 'text'],
      ['amount_cents', 'number'],
      ['tickets', 'number'],
      ['reason', 'text'],
    ],
    page: (after, limit) => sql`select r.id, r.order_id, o.event_id, e.name as event_name,
        ${iso(sql`r.created_at`)} as created_at, r.status, r.provider, o.currency, r.amount_cents,
        jsonb_array_length(r.ticket_ids) as tickets, r.reason
      from refunds r join orders o on o.id = r.order_id join events e on e.id = o.event_id
      where ${scopeOf(scope, sql`o`)} ${after ? sql`and r.id > ${after[0]}` : sql``}
      order by r.id ${limitOf(limit)}`,
    row: (r) => ({
      key: [String(r.id)],
      values: [
        text(r.id),
        text(r.order_id),
        text(r.event_id),
        text(r.event_name),
        text(r.created_at),
        text(r.status),
        text(r.provider),
        text(r.currency),
        num(r.amount_cents),
        num(r.tickets),
        text(r.reason),
      ],
    }),
  };
}
