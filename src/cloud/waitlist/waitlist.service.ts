import { and, asc, count, eq, inArray, lt } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { events, orderItems, orders, tiers, waitlistEntries } from '../db/schema.ts';
import { noteWaitlistOffer } from '../notifications/hooks.ts';
import { releaseOrder } from '../orders/holds.ts';
import { createOrder } from '../orders/orders.service.ts';
import { membershipRole } from '../orgs/access.ts';

type Entry = typeof waitlistEntries.$inferSelect;

async function entryView(deps: CloudDeps, e: Entry) {
  let position: number | null = null;
  if (e.status === 'WAITING') {
    const [ahead] = await deps.db
      .select({ n: count() })
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.tierId, e.tierId),
          eq(waitlistEntries.status, 'WAITING'),
          lt(waitlistEntries.createdAt, e.createdAt),
        ),
      );
    position = Number(ahead?.n ?? 0) + 1;
  }
  const [order] = e.orderId ? await deps.db.select().from(orders).where(eq(orders.id, e.orderId)) : [];
  // An offer is a held order: its state is the offer's state.
  const offer = order
    ? { orderId: order.id, status: order.status, expiresAt: order.expiresAt?.toISOString() ?? null }
    : null;
  return { id: e.id, tierId: e.tierId, quantity: e.quantity, status: e.status, position, offer };
}

export async function joinWaitlist({
  deps,
  userId,
  tierId,
  quantity,
}: {
  deps: CloudDeps;
  userId: string;
  tierId: string;
  quantity: number;
}) {
  const [row] = await deps.db
    .select({ tier: tiers, event: events })
    .from(tiers)
    .innerJoin(events, eq(events.id, tiers.eventId))
    .where(eq(tiers.id, tierId))
    .limit(1);
  const member = row ? await membershipRole(deps.db, userId, row.event.orgId) : null;
  if (!row || (!member && (row.event.status === 'DRAFT' || !row.tier.active)))
    throw new AppError('NOT_FOUND', 'tier not found');
  const { tier, event } = row;
  if (event.status !== 'PUBLISHED' || event.endsAt <= deps.now())
    throw new AppError('CONFLICT', 'the event is not on sale');
  if (quantity > tier.maxPerOrder)
    throw new AppError('BAD_REQUEST', `quantity: at most ${tier.maxPerOrder} of "${tier.name}" per order`);
  if (tier.quantity - tier.reserved >= quantity)
    throw new AppError('CONFLICT', `"${tier.name}" has tickets available: order them instead`);
  const [already] = await deps.db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.tierId, tierId),
        eq(waitlistEntries.userId, userId),
        inArray(waitlistEntries.status, ['WAITING', 'OFFERED']),
      ),
    )
    .limit(1);
  if (already) throw new AppError('CONFLICT', 'you are already on this waitlist');
  const [entry] = await deps.db
    .insert(waitlistEntries)
    .values({ id: newId(), tierId, userId, quantity })
    .returning();
  return entryView(deps, entry!);
}

export async function listMyWaitlist({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const rows = await deps.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.userId, userId), inArray(waitlistEntries.status, ['WAITING', 'OFFERED'])))
    .orderBy(asc(waitlistEntries.createdAt));
  return Promise.all(rows.map((e) => entryView(deps, e)));
}

export async function leaveWaitlist({
  deps,
  userId,
  entryId,
}: {
  deps: CloudDeps;
  userId: string;
  entryId: string;
}) {
  const [entry] = await deps.db
    .update(waitlistEntries)
    .set({ status: 'LEFT' })
    .where(and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.userId, userId)))
    .returning();
  if (!entry) throw new AppError('NOT_FOUND', 'waitlist entry not found');
  // Declining an open offer frees its hold for the next in line at once.
  if (entry.orderId) {
    const released = await deps.db.transaction((tx) =>
      releaseOrder(tx, entry.orderId!, 'CANCELLED', deps.now()),
    );
    if (released) await serveWaitlistsOfOrder(deps, entry.orderId);
  }
}

/**
 * Offers returned inventory to the waitlists of these tiers, oldest entry first: each
 * offer is a held order made for the waiting buyer, so nobody else can take those
 * tickets meanwhile. When the hold runs out (or is cancelled) this runs again and the
 * next in line gets them. Entries are claimed with a conditional update, so two
 * concurrent releases never offer to the same buyer twice.
 */
export async function serveWaitlists({
  deps,
  tierIds,
}: {
  deps: CloudDeps;
  tierIds: string[];
}): Promise<number> {
  let offered = 0;
  for (const tierId of new Set(tierIds)) {
    for (;;) {
      const [next] = await deps.db
        .select()
        .from(waitlistEntries)
        .where(and(eq(waitlistEntries.tierId, tierId), eq(waitlistEntries.status, 'WAITING')))
        .orderBy(asc(waitlistEntries.createdAt))
        .limit(1);
      if (!next) break;
      const [claimed] = await deps.db
        .update(waitlistEntries)
        .set({ status: 'OFFERED', offeredAt: deps.now() })
        .where(and(eq(waitlistEntries.id, next.id), eq(waitlistEntries.status, 'WAITING')))
        .returning();
      if (!claimed) continue;
      try {
        const { order } = await createOrder({
          deps,
          userId: next.userId,
          input: { items: [{ tierId, quantity: next.quantity }] },
          lazyRelease: false,
        });
        await deps.db.transaction(async (tx) => {
          await tx.update(waitlistEntries).set({ orderId: order.id }).where(eq(waitlistEntries.id, next.id));
          await noteWaitlistOffer(tx, next, order.id, deps.now());
        });
        offered++;
      } catch (err) {
        // Not enough back yet (or the tier stopped selling): the entry keeps its place.
        await deps.db
          .update(waitlistEntries)
          .set({ status: 'WAITING', offeredAt: null })
          .where(eq(waitlistEntries.id, next.id));
        if (!(err instanceof AppError)) deps.logger.warn('waitlist offer failed', { err, entryId: next.id });
        break;
      }
    }
  }
  return offered;
}

/** After an order gave its inventory back. Never fails the caller: the sweep retries. */
export async function serveWaitlistsOfOrder(deps: CloudDeps, orderId: string): Promise<void> {
  try {
    const items = await deps.db
      .select({ tierId: orderItems.tierId })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId));
    await serveWaitlists({ deps, tierIds: items.map((i) => i.tierId) });
  } catch (err) {
    deps.logger.warn('waitlist not served', { err, orderId });
  }
}
