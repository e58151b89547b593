import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CloudDb } from '../db/client.ts';
import { changedNow, type orderItems, tickets, tiers } from '../db/schema.ts';

/**
 * Takes back inventory for a paid order whose hold had already been released: all
 * of it or none (a partial take is undone), with the same conditional update that
 * keeps orders from overselling.
 */
export async function retakeInventory(
  tx: CloudDb,
  items: (typeof orderItems.$inferSelect)[],
): Promise<boolean> {
  const taken: typeof items = [];
  for (const item of [...items].sort((a, b) => a.tierId.localeCompare(b.tierId))) {
    const ok = await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} + ${item.quantity}` })
      .where(and(eq(tiers.id, item.tierId), sql`${tiers.reserved} + ${item.quantity} <= ${tiers.quantity}`))
      .returning({ id: tiers.id });
    if (ok.length === 0) {
      for (const back of taken) {
        await tx
          .update(tiers)
          .set({ reserved: sql`${tiers.reserved} - ${back.quantity}` })
          .where(eq(tiers.id, back.tierId));
      }
      return false;
    }
    taken.push(item);
  }
  return true;
}

/**
 * Marks tickets refunded (the manifest carries the change to the gates, which then
 * reject the old codes as `revoked`) and returns their places to the tiers.
 */
export async function revokeAndRelease(tx: CloudDb, ticketIds: string[]): Promise<void> {
  if (ticketIds.length === 0) return;
  const revoked = await tx
    .update(tickets)
    .set({ status: 'REFUNDED', changeXid: changedNow, statusChangedAt: sql`now()` })
    .where(and(inArray(tickets.id, ticketIds), eq(tickets.status, 'VALID')))
    .returning({ tierId: tickets.tierId });
  const perTier = new Map<string, number>();
  for (const t of revoked) perTier.set(t.tierId, (perTier.get(t.tierId) ?? 0) + 1);
  for (const [tierId, n] of perTier) {
    await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} - ${n}`, sold: sql`${tiers.sold} - ${n}` })
      .where(eq(tiers.id, tierId));
  }
}
