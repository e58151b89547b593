import { asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { tiers } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { MANAGERS } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';

type Tier = typeof tiers.$inferSelect;

export function tierView(t: Tier) {
  return {
    id: t.id,
    eventId: t.eventId,
    name: t.name,
    priceCents: t.priceCents,
    currency: t.currency,
    quantity: t.quantity,
    maxPerOrder: t.maxPerOrder,
    available: t.quantity - t.reserved,
  };
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
  input: {
    name: string;
    priceCents: number;
    quantity: number;
    maxPerOrder?: number | undefined;
    currency?: string | undefined;
  };
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
      currency: input.currency ?? 'USD',
      quantity: input.quantity,
      maxPerOrder: input.maxPerOrder ?? 10,
    })
    .returning();
  // Tiers travel in the manifest of a published event: wake its venue's edges.
  if (event.status === 'PUBLISHED') notifyManifestChanged(deps, event.venueId);
  return tierView(tier!);
}

export async function listTiers({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  await loadEventFor(deps.db, userId, eventId, { public: true });
  const rows = await deps.db
    .select()
    .from(tiers)
    .where(eq(tiers.eventId, eventId))
    .orderBy(asc(tiers.createdAt));
  return rows.map(tierView);
}
