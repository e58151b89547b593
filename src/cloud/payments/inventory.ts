import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CloudDb } from '../db/client.ts';
import { type orderItems, tickets, tiers } from '../db/schema.ts';
import { endTickets } from '../tickets/revoke.ts';

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

/** Marks tickets refunded (the gates then reject their codes as `revoked`) and frees their places. */
export async function revokeAndRelease(tx: CloudDb, ticketIds: string[]): Promise<void> {
  if (ticketIds.length > 0) await endTickets(tx, inArray(tickets.id, ticketIds), 'REFUNDED');
}
