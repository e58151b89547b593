import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { CloudDb } from '../db/client.ts';
import { changedNow, tickets, tiers } from '../db/schema.ts';

/**
 * Ends the still-valid tickets that `which` selects (cancelled or refunded) and returns
 * their places to their tiers. The manifest carries the change to the gates, which then
 * reject the old codes. Counting from the tickets, not the order's items, keeps tickets
 * ended one by one earlier from going back twice; tiers are updated in id order so two
 * such transactions cannot deadlock.
 */
export async function endTickets(tx: CloudDb, which: SQL, status: 'CANCELLED' | 'REFUNDED'): Promise<number> {
  const ended = await tx
    .update(tickets)
    .set({ status, changeXid: changedNow, statusChangedAt: sql`now()` })
    .where(and(which, eq(tickets.status, 'VALID')))
    .returning({ tierId: tickets.tierId });
  const perTier = new Map<string, number>();
  for (const { tierId } of ended) perTier.set(tierId, (perTier.get(tierId) ?? 0) + 1);
  for (const [tierId, n] of [...perTier].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} - ${n}`, sold: sql`${tiers.sold} - ${n}` })
      .where(eq(tiers.id, tierId));
  }
  return ended.length;
}
