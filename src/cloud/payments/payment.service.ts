import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { orders, payments } from '../db/schema.ts';
import type { StripeClient } from './stripe-client.ts';

export function requireStripe(deps: CloudDeps): StripeClient {
  if (!deps.stripe) {
    throw new AppError(
      'CONFLICT',
      'card payments are not configured on this server: the box office confirms orders',
    );
  }
  return deps.stripe;
}

/**
 * Creates the order's PaymentIntent, or returns the one it has. The Stripe
 * idempotency key is derived from the order, so two concurrent calls (or a retry
 * after a lost answer) get the same PaymentIntent and the buyer is charged once.
 */
export async function startPayment({
  deps,
  userId,
  orderId,
}: {
  deps: CloudDeps;
  userId: string;
  orderId: string;
}) {
  const stripe = requireStripe(deps);
  const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId)).limit(1);
  if (!order || order.userId !== userId) throw new AppError('NOT_FOUND', 'order not found');
  const [existing] = await deps.db.select().from(payments).where(eq(payments.orderId, orderId)).limit(1);
  if (existing) {
    return {
      clientSecret: existing.clientSecret,
      paymentIntentId: existing.paymentIntentId,
      amountCents: existing.amountCents,
    };
  }
  if (order.status !== 'PENDING')
    throw new AppError('CONFLICT', `the order is ${order.status.toLowerCase()}: nothing to pay`);
  if (order.expiresAt && order.expiresAt <= deps.now()) {
    throw new AppError('HOLD_EXPIRED', 'the order’s hold expired: order again');
  }
  let intent: Awaited<ReturnType<StripeClient['paymentIntents']['create']>>;
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: order.totalCents,
        currency: order.currency.toLowerCase(),
        metadata: { orderId: order.id },
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: `tixmo-order-${order.id}-payment` },
    );
  } catch (err) {
    deps.logger.warn('stripe: creating a PaymentIntent failed', { orderId, error: (err as Error).message });
    throw new AppError('UNAVAILABLE', 'the payment provider did not answer: try again in a moment');
  }
  await deps.db
    .insert(payments)
    .values({
      orderId: order.id,
      paymentIntentId: intent.id,
      clientSecret: intent.client_secret ?? '',
      amountCents: intent.amount,
      currency: intent.currency,
      status: intent.status,
    })
    .onConflictDoNothing();
  return { clientSecret: intent.client_secret ?? '', paymentIntentId: intent.id, amountCents: intent.amount };
}
