import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { events, orderItems, tiers } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { expireHolds } from '../orders/holds.ts';
import { MANAGERS, membershipRole } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { saleProblem } from './sale-window.ts';

type Tier = typeof tiers.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function tierView(t: Tier) {
  return {
    id: t.id,
    eventId: t.eventId,
    name: t.name,
    priceCents: t.priceCents,
    currency: t.currency,
    quantity: t.quantity,
    minPerOrder: t.minPerOrder,
    maxPerOrder: t.maxPerOrder,
    available: Math.max(0, t.quantity - t.reserved),
    saleStartsAt: iso(t.saleStartsAt),
    saleEndsAt: iso(t.saleEndsAt),
    validFrom: iso(t.validFrom),
    validUntil: iso(t.validUntil),
    active: t.active,
    sortOrder: t.sortOrder,
    transferable: t.transferable,
  };
}

export interface TierInput {
  name?: string | undefined;
  priceCents?: number | undefined;
  quantity?: number | undefined;
  currency?: string | undefined;
  minPerOrder?: number | undefined;
  maxPerOrder?: number | undefined;
  saleStartsAt?: string | null | undefined;
  saleEndsAt?: string | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  active?: boolean | undefined;
  sortOrder?: number | undefined;
  transferable?: boolean | undefined;
}

const dateOf = (s: string | null | undefined) =>
  s === undefined ? undefined : s === null ? null : new Date(s);

/** The input as column values (only what was given), checked against the tier it will be merged with. */
function tierPatch(input: TierInput, current?: Tier): Partial<typeof tiers.$inferInsert> {
  const patch: Partial<typeof tiers.$inferInsert> = {};
  for (const key of [
    'name',
    'priceCents',
    'quantity',
    'currency',
    'minPerOrder',
    'maxPerOrder',
    'active',
    'sortOrder',
    'transferable',
  ] as const) {
    if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
  }
  for (const key of ['saleStartsAt', 'saleEndsAt', 'validFrom', 'validUntil'] as const) {
    const value = dateOf(input[key]);
    if (value !== undefined) patch[key] = value;
  }
  const merged = { minPerOrder: 1, maxPerOrder: 10, ...current, ...patch };
  if (merged.minPerOrder > merged.maxPerOrder)
    throw new AppError('BAD_REQUEST', 'minPerOrder: must not be more than maxPerOrder');
  if (merged.saleStartsAt && merged.saleEndsAt && merged.saleStartsAt >= merged.saleEndsAt)
    throw new AppError('BAD_REQUEST', 'saleEndsAt: must be after saleStartsAt');
  if (merged.validFrom && merged.validUntil && merged.validFrom >= merged.validUntil)
    throw new AppError('BAD_REQUEST', 'validUntil: must be after validFrom');
  return patch;
}

export async function createTier({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: TierInput & { name: string; priceCents: number; quantity: number };
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (event.status === 'CANCELLED') throw new AppError('CONFLICT', 'the event is cancelled');
  const [tier] = await deps.db
    .insert(tiers)
    .values({
      id: newId(),
      eventId,
      name: input.name,
      priceCents: input.priceCents,
      quantity: input.quantity,
      ...tierPatch(input),
    })
    .returning();
  // Tiers travel in the manifest of a published event: wake its venue's edges.
  if (event.status === 'PUBLISHED') notifyManifestChanged(deps, event.venueId);
  return tierView(tier!);
}

/** A tier and its event, if the caller may see it (`manage`: OWNER/ADMIN of its organization). */
async function loadTierFor(db: CloudDb, userId: string | null, tierId: string, manage: boolean) {
  const [row] = await db
    .select({ tier: tiers, event: events })
    .from(tiers)
    .innerJoin(events, eq(events.id, tiers.eventId))
    .where(eq(tiers.id, tierId))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'tier not found');
  const role = userId ? await membershipRole(db, userId, row.event.orgId) : null;
  if (manage) {
    if (!role) throw new AppError('NOT_FOUND', 'tier not found');
    if (!MANAGERS.includes(role))
      throw new AppError('FORBIDDEN', `your role ${role} may not do this; ask an OWNER or ADMIN`);
  } else if (!role && (row.event.status === 'DRAFT' || !row.tier.active)) {
    throw new AppError('NOT_FOUND', 'tier not found');
  }
  return row;
}

/**
 * Changes a tier. After its first sale the price is fixed (buyers paid it) and the
 * quantity cannot drop below what is sold or held; the quantity check is part of the
 * UPDATE so a concurrent order cannot slip under it.
 */
export async function updateTier({
  deps,
  userId,
  tierId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  tierId: string;
  input: TierInput;
}) {
  const { tier, event } = await loadTierFor(deps.db, userId, tierId, true);
  if (event.status === 'CANCELLED') throw new AppError('CONFLICT', 'the event is cancelled');
  const patch = tierPatch(input, tier);
  const sold = await hasSales(deps.db, tierId);
  if (sold && patch.priceCents !== undefined && patch.priceCents !== tier.priceCents)
    throw new AppError('CONFLICT', 'priceCents: the tier has sales, so its price cannot change');
  if (sold && patch.currency !== undefined && patch.currency !== tier.currency)
    throw new AppError('CONFLICT', 'currency: the tier has sales, so its currency cannot change');
  if (Object.keys(patch).length === 0) return tierView(tier);
  const [row] = await deps.db
    .update(tiers)
    .set(patch)
    .where(
      and(
        eq(tiers.id, tierId),
        patch.quantity === undefined ? undefined : sql`${tiers.reserved} <= ${patch.quantity}`,
      ),
    )
    .returning();
  if (!row) {
    const [now] = await deps.db.select().from(tiers).where(eq(tiers.id, tierId));
    throw new AppError(
      'CONFLICT',
      `quantity: ${now!.reserved} are already sold or held, so it cannot drop below that`,
    );
  }
  return tierView(row);
}

async function hasSales(db: CloudDb, tierId: string): Promise<boolean> {
  const [any] = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(eq(orderItems.tierId, tierId))
    .limit(1);
  return Boolean(any);
}

/** A tier anyone ever ordered from stays (orders point at it): deactivate it instead. */
export async function deleteTier({
  deps,
  userId,
  tierId,
}: {
  deps: CloudDeps;
  userId: string;
  tierId: string;
}) {
  await loadTierFor(deps.db, userId, tierId, true);
  if (await hasSales(deps.db, tierId))
    throw new AppError('CONFLICT', 'the tier has orders and cannot be deleted: set active to false instead');
  await deps.db.delete(tiers).where(eq(tiers.id, tierId));
}

/** Members see every tier; anyone else (anonymous too) the active tiers of a published event. */
export async function listTiers({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string | null;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { public: true });
  const member = userId !== null && Boolean(await membershipRole(deps.db, userId, event.orgId));
  await expireHolds({ deps, eventId });
  const rows = await deps.db
    .select()
    .from(tiers)
    .where(member ? eq(tiers.eventId, eventId) : and(eq(tiers.eventId, eventId), eq(tiers.active, true)))
    .orderBy(asc(tiers.sortOrder), asc(tiers.createdAt));
  return rows.map(tierView);
}

/** One tier, as listTiers shows it; `available` (quantity − sold − held) counts after releasing lapsed holds. */
export async function getTier({
  deps,
  userId,
  tierId,
}: {
  deps: CloudDeps;
  userId: string | null;
  tierId: string;
}) {
  await loadTierFor(deps.db, userId, tierId, false);
  await expireHolds({ deps, tierIds: [tierId] });
  return tierView((await loadTierFor(deps.db, userId, tierId, false)).tier);
}

/** What a buyer needs before ordering; holds that ran out are released first so the numbers are true. */
export async function tierAvailability({
  deps,
  userId,
  tierId,
}: {
  deps: CloudDeps;
  userId: string | null;
  tierId: string;
}) {
  await loadTierFor(deps.db, userId, tierId, false);
  await expireHolds({ deps, tierIds: [tierId] });
  const { tier, event } = await loadTierFor(deps.db, userId, tierId, false);
  const now = deps.now();
  const available = Math.max(0, tier.quantity - tier.reserved);
  const problem =
    event.status === 'CANCELLED'
      ? 'the event is cancelled'
      : event.status !== 'PUBLISHED'
        ? 'the event is not published yet'
        : event.endsAt <= now
          ? 'the event has ended'
          : saleProblem(tier, now);
  const isOnSale = problem === null;
  const canPurchase = isOnSale && available >= tier.minPerOrder;
  return {
    tierId: tier.id,
    quantity: tier.quantity,
    sold: tier.sold,
    held: tier.reserved - tier.sold,
    available,
    isOnSale,
    canPurchase,
    message: problem ?? (canPurchase ? `${available} available` : `"${tier.name}" is sold out`),
  };
}
