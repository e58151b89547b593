import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { events, orderItems, orders, payments, refunds, stripeEvents, tickets } from '../db/schema.ts';
import { notePaymentFailed, noteRefund } from '../notifications/hooks.ts';
import { releaseOrder } from '../orders/holds.ts';
import { markSold } from '../orders/orders.service.ts';
import { notifyEventManifestChanged } from '../sync/wakeups.ts';
import { serveWaitlistsOfOrder } from '../waitlist/waitlist.service.ts';
import { retakeInventory, revokeAndRelease } from './inventory.ts';
import { sendRefund } from './refunds.service.ts';
import { stripeWebhooks } from './stripe-client.ts';
import { signatureTimestampProblem, stripeEventProblem } from './stripe-events.ts';

type Order = typeof orders.$inferSelect;
type Refund = typeof refunds.$inferSelect;

/** Verifies the Stripe-Signature over the raw body, with the configured timestamp tolerance. */
export function verifyStripeEvent(
  deps: CloudDeps,
  rawBody: string,
  signature: string | undefined,
): Stripe.Event {
  if (!deps.stripe || !deps.config.stripeWebhookSecret)
    throw new AppError('NOT_FOUND', 'card payments are not configured');
  if (!signature) throw new AppError('BAD_REQUEST', 'missing Stripe-Signature header');
  const now = deps.now().getTime();
  let event: Stripe.Event;
  try {
    event = stripeWebhooks.constructEvent(
      rawBody,
      signature,
      deps.config.stripeWebhookSecret,
      deps.config.stripeWebhookToleranceSeconds,
      undefined,
      now,
    );
  } catch (err) {
    throw new AppError('BAD_REQUEST', `webhook signature rejected: ${(err as Error).message.split('\n')[0]}`);
  }
  const skew = signatureTimestampProblem(signature, now, deps.config.stripeWebhookToleranceSeconds);
  if (skew) throw new AppError('BAD_REQUEST', `webhook signature rejected: ${skew}`);
  return event;
}

/**
 * A signed event that cannot be applied (no object, a malformed one) is recorded with
 * its problem and refused with a 400 once; a redelivery of it is acknowledged as a
 * duplicate, so Stripe stops retrying (and does not disable the endpoint over it).
 */
async function refuseUnusable(
  deps: CloudDeps,
  found: { id: string | null; type: string; problem: string },
): Promise<{ duplicate: boolean }> {
  const message = `webhook event ${found.id ?? 'without an id'} (${found.type}) is unusable: ${found.problem}`;
  if (!found.id) throw new AppError('BAD_REQUEST', message);
  const fresh = await deps.db
    .insert(stripeEvents)
    .values({ id: found.id, type: found.type, problem: found.problem })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (fresh.length === 0) return { duplicate: true };
  deps.logger.warn('stripe: unusable webhook event refused and recorded', {
    eventId: found.id,
    type: found.type,
    problem: found.problem,
  });
  throw new AppError('BAD_REQUEST', message);
}

/**
 * Applies one webhook event exactly once: its id is recorded with a unique key in
 * the same transaction as its effect, so a redelivery does nothing. Events may come
 * late or out of order (a refund before the success; a success after the hold
 * expired); each handler decides from the order's current state, not the event order.
 */
export async function applyStripeEvent(
  deps: CloudDeps,
  event: Stripe.Event,
): Promise<{ duplicate: boolean }> {
  const found = stripeEventProblem(event);
  if (found.problem) return refuseUnusable(deps, { ...found, problem: found.problem });
  const outcome = await deps.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing()
      .returning();
    if (fresh.length === 0) return { duplicate: true, refund: undefined };
    let refund: Refund | undefined;
    switch (event.type) {
      case 'payment_intent.succeeded':
        refund = await paymentSucceeded(deps, tx, event.data.object);
        break;
      case 'payment_intent.payment_failed': {
        const pi = event.data.object;
        await tx
          .update(payments)
          .set({
            status: pi.status,
            lastError: pi.last_payment_error?.message ?? 'payment failed',
            updatedAt: deps.now(),
          })
          .where(eq(payments.paymentIntentId, pi.id));
        await notePaymentFailed(tx, pi.id, pi.last_payment_error?.message ?? 'payment failed', deps.now());
        break; // the hold stays until it expires: the buyer may try another card
      }
      case 'charge.refunded':
        await chargeRefunded(tx, event.data.object, deps.now());
        break;
      case 'charge.dispute.created': {
        const order = await orderForIntent(tx, intentId(event.data.object.payment_intent));
        if (order)
          await tx
            .update(orders)
            .set({ disputed: true, statusReason: 'the buyer disputed the card charge' })
            .where(eq(orders.id, order.id));
        break;
      }
      default:
        deps.logger.debug('stripe: event ignored', { type: event.type });
    }
    return { duplicate: false, refund };
  });
  if (outcome.refund) await sendRefund(deps, outcome.refund);
  // Places an event gave back (a cancelled order, a dashboard refund) go to the waitlist.
  const orderId = orderIdOf(event);
  if (!outcome.duplicate && orderId) {
    await serveWaitlistsOfOrder(deps, orderId);
    const [order] = await deps.db
      .select({ eventId: orders.eventId })
      .from(orders)
      .where(eq(orders.id, orderId));
    if (order) notifyEventManifestChanged(deps, order.eventId);
  }
  return { duplicate: outcome.duplicate };
}

function orderIdOf(event: Stripe.Event): string | undefined {
  const object = event.data.object as { metadata?: Record<string, string> | null };
  return object.metadata?.orderId ?? undefined;
}

function intentId(ref: string | { id: string } | null): string | null {
  return typeof ref === 'string' ? ref : (ref?.id ?? null);
}

async function orderForIntent(tx: CloudDb, paymentIntentId: string | null): Promise<Order | undefined> {
  if (!paymentIntentId) return undefined;
  const [payment] = await tx.select().from(payments).where(eq(payments.paymentIntentId, paymentIntentId));
  if (!payment) return undefined;
  const [order] = await tx.select().from(orders).where(eq(orders.id, payment.orderId)).for('update');
  return order;
}

async function paymentSucceeded(
  deps: CloudDeps,
  tx: CloudDb,
  pi: Stripe.PaymentIntent,
): Promise<Refund | undefined> {
  const orderId = pi.metadata?.orderId;
  const [order] = orderId ? await tx.select().from(orders).where(eq(orders.id, orderId)).for('update') : [];
  if (!order) {
    deps.logger.warn('stripe: payment for an unknown order', { paymentIntentId: pi.id });
    return undefined;
  }
  const received = pi.amount_received || pi.amount;
  const setOrder = (values: Partial<Order>) => tx.update(orders).set(values).where(eq(orders.id, order.id));
  const mismatch =
    received !== order.totalCents || pi.currency.toLowerCase() !== order.currency.toLowerCase()
      ? `payment of ${received} ${pi.currency.toUpperCase()} does not match the order total of ${order.totalCents} ${order.currency}`
      : null;
  // Only a pending order is explained by a wrong payment; a settled one (and its payment) keeps its story.
  if (mismatch && order.status !== 'PENDING') {
    deps.logger.warn('stripe: mismatched payment for a settled order', { orderId: order.id, mismatch });
    return undefined;
  }
  await tx
    .insert(payments)
    .values({
      orderId: order.id,
      paymentIntentId: pi.id,
      clientSecret: pi.client_secret ?? '',
      amountCents: pi.amount,
      currency: pi.currency,
      status: pi.status,
    })
    .onConflictDoUpdate({
      target: payments.orderId,
      set: { status: pi.status, lastError: null, updatedAt: deps.now() },
    });

  if (mismatch) {
    await setOrder({ statusReason: `${mismatch}: not confirmed` });
    return undefined;
  }
  if (order.status === 'CONFIRMED') return undefined; // a second success for one order confirms once
  if (order.refundedCents >= order.totalCents) {
    await releaseOrder(tx, order.id, 'CANCELLED', deps.now());
    await setOrder({ status: 'CANCELLED', statusReason: 'refunded before the payment was confirmed' });
    return undefined;
  }
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const [event] = await tx.select().from(events).where(eq(events.id, order.eventId));
  let late = false;
  if (order.status === 'PENDING' && order.expiresAt && order.expiresAt <= deps.now()) {
    await releaseOrder(tx, order.id, 'EXPIRED', deps.now());
    late = true;
  }
  if (late || order.status !== 'PENDING') {
    // The hold ran out before the money came: sell the places again if they are still free.
    if (event!.status !== 'PUBLISHED' || !(await retakeInventory(tx, items))) {
      const [refund] = await tx
        .insert(refunds)
        .values({
          id: newId(),
          orderId: order.id,
          amountCents: received,
          ticketIds: [],
          provider: 'stripe',
          status: 'pending',
          reason: 'automatic: late payment',
        })
        .returning();
      await setOrder({
        status: order.status === 'CANCELLED' ? 'CANCELLED' : 'EXPIRED',
        refundedCents: received,
        statusReason:
          'the payment arrived after the hold expired and the tickets were gone: refunded in full automatically',
      });
      await noteRefund(tx, refund!.id, deps.now());
      return refund;
    }
  }
  const [confirmed] = await tx
    .update(orders)
    .set({
      status: 'CONFIRMED',
      confirmedAt: deps.now(),
      statusReason:
        late || order.status !== 'PENDING'
          ? 'paid after the hold expired; the tickets were still available'
          : null,
    })
    .where(eq(orders.id, order.id))
    .returning();
  await markSold(tx, items, event!, confirmed!);
  return undefined;
}

/** Refunds made anywhere (ours, or in the Stripe dashboard): the order's total follows Stripe's figure. */
async function chargeRefunded(tx: CloudDb, charge: Stripe.Charge, now: Date): Promise<void> {
  const order = await orderForIntent(tx, intentId(charge.payment_intent));
  if (!order || charge.amount_refunded <= order.refundedCents) return;
  await tx.update(orders).set({ refundedCents: charge.amount_refunded }).where(eq(orders.id, order.id));
  if (order.status === 'CONFIRMED' && charge.amount_refunded >= order.totalCents) {
    const valid = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.orderId, order.id), eq(tickets.status, 'VALID')));
    await revokeAndRelease(
      tx,
      valid.map((t) => t.id),
    );
    const refundId = newId();
    await tx.insert(refunds).values({
      id: refundId,
      orderId: order.id,
      amountCents: charge.amount_refunded - order.refundedCents,
      ticketIds: valid.map((t) => t.id),
      provider: 'stripe',
      status: 'succeeded',
      reason: 'refunded outside TixMo (Stripe dashboard)',
    });
    await noteRefund(tx, refundId, now);
  }
}
