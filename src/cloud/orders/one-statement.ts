import { type SQL, sql } from 'drizzle-orm';
import type { CloudDb } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { orders, tickets } from '../db/schema.ts';

type Order = typeof orders.$inferSelect;
type TicketRow = typeof tickets.$inferInsert & { id: string; code: string };

const ts = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A one-tier order as a single statement: the conditional UPDATE of the tier feeds the
 * order, item and ticket INSERTs through data-modifying CTEs, so they all happen or
 * (when the tier has too few left) none does. Postgres runs it as one implicit
 * transaction, so the tier's row lock is held only while the statement runs, never
 * across a round trip to this process. Returns false when the tier had too few left.
 */
export async function placeInOneStatement(
  db: CloudDb,
  order: Order,
  item: { id: string; tierId: string; quantity: number; unitPriceCents: number },
  ticketRows: TicketRow[],
): Promise<boolean> {
  const q = item.quantity;
  const soldNow = order.status === 'CONFIRMED' ? q : 0;
  const ticketCte: SQL = ticketRows.length
    ? sql`, issued as (
        insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code)
        select v.id, placed.id, ${order.eventId}, ${ticketRows[0]!.venueId}, ${item.tierId}, ${order.userId}, v.code
        from placed, (values ${sql.join(
          ticketRows.map((t) => sql`(${t.id}, ${t.code})`),
          sql`, `,
        )}) as v(id, code)
      )`
    : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with taken as (
      update tiers set reserved = reserved + ${q}, sold = sold + ${soldNow}
      where id = ${item.tierId} and reserved + ${q} <= quantity
      returning id
    ), placed as (
      insert into orders (id, user_id, event_id, status, subtotal_cents, discount_cents, total_cents, currency,
        idempotency_key, request_hash, expires_at, confirmed_at, created_at)
      select ${order.id}, ${order.userId}, ${order.eventId}, ${order.status}::order_status, ${order.subtotalCents},
        ${order.discountCents}, ${order.totalCents}, ${order.currency}, ${order.idempotencyKey}, ${order.requestHash},
        ${ts(order.expiresAt)}::timestamptz, ${ts(order.confirmedAt)}::timestamptz, ${ts(order.createdAt)}::timestamptz
      from taken
      returning id
    ), item as (
      insert into order_items (id, order_id, tier_id, quantity, unit_price_cents)
      select ${item.id}, placed.id, ${item.tierId}, ${q}, ${item.unitPriceCents} from placed
    )${ticketCte}
    select id from placed`,
  );
  return rows.length === 1;
}
