import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { events, orderItems, orders, tiers } from '../db/schema.ts';
import { membershipRole } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { issueTickets } from '../tickets/issue.ts';

type Order = typeof orders.$inferSelect;

export function orderView(o: Order) {
  return {
    id: o.id,
    eventId: o.eventId,
    status: o.status,
    totalCents: o.totalCents,
    currency: o.currency,
    expiresAt: o.expiresAt?.toISOString() ?? null,
    confirmedAt: o.confirmedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

function mergeItems(items: { tierId: string; quantity: number }[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.tierId, (merged.get(item.tierId) ?? 0) + item.quantity);
  return merged;
}

/**
 * Holds inventory for an order. Each tier's `reserved` is raised with a conditional
 * UPDATE (`reserved + q <= quantity`), so concurrent buyers can never oversell: the
 * row lock makes the second buyer re-check against the first one's result. Tiers are
 * taken in id order so two orders cannot deadlock. A free order confirms at once.
 */
export async function createOrder({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: { items: { tierId: string; quantity: number }[] };
}) {
  const wanted = mergeItems(input.items);
  const tierIds = [...wanted.keys()].sort();
  const placed = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ tier: tiers, event: events })
      .from(tiers)
      .innerJoin(events, eq(events.id, tiers.eventId))
      .where(inArray(tiers.id, tierIds));
    const byId = new Map(rows.map((r) => [r.tier.id, r]));
    const missing = tierIds.find((id) => !byId.has(id));
    if (missing) throw new AppError('NOT_FOUND', `tier ${missing} not found`);
    const event = rows[0]!.event;
    if (rows.some((r) => r.event.id !== event.id))
      throw new AppError('BAD_REQUEST', 'items: all tiers of one order must belong to one event');
    if (event.status !== 'PUBLISHED') throw new AppError('CONFLICT', 'the event is not on sale');
    if (event.endsAt <= deps.now()) throw new AppError('CONFLICT', 'the event has ended');
    const currency = rows[0]!.tier.currency;
    if (rows.some((r) => r.tier.currency !== currency))
      throw new AppError('BAD_REQUEST', 'items: tiers are priced in different currencies');

    let totalCents = 0;
    for (const tierId of tierIds) {
      const { tier } = byId.get(tierId)!;
      const quantity = wanted.get(tierId)!;
      if (quantity > tier.maxPerOrder) {
        throw new AppError('BAD_REQUEST', `items: at most ${tier.maxPerOrder} of "${tier.name}" per order`);
      }
      const taken = await tx
        .update(tiers)
        .set({ reserved: sql`${tiers.reserved} + ${quantity}` })
        .where(and(eq(tiers.id, tierId), sql`${tiers.reserved} + ${quantity} <= ${tiers.quantity}`))
        .returning({ id: tiers.id });
      if (taken.length === 0) {
        const [now] = await tx
          .select({ left: sql<number>`${tiers.quantity} - ${tiers.reserved}` })
          .from(tiers)
          .where(eq(tiers.id, tierId));
        const left = Math.max(0, Number(now?.left ?? 0));
        throw new AppError(
          'SOLD_OUT',
          left === 0 ? `"${tier.name}" is sold out` : `"${tier.name}" has only ${left} left`,
        );
      }
      totalCents += tier.priceCents * quantity;
    }

    const free = totalCents === 0;
    const now = deps.now();
    const [order] = await tx
      .insert(orders)
      .values({
        id: newId(),
        userId,
        eventId: event.id,
        status: free ? 'CONFIRMED' : 'PENDING',
        totalCents,
        currency,
        expiresAt: free ? null : new Date(now.getTime() + deps.config.holdMinutes * 60_000),
        confirmedAt: free ? now : null,
      })
      .returning();
    const items = await tx
      .insert(orderItems)
      .values(
        tierIds.map((tierId) => ({
          id: newId(),
          orderId: order!.id,
          tierId,
          quantity: wanted.get(tierId)!,
          unitPriceCents: byId.get(tierId)!.tier.priceCents,
        })),
      )
      .returning();
    if (free) await markSold(tx, items, event, order!);
    return { view: orderView(order!), issuedAtVenue: free ? event.venueId : null };
  });
  if (placed.issuedAtVenue) notifyManifestChanged(deps, placed.issuedAtVenue);
  return placed.view;
}

async function markSold(
  tx: CloudDb,
  items: (typeof orderItems.$inferSelect)[],
  event: typeof events.$inferSelect,
  order: Order,
): Promise<void> {
  for (const item of items) {
    await tx
      .update(tiers)
      .set({ sold: sql`${tiers.sold} + ${item.quantity}` })
      .where(eq(tiers.id, item.tierId));
  }
  await issueTickets(tx, order, items, event);
}

/** Box-office payment (cash, comps): the event organization's OWNER/ADMIN/STAFF confirm a pending order. */
export async function confirmOrder({
  deps,
  userId,
  orderId,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
}) {
  const outcome = await deps.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw new AppError('NOT_FOUND', 'order not found');
    const [event] = await tx.select().from(events).where(eq(events.id, order.eventId));
    const role = await membershipRole(tx, userId, event!.orgId);
    if (!role) {
      if (order.userId === userId)
        throw new AppError('FORBIDDEN', 'only the organization’s box office can confirm an order');
      throw new AppError('NOT_FOUND', 'order not found');
    }
    if (order.status === 'CONFIRMED') return { order };
    if (order.status !== 'PENDING')
      throw new AppError('CONFLICT', `the order is ${order.status.toLowerCase()}`);
    if (order.expiresAt && order.expiresAt <= deps.now()) {
      await releaseOrder(tx, order.id);
      return { expired: true as const };
    }
    const [confirmed] = await tx
      .update(orders)
      .set({ status: 'CONFIRMED', confirmedAt: deps.now() })
      .where(eq(orders.id, order.id))
      .returning();
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    await markSold(tx, items, event!, confirmed!);
    return { order: confirmed!, venueId: event!.venueId };
  });
  if ('expired' in outcome)
    throw new AppError('HOLD_EXPIRED', 'the order’s hold expired and its tickets were released: order again');
  if ('venueId' in outcome && outcome.venueId) notifyManifestChanged(deps, outcome.venueId);
  return orderView(outcome.order);
}

/** Marks a pending order expired and gives its inventory back (caller holds the order row). */
async function releaseOrder(tx: CloudDb, orderId: string): Promise<boolean> {
  const [expired] = await tx
    .update(orders)
    .set({ status: 'EXPIRED' })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'PENDING')))
    .returning({ id: orders.id });
  if (!expired) return false;
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  for (const item of items) {
    await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} - ${item.quantity}` })
      .where(eq(tiers.id, item.tierId));
  }
  return true;
}

/** Background sweep: expire holds that ran out. Returns how many orders it released. */
export async function expireHolds({
  deps,
  limit = 500,
}: {
  deps: CloudDeps;
  limit?: number;
}): Promise<number> {
  const due = await deps.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'PENDING'), lt(orders.expiresAt, deps.now())))
    .limit(limit);
  let released = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction(async (tx) => {
      await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, id)).for('update');
      return releaseOrder(tx, id);
    });
    if (done) released++;
  }
  return released;
}

/** The buyer, or any member of the event's organization, may read an order. */
export async function getOrder({
  deps,
  userId,
  orderId,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
}) {
  const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId)).limit(1);
  if (!order) throw new AppError('NOT_FOUND', 'order not found');
  if (order.userId !== userId) {
    const [event] = await deps.db
      .select({ orgId: events.orgId })
      .from(events)
      .where(eq(events.id, order.eventId));
    if (!(await membershipRole(deps.db, userId, event!.orgId)))
      throw new AppError('NOT_FOUND', 'order not found');
  }
  const items = await deps.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  return {
    ...orderView(order),
    items: items.map((i) => ({ tierId: i.tierId, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
  };
}
