import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { events, orderItems, orders, payments, refunds, tickets } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { noteOrderCancelled } from '../notifications/hooks.ts';
import { ALL_ROLES, MANAGERS, membershipRole } from '../orgs/access.ts';
import { notifyEventManifestChanged } from '../sync/wakeups.ts';
import { endTickets } from '../tickets/revoke.ts';
import { confirmationOf } from './confirmation.ts';
import { releaseOrder } from './holds.ts';
import { markSold, orderView } from './orders.service.ts';

type Order = typeof orders.$inferSelect;

/** The order and the caller's role in its event's organization; a stranger gets a 404. */
async function loadOrderFor(db: CloudDb, userId: string, orderId: string, lock = false) {
  const query = db.select().from(orders).where(eq(orders.id, orderId));
  const [order] = lock ? await query.for('update') : await query.limit(1);
  if (!order) throw new AppError('NOT_FOUND', 'order not found');
  const [event] = await db.select().from(events).where(eq(events.id, order.eventId));
  const role = await membershipRole(db, userId, event!.orgId);
  if (!role && order.userId !== userId) throw new AppError('NOT_FOUND', 'order not found');
  return { order, event: event!, role };
}

/**
 * Box-office payment (cash, comps): the event organization's OWNER/ADMIN/STAFF confirm a
 * pending order. With card payments on, an order that costs something is confirmed by
 * its payment; only an OWNER may confirm one by hand, and must say why. Who confirmed,
 * and why, stays on the order.
 */
const holdExpired = () =>
  new AppError('HOLD_EXPIRED', 'the order’s hold expired and its tickets were released: order again');

export async function confirmOrder({
  deps,
  userId,
  orderId,
  reason,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
  reason?: string | undefined;
}) {
  const outcome = await deps.db.transaction(async (tx) => {
    const { order, event, role } = await loadOrderFor(tx, userId, orderId, true);
    if (!role) throw new AppError('FORBIDDEN', 'only the organization’s box office can confirm an order');
    if (order.status === 'CONFIRMED') return { order };
    if (deps.stripe && order.totalCents > 0) {
      if (role !== 'OWNER')
        throw new AppError(
          'FORBIDDEN',
          'card payments are on: this order is confirmed by its payment; only an OWNER may confirm it by hand, with a reason',
        );
      if (!reason)
        throw new AppError(
          'BAD_REQUEST',
          'reason: say why the order is confirmed without its card payment (card payments are on)',
        );
    }
    // Expired by the hold sweep or by an earlier confirm: the same answer as expiring it
    // now, so the box office hears why whichever got there first.
    if (order.status === 'EXPIRED') throw holdExpired();
    if (order.status !== 'PENDING')
      throw new AppError('CONFLICT', `the order is ${order.status.toLowerCase()}`);
    if (order.expiresAt && order.expiresAt <= deps.now()) {
      await releaseOrder(tx, order.id, 'EXPIRED', deps.now());
      return { expired: true as const };
    }
    const [confirmed] = await tx
      .update(orders)
      .set({
        status: 'CONFIRMED',
        confirmedAt: deps.now(),
        confirmedBy: userId,
        confirmationReason: reason ?? null,
      })
      .where(eq(orders.id, order.id))
      .returning();
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    await markSold(tx, items, event, confirmed!);
    return { order: confirmed! };
  });
  if ('expired' in outcome) throw holdExpired();
  notifyEventManifestChanged(deps, outcome.order.eventId);
  return orderView(outcome.order);
}

/**
 * The buyer cancels their own pending order (its hold is released at once). The
 * organization's OWNER/ADMIN may also cancel a confirmed order: its tickets are
 * cancelled (the gates hear it through the manifest) and it is marked for refund.
 */
export async function cancelOrder({
  deps,
  userId,
  orderId,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
}) {
  const cancelled = await deps.db.transaction(async (tx) => {
    const { order, role } = await loadOrderFor(tx, userId, orderId, true);
    const now = deps.now();
    if (order.status === 'PENDING') {
      if (order.userId !== userId && !role)
        throw new AppError('FORBIDDEN', 'only the buyer or the organization may cancel this order');
      await releaseOrder(tx, order.id, 'CANCELLED', now);
    } else if (order.status === 'CONFIRMED') {
      if (!role || !MANAGERS.includes(role))
        throw new AppError(
          'FORBIDDEN',
          'a confirmed order can only be cancelled by the organization’s OWNER or ADMIN',
        );
      await cancelConfirmed(tx, order, now);
    } else {
      throw new AppError('CONFLICT', `the order is already ${order.status.toLowerCase()}`);
    }
    const [row] = await tx.select().from(orders).where(eq(orders.id, order.id));
    return orderView(row!);
  });
  await deps.serveWaitlistsOfOrder(orderId);
  notifyEventManifestChanged(deps, cancelled.eventId);
  return cancelled;
}

/** Cancels a paid order: its valid tickets are revoked, its inventory returns, the money is due back. */
export async function cancelConfirmed(tx: CloudDb, order: Order, now: Date): Promise<void> {
  await tx
    .update(orders)
    .set({ status: 'CANCELLED', cancelledAt: now, refundDue: order.totalCents > 0 })
    .where(eq(orders.id, order.id));
  await endTickets(tx, eq(tickets.orderId, order.id), 'CANCELLED');
  await noteOrderCancelled(tx, order.id, now);
}

/** The buyer, or any member of the event's organization, may read an order. An expired hold is released on read. */
export async function getOrder({
  deps,
  userId,
  orderId,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
}) {
  let { order } = await loadOrderFor(deps.db, userId, orderId);
  if (order.status === 'PENDING' && order.expiresAt && order.expiresAt <= deps.now()) {
    const released = await deps.db.transaction((tx) => releaseOrder(tx, order.id, 'EXPIRED', deps.now()));
    if (released) await deps.serveWaitlistsOfOrder(order.id);
    order = (await loadOrderFor(deps.db, userId, orderId)).order;
  }
  const items = await deps.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  const [payment] = await deps.db.select().from(payments).where(eq(payments.orderId, orderId));
  const refundRows = await deps.db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(asc(refunds.createdAt));
  return {
    ...orderView(order),
    confirmation: await confirmationOf(deps.db, order, payment),
    items: items.map((i) => ({ tierId: i.tierId, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
    payment: payment
      ? { paymentIntentId: payment.paymentIntentId, status: payment.status, lastError: payment.lastError }
      : null,
    refunds: refundRows.map((r) => ({
      id: r.id,
      amountCents: r.amountCents,
      ticketIds: r.ticketIds,
      provider: r.provider,
      status: r.status,
      reason: r.reason,
    })),
  };
}

/** Newest first, keyset-paginated on the time-ordered id. */
async function pageOfOrders(
  db: CloudDb,
  where: ReturnType<typeof eq>,
  cursor: string | undefined,
  limit: number,
) {
  const rows = await db
    .select()
    .from(orders)
    .where(cursor ? and(where, lt(orders.id, cursor)) : where)
    .orderBy(desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { data: page.map(orderView), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

export async function listMyOrders({
  deps,
  userId,
  cursor,
  limit,
}: {
  deps: CloudDeps;
  userId: string;
  cursor?: string | undefined;
  limit: number;
}) {
  return pageOfOrders(deps.db, eq(orders.userId, userId), cursor, limit);
}

export async function listEventOrders({
  deps,
  userId,
  eventId,
  cursor,
  limit,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  cursor?: string | undefined;
  limit: number;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: ALL_ROLES });
  return pageOfOrders(deps.db, eq(orders.eventId, eventId), cursor, limit);
}
