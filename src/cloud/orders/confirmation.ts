import { eq } from 'drizzle-orm';
import type { CloudDb } from '../db/client.ts';
import { users } from '../db/schema.ts';
import type { Order } from './order-row.ts';

/**
 * How and by whom an order was confirmed: by hand at the box office (the member and
 * their reason are on the order), by its card payment, or at once for a zero total.
 * `method` is null for orders confirmed by hand before who did it was recorded.
 */
export async function confirmationOf(db: CloudDb, order: Order, payment: { status: string } | undefined) {
  if (!order.confirmedAt) return null;
  let by: { userId: string; name: string } | null = null;
  if (order.confirmedBy) {
    const [user] = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.id, order.confirmedBy));
    by = { userId: order.confirmedBy, name: user?.name ?? '' };
  }
  const method = order.confirmedBy
    ? ('box_office' as const)
    : payment?.status === 'succeeded'
      ? ('payment' as const)
      : order.totalCents === 0
        ? ('free' as const)
        : null;
  return { method, by, reason: order.confirmationReason, at: order.confirmedAt.toISOString() };
}
