import { newId } from '../../shared/ids.ts';
import type { SigningKey } from '../../shared/ticket-code.ts';
import type { CloudDeps } from '../context.ts';
import { preparedRows } from '../db/client.ts';
import type { orders } from '../db/schema.ts';
import type { TicketRow } from '../tickets/issue.ts';
import { inTierLane } from './tier-lanes.ts';

type Order = typeof orders.$inferSelect;

/**
 * What the order was priced and signed against. The statement re-checks all of it
 * under its locks, so an order planned from a cached (possibly stale) read still
 * cannot be placed against a tier or event that changed meanwhile.
 */
export interface OrderGuard {
  now: Date;
  event: { id: string; venueId: string; startsAt: Date; endsAt: Date };
  tier: { id: string; priceCents: number; currency: string };
  /** The key the tickets were signed with; it must still be the event's signing key. Null when nothing is signed. */
  key: SigningKey | null;
}

export type OneStatementOutcome =
  | { placed: true }
  /**
   * Nothing was written. `eventOnSale`: the event row passed its checks; `left`: the
   * tier's free inventory and `holds` its units held by pending orders, as the statement saw them.
   */
  | { placed: false; eventOnSale: boolean; left: number; holds: number };

/*
 * One implicit transaction, so the tier's row lock is held only while Postgres runs
 * the statement, never across a round trip:
 * - `ev` takes the event row FOR KEY SHARE, only if it is still PUBLISHED, not over, at
 *   the venue and the times the codes were signed for. Cancelling an event takes that row FOR
 *   UPDATE first, so a cancellation and an order serialise: either the order commits
 *   first and the cancellation revokes its tickets, or the order sees CANCELLED.
 * - `signing` is the event's current signing key (newest unrevoked), also locked
 *   FOR KEY SHARE against a concurrent revocation.
 * - `taken` is the conditional UPDATE that can never oversell (`reserved + q <=
 *   quantity`, re-checked by Postgres against the newest row version when it waits
 *   for another buyer's lock), with every sale rule of the tier.
 * - the order, its item and its tickets are inserted only from `taken`'s row, and so is
 *   the outbox row of a confirmed (free) order's mail (notifications/), or of a held
 *   order's `order.placed` webhook when the organization subscribes to it: it commits or
 *   rolls back with the order, at no extra round trip.
 * - `counted` adds a confirmed (free) order to the organization's sales rollup
 *   (analytics/, as tixmo_sales_add in migration 0011 does) and the order is marked
 *   `sales_counted`, so the sales triggers leave it alone: plpgsql triggers cost this
 *   statement ~0.4 ms of Postgres CPU, a fifth of an on-sale's capacity.
 * Fixed text (tickets arrive as two arrays), so node-postgres prepares it once per
 * connection.
 */
export const PLACE_ONE_TIER_ORDER = `with ev as (
  select id, org_id from events
  where id = $1 and venue_id = $23 and status = 'PUBLISHED' and ends_at > $2::timestamptz
    and starts_at = $3::timestamptz and ends_at = $4::timestamptz
  for key share
), signing as (
  select kid from event_keys
  where event_id = $1 and revoked_at is null
  order by created_at desc, kid desc
  limit 1
  for key share
), taken as (
  update tiers set reserved = reserved + $6::int, sold = sold + $7::int
  where id = $8 and event_id = $1 and reserved + $6::int <= quantity
    and active and price_cents = $9 and currency = $10
    and min_per_order <= $6::int and max_per_order >= $6::int
    and (sale_starts_at is null or sale_starts_at <= $2::timestamptz)
    and (sale_ends_at is null or sale_ends_at > $2::timestamptz)
    and exists (select 1 from ev)
    and ($5::text is null or $5::text = (select kid from signing))
  returning id
), placed as (
  insert into orders (id, user_id, event_id, status, subtotal_cents, discount_cents, total_cents, currency,
    idempotency_key, request_hash, expires_at, confirmed_at, created_at, sales_counted)
  select $11, $12, $1, $13::order_status, $14, $15, $16, $10, $17, $18,
    $19::timestamptz, $20::timestamptz, $21::timestamptz, $13::order_status = 'CONFIRMED'
  from taken
  returning id
), item as (
  insert into order_items (id, order_id, tier_id, quantity, unit_price_cents)
  select $22, placed.id, $8, $6::int, $9 from placed
), issued as (
  insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code)
  select v.id, placed.id, $1, $23, $8, $12, v.code
  from placed, unnest($24::text[], $25::text[]) as v(id, code)
), told as (
  insert into outbox (id, kind, org_id, user_id, ref_id, due_at, created_at)
  select $26, case when $13::order_status = 'CONFIRMED' then 'order.confirmed' else 'order.placed' end,
    (select org_id from ev), $12, placed.id, $21::timestamptz, $21::timestamptz
  from placed where $13::order_status = 'CONFIRMED' or exists (select 1 from webhook_endpoints w
    where w.org_id = (select org_id from ev) and w.disabled_at is null and w.deleted_at is null
      and w.event_types @> '["order.placed"]'::jsonb)
), counted as (
  insert into sales_slots as s (org_id, slot, currency, shard, orders, tickets, gross_cents, discount_cents,
    refunds, refunded_cents)
  select (select org_id from ev), date_bin('15 minutes', $20::timestamptz, timestamptz '2000-01-01 00:00:00+00'),
    $10, floor(random() * 4)::int, 1, $6::int, $14, $15, 0, 0
  from placed where $13::order_status = 'CONFIRMED'
  on conflict (org_id, slot, currency, shard) do update set
    orders = s.orders + excluded.orders, tickets = s.tickets + excluded.tickets,
    gross_cents = s.gross_cents + excluded.gross_cents, discount_cents = s.discount_cents + excluded.discount_cents
)
select (select id from placed) as placed,
  exists (select 1 from ev) as event_on_sale,
  (select quantity - reserved from tiers where id = $8) as left,
  (select reserved - sold from tiers where id = $8) as holds`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A one-tier order without a promo code (the common order) as a single SQL statement:
 * inventory, order, item and tickets all happen or none does. At most
 * `config.ordersInFlightPerTier` of them per tier go to Postgres at once (tier-lanes.ts).
 */
export async function placeInOneStatement(
  { db, config }: Pick<CloudDeps, 'db' | 'config'>,
  order: Order,
  item: { id: string; tierId: string; quantity: number; unitPriceCents: number },
  ticketRows: TicketRow[],
  guard: OrderGuard,
): Promise<OneStatementOutcome> {
  const q = item.quantity;
  const placing = () =>
    preparedRows<{
      placed: string | null;
      event_on_sale: boolean;
      left: number | null;
      holds: number | null;
    }>(db, 'place_one_tier_order', PLACE_ONE_TIER_ORDER, [
      guard.event.id,
      iso(guard.now),
      iso(guard.event.startsAt),
      iso(guard.event.endsAt),
      guard.key?.kid ?? null,
      q,
      order.status === 'CONFIRMED' ? q : 0,
      item.tierId,
      guard.tier.priceCents,
      guard.tier.currency,
      order.id,
      order.userId,
      order.status,
      order.subtotalCents,
      order.discountCents,
      order.totalCents,
      order.idempotencyKey,
      order.requestHash,
      iso(order.expiresAt),
      iso(order.confirmedAt),
      iso(order.createdAt),
      item.id,
      guard.event.venueId,
      ticketRows.map((t) => t.id),
      ticketRows.map((t) => t.code),
      newId(),
    ]);
  const [row] = await inTierLane(db, item.tierId, config.ordersInFlightPerTier, placing);
  if (row?.placed) return { placed: true };
  return {
    placed: false,
    eventOnSale: row?.event_on_sale ?? false,
    left: Math.max(0, Number(row?.left ?? 0)),
    holds: Number(row?.holds ?? 0),
  };
}
