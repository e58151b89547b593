import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { orderItems, orders, tiers } from '../db/schema.ts';
import { noteHoldReleased } from '../notifications/hooks.ts';
import { givePromoUseBack } from '../promo-codes/promo-codes.service.ts';

/**
 * Ends a pending order (EXPIRED or CANCELLED) and gives back its inventory and its
 * promo-code use. The status check in the UPDATE makes a second release a no-op, so the
 * sweep, a lazy read and a cancel can race safely.
 */
export async function releaseOrder(
  tx: CloudDb,
  orderId: string,
  status: 'EXPIRED' | 'CANCELLED',
  now: Date,
): Promise<boolean> {
  const [released] = await tx
    .update(orders)
    .set(status === 'CANCELLED' ? { status, cancelledAt: now } : { status })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'PENDING')))
    .returning({ id: orders.id, promoCodeId: orders.promoCodeId });
  if (!released) return false;
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  for (const item of [...items].sort((a, b) => (a.tierId < b.tierId ? -1 : 1))) {
    await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} - ${item.quantity}` })
      .where(eq(tiers.id, item.tierId));
  }
  if (released.promoCodeId) await givePromoUseBack(tx, released.promoCodeId);
  await noteHoldReleased(tx, orderId, status, now);
  return true;
}

/**
 * Expires holds that ran out and returns how many orders it released. The background
 * sweep calls it for everything; reads and sold-out purchases call it for their tiers
 * (lazy release), so a buyer never waits for the sweep.
 */
export async function expireHolds({
  deps,
  tierIds,
  eventId,
  limit = 500,
}: {
  deps: CloudDeps;
  tierIds?: string[];
  eventId?: string;
  limit?: number;
}): Promise<number> {
  const dueWhere = and(
    eq(orders.status, 'PENDING'),
    lt(orders.expiresAt, deps.now()),
    eventId ? eq(orders.eventId, eventId) : undefined,
  );
  const due = tierIds
    ? await deps.db
        .selectDistinct({ id: orders.id })
        .from(orders)
        .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
        .where(and(dueWhere, inArray(orderItems.tierId, tierIds)))
        .limit(limit)
    : await deps.db.select({ id: orders.id }).from(orders).where(dueWhere).limit(limit);
  let released = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction((tx) => releaseOrder(tx, id, 'EXPIRED', deps.now()));
    if (done) {
      released++;
      await deps.serveWaitlistsOfOrder(id);
    }
  }
  return released;
}
