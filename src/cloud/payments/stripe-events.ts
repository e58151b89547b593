import { z } from 'zod';
import { describeZodError } from '../../shared/errors.ts';
import { INT4_MAX } from '../input-guard.ts';

/*
 * What a signed webhook event must hold before it is applied. A valid signature says
 * Stripe sent it, not that it has the shape the handlers read: an event without its
 * object, or with an amount that is not a whole number of cents, is unusable.
 */

const cents = z.number().int().min(0).max(INT4_MAX);
const id = z.string().min(1).max(255);
const intentRef = z.union([id, z.looseObject({ id }), z.null()]);

const paymentIntent = z.looseObject({
  id,
  amount: cents,
  amount_received: cents.nullish(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO currency code'),
  status: z.string().min(1).max(64),
  client_secret: z.string().max(1000).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  last_payment_error: z.looseObject({ message: z.string().max(5000).nullish() }).nullish(),
});

/** The object each handled type reads; any other type needs only an object. */
const objectOf: Record<string, z.ZodType> = {
  'payment_intent.succeeded': paymentIntent,
  'payment_intent.payment_failed': paymentIntent,
  'charge.refunded': z.looseObject({ payment_intent: intentRef.optional(), amount_refunded: cents }),
  'charge.dispute.created': z.looseObject({ payment_intent: intentRef.optional() }),
};

const envelope = z.looseObject({
  id,
  type: z.string().min(1).max(255),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});

/** The event's id and type when it has them (so it can be recorded), and what makes it unusable. */
export function stripeEventProblem(event: unknown): {
  id: string | null;
  type: string;
  problem: string | null;
} {
  const raw = event as { id?: unknown; type?: unknown } | null;
  const eventId = typeof raw?.id === 'string' && id.safeParse(raw.id).success ? raw.id : null;
  const type = typeof raw?.type === 'string' ? raw.type.slice(0, 255) : 'unknown';
  const outer = envelope.safeParse(event);
  if (!outer.success) return { id: eventId, type, problem: describeZodError(outer.error) };
  const schema = objectOf[outer.data.type];
  const inner = schema?.safeParse(outer.data.data.object);
  if (inner && !inner.success)
    return {
      id: eventId,
      type,
      problem: describeZodError(inner.error)
        .split('; ')
        .map((p) => `data.object.${p}`)
        .join('; '),
    };
  return { id: eventId, type, problem: null };
}

/**
 * Stripe's own check only refuses signatures that are too old; one stamped in the future
 * (a clock far off, or a replayed header with a doctored timestamp) passed. This one
 * refuses both sides of the tolerance.
 */
export function signatureTimestampProblem(
  header: string,
  nowMs: number,
  toleranceSeconds: number,
): string | null {
  const stamp = /(?:^|,)\s*t=(\d+)/.exec(header)?.[1];
  if (!stamp) return 'the Stripe-Signature header has no timestamp';
  const skew = Number(stamp) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > toleranceSeconds)
    return `Timestamp outside the tolerance zone (${skew > 0 ? `${skew} s ahead of` : `${-skew} s behind`} this server's clock, tolerance ${toleranceSeconds} s)`;
  return null;
}
