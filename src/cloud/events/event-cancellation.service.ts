import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { changedNow, events, orders, tickets } from '../db/schema.ts';
import { noteEventCancelled } from '../notifications/hooks.ts';
import { releaseOrder } from '../orders/holds.ts';
import { MANAGERS } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { eventView, loadEventFor } from './events.service.ts';

/**
 * Cancels an event in one transaction: every valid ticket is cancelled (with a new
 * change stamp, so the gates hear it through the manifest and reject the codes), every
 * pending hold is released, and every paid order is marked for refund.
 */
export async function cancelEvent({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (event.status === 'CANCELLED')
    return { event: eventView(event), ticketsCancelled: 0, ordersToRefund: 0 };
  const outcome = await deps.db.transaction(async (tx) => {
    const now = deps.now();
    // FOR UPDATE waits out orders in flight (they hold the row FOR KEY SHARE) and makes
    // later ones see CANCELLED, so no ticket can be issued after the revocation below.
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for('update');
    const [row] = await tx
      .update(events)
      .set({ status: 'CANCELLED', cancelledAt: now })
      .where(and(eq(events.id, eventId), inArray(events.status, ['DRAFT', 'PUBLISHED'])))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'the event was cancelled meanwhile');
    const revoked = await tx
      .update(tickets)
      .set({ status: 'CANCELLED', changeXid: changedNow, statusChangedAt: now })
      .where(and(eq(tickets.eventId, eventId), eq(tickets.status, 'VALID')))
      .returning({ id: tickets.id });
    const pending = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.eventId, eventId), eq(orders.status, 'PENDING')));
    for (const { id } of pending) await releaseOrder(tx, id, 'CANCELLED', now);
    const refunds = await tx
      .update(orders)
      .set({ status: 'CANCELLED', cancelledAt: now, refundDue: sql`${orders.totalCents} > 0` })
      .where(and(eq(orders.eventId, eventId), eq(orders.status, 'CONFIRMED')))
      .returning({ id: orders.id, totalCents: orders.totalCents });
    await noteEventCancelled(tx, row, now);
    return {
      event: eventView(row),
      ticketsCancelled: revoked.length,
      ordersToRefund: refunds.filter((o) => o.totalCents > 0).length,
    };
  });
  notifyManifestChanged(deps, event.venueId);
  return outcome;
}
