import { and, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { ReentryPolicy } from '../../sync/protocol.ts';
import type { CloudDeps } from '../context.ts';
import { events, tiers } from '../db/schema.ts';
import { MANAGERS } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { loadEventFor } from './events.service.ts';

export interface GateRulesInput {
  reentryPolicy?: ReentryPolicy | undefined;
  tiers?: { tierId: string; validFrom: string | null; validUntil: string | null }[] | undefined;
}

async function gateRulesView(deps: CloudDeps, eventId: string) {
  const [event] = await deps.db.select().from(events).where(eq(events.id, eventId));
  const list = await deps.db.select().from(tiers).where(eq(tiers.eventId, eventId));
  return {
    eventId,
    reentryPolicy: (event!.reentryPolicy ?? 'reentry') as ReentryPolicy,
    tiers: list.map((t) => ({
      tierId: t.id,
      validFrom: t.validFrom?.toISOString() ?? null,
      validUntil: t.validUntil?.toISOString() ?? null,
    })),
  };
}

export async function getGateRules({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  return gateRulesView(deps, eventId);
}

/** Re-entry policy and per-tier admission windows; they reach the gates with the manifest. */
export async function setGateRules({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: GateRulesInput;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  for (const [i, t] of (input.tiers ?? []).entries()) {
    if (t.validFrom && t.validUntil && !(new Date(t.validFrom) < new Date(t.validUntil)))
      throw new AppError('BAD_REQUEST', `tiers.${i}.validUntil: must be after validFrom`);
  }
  await deps.db.transaction(async (tx) => {
    if (input.reentryPolicy)
      await tx.update(events).set({ reentryPolicy: input.reentryPolicy }).where(eq(events.id, eventId));
    for (const [i, t] of (input.tiers ?? []).entries()) {
      const done = await tx
        .update(tiers)
        .set({
          validFrom: t.validFrom ? new Date(t.validFrom) : null,
          validUntil: t.validUntil ? new Date(t.validUntil) : null,
        })
        .where(and(eq(tiers.id, t.tierId), eq(tiers.eventId, eventId)))
        .returning({ id: tiers.id });
      if (done.length === 0) throw new AppError('NOT_FOUND', `tiers.${i}.tierId: no such tier in this event`);
    }
  });
  notifyManifestChanged(deps, event.venueId);
  return gateRulesView(deps, eventId);
}
