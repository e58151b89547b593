import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { events, orderItems, orders, tickets, tiers } from '../db/schema.ts';
import { noteOrderConfirmed, noteOrderPlaced } from '../notifications/hooks.ts';
import { discountFor, findPromo, normalizeCode, takePromoUse } from '../promo-codes/promo-codes.service.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { currentSigningKey, issueTickets, signTickets } from '../tickets/issue.ts';
import { saleProblem } from '../tiers/sale-window.ts';
import { expireHolds } from './holds.ts';
import { placeInOneStatement } from './one-statement.ts';
import { newOrder, type Order, SoldOut, soldOutIfShort } from './order-row.ts';
import { placeQuickly, tiersWithEvents } from './quick-order.ts';

export function orderView(o: Order) {
  return {
    id: o.id,
    eventId: o.eventId,
    status: o.status,
    subtotalCents: o.subtotalCents,
    discountCents: o.discountCents,
    totalCents: o.totalCents,
    currency: o.currency,
    expiresAt: o.expiresAt?.toISOString() ?? null,
    confirmedAt: o.confirmedAt?.toISOString() ?? null,
    refundedCents: o.refundedCents,
    disputed: o.disputed,
    statusReason: o.statusReason,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    refundDue: o.refundDue,
    createdAt: o.createdAt.toISOString(),
  };
}

export interface OrderInput {
  items: { tierId: string; quantity: number }[];
  promoCode?: string | undefined;
}

function mergeItems(items: OrderInput['items']): Map<string, number> {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.tierId, (merged.get(item.tierId) ?? 0) + item.quantity);
  return merged;
}

/** The same order asked twice hashes the same, whatever the item order or code spelling. */
function requestHash(input: OrderInput): string {
  const items = [...mergeItems(input.items)].sort(([a], [b]) => (a < b ? -1 : 1));
  const promo = input.promoCode ? normalizeCode(input.promoCode) : null;
  return createHash('sha256').update(JSON.stringify({ items, promo })).digest('hex');
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

/**
 * Places an order. With an `Idempotency-Key` the same key and body give back the same
 * order (`replayed`), and the same key with another body is a 409. When a tier looks
 * sold out, holds of that tier that ran out are released first and the order retried
 * once, so a buyer never loses to a dead hold.
 */
export async function createOrder({
  deps,
  userId,
  input,
  idempotencyKey,
  lazyRelease = true,
}: {
  deps: CloudDeps;
  userId: string;
  input: OrderInput;
  idempotencyKey?: string | undefined;
  /** Off for waitlist offers, which are themselves made by a release. */
  lazyRelease?: boolean;
}): Promise<{ order: ReturnType<typeof orderView>; replayed: boolean }> {
  const hash = idempotencyKey ? requestHash(input) : null;
  const prior = async () => {
    if (!idempotencyKey) return null;
    const [row] = await deps.db
      .select()
      .from(orders)
      .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, idempotencyKey)))
      .limit(1);
    if (!row) return null;
    if (row.requestHash !== hash)
      throw new AppError(
        'CONFLICT',
        'Idempotency-Key: this key was used for a different order; use a new key for a new order',
      );
    return { order: orderView(row), replayed: true };
  };
  const earlier = await prior();
  if (earlier) return earlier;
  const attempt = () => placeOrder(deps, userId, input, idempotencyKey ?? null, hash);
  try {
    try {
      return { order: await attempt(), replayed: false };
    } catch (err) {
      if (!(lazyRelease && err instanceof AppError && err.code === 'SOLD_OUT')) throw err;
      // Nothing held, so no dead hold to free: the common answer once a tier is gone.
      if (err instanceof SoldOut && err.holds === 0) throw err;
      const released = await expireHolds({ deps, tierIds: [...mergeItems(input.items).keys()] });
      if (released === 0) throw err;
      return { order: await attempt(), replayed: false };
    }
  } catch (err) {
    // Two requests with one key raced: the loser answers with the winner's order.
    if (isUniqueViolation(err)) {
      const winner = await prior();
      if (winner) return winner;
    }
    throw err;
  }
}

/** Reads and checks everything an order needs before any inventory is touched. */
async function planOrder(deps: CloudDeps, input: OrderInput) {
  const wanted = mergeItems(input.items);
  const tierIds = [...wanted.keys()].sort();
  const rows = await tiersWithEvents(deps.db, tierIds);
  const byId = new Map(rows.map((r) => [r.tier.id, r]));
  const missing = tierIds.find((id) => !byId.has(id));
  if (missing) throw new AppError('NOT_FOUND', `tier ${missing} not found`);
  const event = rows[0]!.event;
  if (rows.some((r) => r.event.id !== event.id))
    throw new AppError('BAD_REQUEST', 'items: all tiers of one order must belong to one event');
  if (event.status !== 'PUBLISHED') throw new AppError('CONFLICT', 'the event is not on sale');
  const now = deps.now();
  if (event.endsAt <= now) throw new AppError('CONFLICT', 'the event has ended');
  const currency = rows[0]!.tier.currency;
  if (rows.some((r) => r.tier.currency !== currency))
    throw new AppError('BAD_REQUEST', 'items: tiers are priced in different currencies');
  const lines = tierIds.map((tierId) => {
    const { tier } = byId.get(tierId)!;
    const quantity = wanted.get(tierId)!;
    const problem = saleProblem(tier, now);
    if (problem) throw new AppError('CONFLICT', problem);
    if (quantity > tier.maxPerOrder)
      throw new AppError('BAD_REQUEST', `items: at most ${tier.maxPerOrder} of "${tier.name}" per order`);
    if (quantity < tier.minPerOrder)
      throw new AppError('BAD_REQUEST', `items: at least ${tier.minPerOrder} of "${tier.name}" per order`);
    return { tierId, quantity, unitPriceCents: tier.priceCents };
  });
  const promo = input.promoCode ? await findPromo(deps.db, event.id, input.promoCode) : null;
  const subtotalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  const discountCents = promo ? discountFor(promo, lines, now) : 0;
  return {
    event,
    currency,
    lines,
    promo,
    subtotalCents,
    discountCents,
    now,
    tierOf: (id: string) => byId.get(id)!.tier,
  };
}

/**
 * Holds inventory for an order. Each tier's `reserved` is raised with a conditional
 * UPDATE (`reserved + q <= quantity`), so concurrent buyers can never oversell: the
 * row lock makes the second buyer re-check against the first one's result. The common
 * order (one tier, no code) is one SQL statement (see one-statement.ts), planned from a
 * short-lived cache (quick-order.ts) when it can be; anything else is a transaction that
 * locks the event against cancellation, then takes the tiers in id order (then the
 * promo code), last, so two orders cannot deadlock. Free orders confirm at once and
 * carry their tickets.
 */
async function placeOrder(
  deps: CloudDeps,
  userId: string,
  input: OrderInput,
  idempotencyKey: string | null,
  hash: string | null,
) {
  const wanted = mergeItems(input.items);
  if (wanted.size === 1 && !input.promoCode) {
    const [tierId, quantity] = [...wanted][0]!;
    const quick = await placeQuickly(deps, { userId, tierId, quantity, idempotencyKey, hash });
    if (quick) return orderView(quick);
  }
  const plan = await planOrder(deps, input);
  const { event, lines, promo, now } = plan;
  const totalCents = plan.subtotalCents - plan.discountCents;
  const free = totalCents === 0;
  const order = newOrder(deps, {
    userId,
    event,
    free,
    subtotalCents: plan.subtotalCents,
    discountCents: plan.discountCents,
    currency: plan.currency,
    promoCodeId: promo?.id ?? null,
    idempotencyKey,
    hash,
    now,
  });
  const items = lines.map((l) => ({ id: newId(), orderId: order.id, ...l }));
  const key = free ? await currentSigningKey(deps.db, event.id) : null;
  const ticketRows = key ? signTickets(key, order, items, event) : [];

  if (items.length === 1 && !promo) {
    const item = items[0]!;
    const tier = plan.tierOf(item.tierId);
    const outcome = await placeInOneStatement(deps, order, item, ticketRows, { now, event, tier, key });
    if (!outcome.placed) {
      if (!outcome.eventOnSale) {
        await planOrder(deps, input); // throws what changed (cancelled, ended), if it still holds
        throw new AppError('CONFLICT', 'the event changed while you ordered; try again');
      }
      soldOutIfShort(tier.name, outcome.left, item.quantity, outcome.holds);
      throw new AppError('CONFLICT', `"${tier.name}" changed while you ordered; try again`);
    }
  } else {
    await deps.db.transaction(async (tx) => {
      await lockEventOnSale(tx, event.id);
      await tx.insert(orders).values(order);
      await tx.insert(orderItems).values(items);
      if (ticketRows.length > 0) await tx.insert(tickets).values(ticketRows);
      // The hot rows last: their row locks are held only from here to the commit.
      for (const line of lines) await takeInventory(tx, plan.tierOf(line.tierId), line.quantity, free);
      if (promo) await takePromoUse(tx, promo);
      if (free) await noteOrderConfirmed(tx, order, event.orgId, now);
      else await noteOrderPlaced(tx, order, event.orgId, now);
    });
  }
  // Tickets issued at once (a free order) are news for the venue's gates.
  if (ticketRows.length > 0) notifyManifestChanged(deps, event.venueId);
  return orderView(order);
}

/**
 * Takes the event row FOR KEY SHARE if it is still on sale. Cancelling an event takes
 * it FOR UPDATE first, so an order's transaction either commits before the
 * cancellation (which then revokes its tickets) or sees the event cancelled.
 */
async function lockEventOnSale(tx: CloudDb, eventId: string): Promise<void> {
  const [row] = await tx
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.status, 'PUBLISHED')))
    .for('key share');
  if (!row) throw new AppError('CONFLICT', 'the event is not on sale');
}

async function takeInventory(tx: CloudDb, tier: typeof tiers.$inferSelect, quantity: number, sold: boolean) {
  const taken = await tx
    .update(tiers)
    .set({
      reserved: sql`${tiers.reserved} + ${quantity}`,
      ...(sold ? { sold: sql`${tiers.sold} + ${quantity}` } : {}),
    })
    .where(and(eq(tiers.id, tier.id), sql`${tiers.reserved} + ${quantity} <= ${tiers.quantity}`))
    .returning({ id: tiers.id });
  if (taken.length === 0) await throwSoldOut(tx, tier, quantity);
}

async function throwSoldOut(db: CloudDb, tier: typeof tiers.$inferSelect, quantity: number): Promise<never> {
  const [now] = await db
    .select({ left: sql<number>`${tiers.quantity} - ${tiers.reserved}` })
    .from(tiers)
    .where(eq(tiers.id, tier.id));
  soldOutIfShort(tier.name, Math.max(0, Number(now?.left ?? 0)), quantity);
  // Someone's hold was released between our attempt and this read.
  throw new AppError('SOLD_OUT', `"${tier.name}" was taken by other buyers a moment ago; try again`);
}

/** Counts the items as sold and issues their tickets (inside the confirming transaction). */
export async function markSold(
  tx: CloudDb,
  items: (typeof orderItems.$inferSelect)[],
  event: typeof events.$inferSelect,
  order: Order,
): Promise<void> {
  for (const item of items) {
    await tx
      .update(tiers)
      .set({ sold: sql`${tiers.sold} + ${item.quantity}` })
      .where(eq(tiers.id, item.tierId));
  }
  await issueTickets(tx, order, items, event);
  await noteOrderConfirmed(tx, order, event.orgId, order.confirmedAt ?? order.createdAt);
}
