import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { events, orderItems, orders, payments, refunds, tickets } from '../db/schema.ts';
import { noteRefund } from '../notifications/hooks.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { notifyEventManifestChanged } from '../sync/wakeups.ts';
import { serveWaitlistsOfOrder } from '../waitlist/waitlist.service.ts';
import { revokeAndRelease } from './inventory.ts';

type Refund = typeof refunds.$inferSelect;

export function refundView(r: Refund) {
  return {
    id: r.id,
    orderId: r.orderId,
    amountCents: r.amountCents,
    ticketIds: r.ticketIds,
    provider: r.provider,
    status: r.status,
    reason: r.reason,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Refunds all or part of a confirmed order, by amount or by tickets, for the event
 * organization's OWNER/ADMIN. Tickets, inventory and the order's refunded total change
 * in one transaction; the money moves after the commit (Stripe orders) or is only
 * recorded (box-office orders).
 */
export async function refundOrder({
  deps,
  userId,
  orderId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
  input: { amountCents?: number | undefined; ticketIds?: string[] | undefined; reason?: string | undefined };
}) {
  const refund = await deps.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw new AppError('NOT_FOUND', 'order not found');
    const [event] = await tx.select({ orgId: events.orgId }).from(events).where(eq(events.id, order.eventId));
    await requireOrgRole(tx, userId, event!.orgId, MANAGERS, 'order');
    // A paid order cancelled by the organization (or with its event) owes its money back.
    const owed = order.status === 'CANCELLED' && order.refundDue;
    if (order.status !== 'CONFIRMED' && !owed) {
      throw new AppError(
        'CONFLICT',
        `the order is ${order.status.toLowerCase()}: only confirmed orders can be refunded`,
      );
    }
    const refundable = order.totalCents - order.refundedCents;

    const valid = await tx
      .select({ id: tickets.id, tierId: tickets.tierId })
      .from(tickets)
      .where(and(eq(tickets.orderId, orderId), eq(tickets.status, 'VALID')));
    let ticketIds: string[];
    let amount: number;
    if (input.ticketIds) {
      const validIds = new Set(valid.map((t) => t.id));
      const bad = input.ticketIds.find((id) => !validIds.has(id));
      if (bad)
        throw new AppError(
          'BAD_REQUEST',
          `ticketIds: ${bad} is not a valid ticket of this order (already refunded?)`,
        );
      ticketIds = [...new Set(input.ticketIds)];
      const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
      const price = new Map(items.map((i) => [i.tierId, i.unitPriceCents]));
      const ticketsValue = valid
        .filter((t) => ticketIds.includes(t.id))
        .reduce((sum, t) => sum + (price.get(t.tierId) ?? 0), 0);
      amount = input.amountCents ?? Math.min(ticketsValue, refundable);
    } else {
      amount = input.amountCents ?? refundable;
      // Refunding everything that is left revokes every ticket still valid; a partial amount keeps them.
      ticketIds = amount >= refundable ? valid.map((t) => t.id) : [];
    }
    if (amount > refundable)
      throw new AppError('BAD_REQUEST', `amountCents: at most ${refundable} is left to refund`);
    if (amount === 0 && ticketIds.length === 0)
      throw new AppError('CONFLICT', 'nothing left to refund on this order');

    await revokeAndRelease(tx, ticketIds);
    await tx
      .update(orders)
      .set({
        refundedCents: sql`${orders.refundedCents} + ${amount}`,
        ...(amount >= refundable ? { refundDue: false } : {}),
      })
      .where(eq(orders.id, orderId));
    const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId));
    const viaStripe = payment?.status === 'succeeded';
    const [row] = await tx
      .insert(refunds)
      .values({
        id: newId(),
        orderId,
        amountCents: amount,
        ticketIds,
        provider: viaStripe ? 'stripe' : 'box_office',
        status: viaStripe && amount > 0 ? 'pending' : 'succeeded',
        reason: input.reason ?? null,
        createdBy: userId,
        // The cloud's clock, like the order's confirmation: sales figures bucket refunds by it.
        createdAt: deps.now(),
      })
      .returning();
    await noteRefund(tx, row!.id, deps.now());
    return { ...row!, eventId: order.eventId };
  });
  if (refund.ticketIds.length > 0) {
    await serveWaitlistsOfOrder(deps, orderId);
    notifyEventManifestChanged(deps, refund.eventId);
  }
  return refundView(refund.status === 'pending' ? await sendRefund(deps, refund) : refund);
}

/**
 * Sends a recorded refund to Stripe. The idempotency key is the refund's id, so
 * sending it again (after a timeout, from the sweep) never refunds twice. A refusal
 * (4xx) marks it failed for ops; an outage leaves it pending for the sweep.
 */
export async function sendRefund(deps: CloudDeps, refund: Refund): Promise<Refund> {
  const stripe = deps.stripe;
  const [payment] = await deps.db.select().from(payments).where(eq(payments.orderId, refund.orderId));
  if (!stripe || !payment) return refund;
  const sending = sendingNow(deps);
  sending.add(refund.id);
  let update: Partial<Refund>;
  try {
    const sent = await stripe.refunds.create(
      {
        payment_intent: payment.paymentIntentId,
        amount: refund.amountCents,
        metadata: { orderId: refund.orderId, refundId: refund.id },
      },
      { idempotencyKey: `tixmo-refund-${refund.id}` },
    );
    update = { status: 'succeeded', providerRefundId: sent.id, lastError: null };
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    const permanent =
      status !== undefined && status >= 400 && status < 500 && status !== 409 && status !== 429;
    update = { status: permanent ? 'failed' : 'pending', lastError: (err as Error).message };
    deps.logger.warn('stripe: refund not sent', {
      refundId: refund.id,
      status,
      error: (err as Error).message,
    });
  }
  try {
    const [row] = await deps.db.update(refunds).set(update).where(eq(refunds.id, refund.id)).returning();
    return row!;
  } finally {
    sending.delete(refund.id);
  }
}

/**
 * Refunds this instance is sending right now, per database. The sweep leaves them alone: a
 * first send that rides out an outage (the SDK retrying for seconds) is still `pending`, and
 * the sweep must not send it a second time beside it. Another instance may still do so; the
 * idempotency key keeps Stripe to one refund.
 */
const inFlight = new WeakMap<object, Set<string>>();
/** The sweep running now, per database: a second caller waits for it instead of running another beside it. */
const sweeps = new WeakMap<object, Promise<number>>();

function sendingNow(deps: CloudDeps): Set<string> {
  const known = inFlight.get(deps.db);
  if (known) return known;
  const set = new Set<string>();
  inFlight.set(deps.db, set);
  return set;
}

/** Background sweep: retries refunds that could not reach Stripe. */
export async function sendPendingRefunds({
  deps,
  limit = 50,
}: {
  deps: CloudDeps;
  limit?: number;
}): Promise<number> {
  if (!deps.stripe) return 0;
  const running = sweeps.get(deps.db);
  if (running) return running;
  const sweep = (async () => {
    const pending = await deps.db
      .select()
      .from(refunds)
      .where(eq(refunds.status, 'pending'))
      .orderBy(asc(refunds.createdAt))
      .limit(limit);
    const sending = sendingNow(deps);
    let sent = 0;
    for (const refund of pending) {
      if (sending.has(refund.id)) continue;
      if ((await sendRefund(deps, refund)).status === 'succeeded') sent++;
    }
    return sent;
  })().finally(() => sweeps.delete(deps.db));
  sweeps.set(deps.db, sweep);
  return sweep;
}
