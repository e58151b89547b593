import { eq, inArray } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { SigningKey } from '../../shared/ticket-code.ts';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, perDatabase } from '../db/client.ts';
import { events, tiers } from '../db/schema.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { currentSigningKey, signTickets } from '../tickets/issue.ts';
import { saleProblem } from '../tiers/sale-window.ts';
import { placeInOneStatement } from './one-statement.ts';
import { newOrder, type Order, soldOutIfShort } from './order-row.ts';

/**
 * How long a tier's plan (tier, event, signing key) is reused. During an on-sale every
 * buyer orders the same few tiers; reading them once a second instead of twice per order
 * halves the order's round trips to Postgres. Staleness is harmless: the order statement
 * re-checks everything the plan decided (price, currency, rules, sale window, event
 * status and times, signing key) under its locks, and a miss falls back to a fresh read.
 */
export const PLAN_TTL_MS = 1000;
const MAX_PLANS = 10_000;

interface Plan {
  tier: typeof tiers.$inferSelect;
  event: typeof events.$inferSelect;
  /** The signing key, for a free tier of a published event; null otherwise. */
  key: SigningKey | null;
}
interface CachedPlan {
  plan: Promise<Plan | null>;
  until: number;
}

/** Orders placed from a cached plan, and attempts handed to the full path; for tests and diagnostics. */
export const quickOrderStats = { placed: 0, handedOver: 0 };

const cacheOf = perDatabase<CachedPlan>();

/** Tiers with their events, the read every order plan starts from (fresh or cached). */
export function tiersWithEvents(db: CloudDb, tierIds: string[]) {
  return db
    .select({ tier: tiers, event: events })
    .from(tiers)
    .innerJoin(events, eq(events.id, tiers.eventId))
    .where(inArray(tiers.id, tierIds));
}

async function loadPlan(db: CloudDb, tierId: string): Promise<Plan | null> {
  const [row] = await tiersWithEvents(db, [tierId]);
  if (!row) return null;
  const signs = row.tier.priceCents === 0 && row.event.status === 'PUBLISHED';
  return { ...row, key: signs ? await currentSigningKey(db, row.event.id) : null };
}

function planFor(db: CloudDb, tierId: string): Promise<Plan | null> {
  const cache = cacheOf(db);
  const now = performance.now();
  const hit = cache.get(tierId);
  if (hit && hit.until > now) return hit.plan;
  if (cache.size >= MAX_PLANS) cache.clear();
  // Concurrent buyers of a cold tier share one read; a failed read is not kept.
  const plan = loadPlan(db, tierId).catch((err) => {
    cache.delete(tierId);
    throw err;
  });
  cache.set(tierId, { plan, until: now + PLAN_TTL_MS });
  return plan;
}

/**
 * Places a one-tier order without a promo code from the cached plan, in one round
 * trip. Returns null whenever it cannot decide alone (unknown tier, a rule that fails,
 * a plan that turned out stale): the caller then plans afresh and explains. A tier that
 * is short of inventory is SOLD_OUT here.
 */
export async function placeQuickly(
  deps: CloudDeps,
  want: {
    userId: string;
    tierId: string;
    quantity: number;
    idempotencyKey: string | null;
    hash: string | null;
  },
): Promise<Order | null> {
  const placed = await tryPlace(deps, want);
  if (placed) quickOrderStats.placed++;
  else quickOrderStats.handedOver++;
  return placed;
}

async function tryPlace(deps: CloudDeps, want: Parameters<typeof placeQuickly>[1]): Promise<Order | null> {
  const plan = await planFor(deps.db, want.tierId);
  if (!plan) return null;
  const { tier, event } = plan;
  const now = deps.now();
  const q = want.quantity;
  if (event.status !== 'PUBLISHED' || event.endsAt <= now || saleProblem(tier, now)) return null;
  if (q > tier.maxPerOrder || q < tier.minPerOrder) return null;
  const free = tier.priceCents === 0;
  if (free && !plan.key) return null;
  const subtotalCents = tier.priceCents * q;
  const order = newOrder(deps, {
    userId: want.userId,
    event,
    free,
    subtotalCents,
    discountCents: 0,
    currency: tier.currency,
    promoCodeId: null,
    idempotencyKey: want.idempotencyKey,
    hash: want.hash,
    now,
  });
  const item = { id: newId(), tierId: tier.id, quantity: q, unitPriceCents: tier.priceCents };
  const key = free ? plan.key : null;
  const ticketRows = key ? signTickets(key, order, [item], event) : [];
  const outcome = await placeInOneStatement(deps, order, item, ticketRows, { now, event, tier, key });
  if (!outcome.placed) {
    cacheOf(deps.db).delete(tier.id);
    if (outcome.eventOnSale) soldOutIfShort(tier.name, outcome.left, q, outcome.holds);
    return null;
  }
  if (ticketRows.length > 0) notifyManifestChanged(deps, event.venueId);
  return order;
}
