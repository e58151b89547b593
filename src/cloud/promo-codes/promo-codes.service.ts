import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { promoCodes, tiers } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { MANAGERS } from '../orgs/access.ts';

type PromoCode = typeof promoCodes.$inferSelect;

/** Codes are compared trimmed and upper-case, so "  summer10 " finds SUMMER10. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

export function promoView(p: PromoCode) {
  return {
    id: p.id,
    eventId: p.eventId,
    code: p.code,
    kind: p.kind,
    amount: p.amount,
    maxUses: p.maxUses,
    uses: p.uses,
    minOrderCents: p.minOrderCents,
    tierIds: p.tierIds,
    validFrom: p.validFrom?.toISOString() ?? null,
    validUntil: p.validUntil?.toISOString() ?? null,
    active: p.active,
  };
}

export interface PricedLine {
  tierId: string;
  quantity: number;
  unitPriceCents: number;
}

/**
 * The discount a code gives on these lines at `now`, or a 422 naming the rule that
 * failed. Use counts are not checked here: they are taken atomically by `takePromoUse`.
 */
export function discountFor(promo: PromoCode, lines: PricedLine[], now: Date): number {
  const name = `promo code ${promo.code}`;
  if (!promo.active) throw new AppError('UNPROCESSABLE', `${name} is no longer active`);
  if (promo.validFrom && now < promo.validFrom)
    throw new AppError('UNPROCESSABLE', `${name} is valid from ${promo.validFrom.toISOString()}`);
  if (promo.validUntil && now >= promo.validUntil)
    throw new AppError('UNPROCESSABLE', `${name} expired at ${promo.validUntil.toISOString()}`);
  const subtotal = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  if (subtotal < promo.minOrderCents)
    throw new AppError(
      'UNPROCESSABLE',
      `${name} needs an order of at least ${promo.minOrderCents} cents (this one is ${subtotal})`,
    );
  const eligible = promo.tierIds.length === 0 ? lines : lines.filter((l) => promo.tierIds.includes(l.tierId));
  if (eligible.length === 0)
    throw new AppError('UNPROCESSABLE', `${name} does not apply to the tiers in this order`);
  const base = eligible.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  const off = promo.kind === 'PERCENT' ? Math.floor((base * promo.amount) / 100) : promo.amount;
  return Math.min(off, base);
}

export async function findPromo(db: CloudDb, eventId: string, code: string): Promise<PromoCode> {
  const [promo] = await db
    .select()
    .from(promoCodes)
    .where(and(eq(promoCodes.eventId, eventId), eq(promoCodes.code, normalizeCode(code))))
    .limit(1);
  if (!promo)
    throw new AppError('UNPROCESSABLE', `promo code ${normalizeCode(code)} does not exist for this event`);
  return promo;
}

/** Takes one use with a conditional update, so concurrent orders never pass `maxUses`. */
export async function takePromoUse(tx: CloudDb, promo: PromoCode): Promise<void> {
  const taken = await tx
    .update(promoCodes)
    .set({ uses: sql`${promoCodes.uses} + 1` })
    .where(
      and(
        eq(promoCodes.id, promo.id),
        sql`(${promoCodes.maxUses} is null or ${promoCodes.uses} < ${promoCodes.maxUses})`,
      ),
    )
    .returning({ id: promoCodes.id });
  if (taken.length === 0)
    throw new AppError('CONFLICT', `promo code ${promo.code} has been used the maximum number of times`);
}

export async function givePromoUseBack(tx: CloudDb, promoCodeId: string): Promise<void> {
  await tx
    .update(promoCodes)
    .set({ uses: sql`greatest(${promoCodes.uses} - 1, 0)` })
    .where(eq(promoCodes.id, promoCodeId));
}

export interface PromoInput {
  code: string;
  kind: 'PERCENT' | 'FIXED';
  amount: number;
  maxUses?: number | null | undefined;
  minOrderCents?: number | undefined;
  tierIds?: string[] | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  active?: boolean | undefined;
}

const when = (s: string | null | undefined) => (s ? new Date(s) : null);

export async function createPromoCode({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: PromoInput;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (input.kind === 'PERCENT' && input.amount > 100)
    throw new AppError('BAD_REQUEST', 'amount: a PERCENT discount is at most 100');
  const validFrom = when(input.validFrom);
  const validUntil = when(input.validUntil);
  if (validFrom && validUntil && validFrom >= validUntil)
    throw new AppError('BAD_REQUEST', 'validUntil: must be after validFrom');
  const tierIds = [...new Set(input.tierIds ?? [])];
  if (tierIds.length > 0) {
    const own = await deps.db.select({ id: tiers.id }).from(tiers).where(eq(tiers.eventId, eventId));
    const stray = tierIds.find((id) => !own.some((t) => t.id === id));
    if (stray) throw new AppError('BAD_REQUEST', `tierIds: ${stray} is not a tier of this event`);
  }
  const code = normalizeCode(input.code);
  const [existing] = await deps.db
    .select({ id: promoCodes.id })
    .from(promoCodes)
    .where(and(eq(promoCodes.eventId, eventId), eq(promoCodes.code, code)));
  if (existing) throw new AppError('CONFLICT', `code: ${code} already exists for this event`);
  const [row] = await deps.db
    .insert(promoCodes)
    .values({
      id: newId(),
      eventId,
      code,
      kind: input.kind,
      amount: input.amount,
      maxUses: input.maxUses ?? null,
      minOrderCents: input.minOrderCents ?? 0,
      tierIds,
      validFrom,
      validUntil,
      active: input.active ?? true,
    })
    .returning();
  return promoView(row!);
}

export async function listPromoCodes({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  const rows = await deps.db
    .select()
    .from(promoCodes)
    .where(eq(promoCodes.eventId, eventId))
    .orderBy(asc(promoCodes.createdAt));
  return rows.map(promoView);
}

/** Managers change a code's limits or switch it off; the code text and kind stay. */
export async function updatePromoCode({
  deps,
  userId,
  promoId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  promoId: string;
  input: Partial<Pick<PromoInput, 'maxUses' | 'validFrom' | 'validUntil' | 'active' | 'minOrderCents'>>;
}) {
  const [promo] = await deps.db.select().from(promoCodes).where(eq(promoCodes.id, promoId)).limit(1);
  if (!promo) throw new AppError('NOT_FOUND', 'promo code not found');
  try {
    await loadEventFor(deps.db, userId, promo.eventId, { roles: MANAGERS });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      throw new AppError('NOT_FOUND', 'promo code not found');
    throw err;
  }
  if (input.maxUses != null && input.maxUses < promo.uses)
    throw new AppError('CONFLICT', `maxUses: the code has already been used ${promo.uses} times`);
  const patch: Partial<typeof promoCodes.$inferInsert> = {};
  if (input.maxUses !== undefined) patch.maxUses = input.maxUses;
  if (input.validFrom !== undefined) patch.validFrom = when(input.validFrom);
  if (input.validUntil !== undefined) patch.validUntil = when(input.validUntil);
  if (input.active !== undefined) patch.active = input.active;
  if (input.minOrderCents !== undefined) patch.minOrderCents = input.minOrderCents;
  if (Object.keys(patch).length === 0) return promoView(promo);
  const [row] = await deps.db.update(promoCodes).set(patch).where(eq(promoCodes.id, promoId)).returning();
  return promoView(row!);
}

/** What a code would take off these items now. Uses are only taken by an order, so this takes none. */
export async function previewPromoCode({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: { eventId: string; code: string; items: { tierId: string; quantity: number }[] };
}) {
  const { db } = deps;
  await loadEventFor(db, userId, input.eventId, { public: true });
  const promo = await findPromo(db, input.eventId, input.code);
  const ids = [...new Set(input.items.map((i) => i.tierId))];
  const rows = await db.select().from(tiers).where(inArray(tiers.id, ids));
  const stray = ids.find((id) => !rows.some((t) => t.id === id && t.eventId === input.eventId));
  if (stray) throw new AppError('BAD_REQUEST', `items: tier ${stray} is not a tier of this event`);
  const lines = input.items.map((i) => ({
    ...i,
    unitPriceCents: rows.find((t) => t.id === i.tierId)!.priceCents,
  }));
  const discountCents = discountFor(promo, lines, deps.now());
  if (promo.maxUses !== null && promo.uses >= promo.maxUses)
    throw new AppError('CONFLICT', `promo code ${promo.code} has been used the maximum number of times`);
  const subtotalCents = lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
  return {
    valid: true as const,
    code: promo.code,
    kind: promo.kind,
    amount: promo.amount,
    subtotalCents,
    discountCents,
    totalCents: subtotalCents - discountCents,
  };
}
