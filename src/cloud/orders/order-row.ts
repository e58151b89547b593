import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { orders } from '../db/schema.ts';
import { INT4_MAX } from '../input-guard.ts';

export type Order = typeof orders.$inferSelect;

/**
 * The order row for a plan; CONFIRMED at once when free, else a PENDING hold. Its money
 * columns are `integer`: an order that comes to more (100 × a 100,000,000-cent tier does)
 * is refused here, on every order path, instead of overflowing in the database.
 */
export function newOrder(
  deps: CloudDeps,
  p: {
    userId: string;
    event: { id: string };
    free: boolean;
    subtotalCents: number;
    discountCents: number;
    currency: string;
    promoCodeId: string | null;
    idempotencyKey: string | null;
    hash: string | null;
    now: Date;
  },
): Order {
  if (p.subtotalCents > INT4_MAX)
    throw new AppError(
      'BAD_REQUEST',
      `items: the order comes to ${p.subtotalCents} cents, more than one order can hold (${INT4_MAX}); split it into smaller orders`,
    );
  return {
    id: newId(),
    userId: p.userId,
    eventId: p.event.id,
    status: p.free ? 'CONFIRMED' : 'PENDING',
    subtotalCents: p.subtotalCents,
    discountCents: p.discountCents,
    totalCents: p.subtotalCents - p.discountCents,
    currency: p.currency,
    promoCodeId: p.promoCodeId,
    idempotencyKey: p.idempotencyKey,
    requestHash: p.hash,
    expiresAt: p.free ? null : new Date(p.now.getTime() + deps.config.holdMinutes * 60_000),
    confirmedAt: p.free ? p.now : null,
    confirmedBy: null,
    confirmationReason: null,
    refundDue: false,
    refundedCents: 0,
    disputed: false,
    statusReason: null,
    cancelledAt: null,
    createdAt: p.now,
    // The sales trigger counts it; the one-statement order writes true itself (one-statement.ts).
    salesCounted: false,
  };
}

/**
 * SOLD_OUT. `holds` is how many of the tier's units pending orders held when it was
 * seen (null: not known): with none there is no expired hold to release before giving up.
 */
export class SoldOut extends AppError {
  constructor(
    message: string,
    readonly holds: number | null = null,
  ) {
    super('SOLD_OUT', message);
  }
}

/** SOLD_OUT saying how many are left, when fewer than `quantity` are. */
export function soldOutIfShort(
  tierName: string,
  left: number,
  quantity: number,
  holds: number | null = null,
): void {
  if (left === 0) throw new SoldOut(`"${tierName}" is sold out`, holds);
  if (left < quantity) throw new SoldOut(`"${tierName}" has only ${left} left`, holds);
}
