import { and, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { generateEventKey } from '../../shared/ticket-code.ts';
import type { ReentryPolicy } from '../../sync/protocol.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { eventKeys, events, venues } from '../db/schema.ts';
import { noteEventChanged, noteEventPublished } from '../notifications/hooks.ts';
import { MANAGERS, membershipRole, type OrgRole, requireOrgRole } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { loadVenueFor } from '../venues/venues.service.ts';
import { sealedKeyRow } from './key-vault.ts';

type Event = typeof events.$inferSelect;

export function eventView(e: Event) {
  return {
    id: e.id,
    orgId: e.orgId,
    venueId: e.venueId,
    name: e.name,
    status: e.status,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    doorsAt: e.doorsAt?.toISOString() ?? null,
    publishedAt: e.publishedAt?.toISOString() ?? null,
    cancelledAt: e.cancelledAt?.toISOString() ?? null,
    reentryPolicy: e.reentryPolicy,
    category: e.category,
    tags: e.tags,
    description: e.description,
  };
}

export interface EventInput {
  name?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  doorsAt?: string | null | undefined;
  reentryPolicy?: ReentryPolicy | undefined;
  category?: string | null | undefined;
  tags?: string[] | undefined;
  description?: string | null | undefined;
}

/** Column values for the given fields, with `doorsAt ≤ startsAt < endsAt` checked on the merged event. */
function eventPatch(input: EventInput, current?: Event): Partial<typeof events.$inferInsert> {
  const patch: Partial<typeof events.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.startsAt !== undefined) patch.startsAt = new Date(input.startsAt);
  if (input.endsAt !== undefined) patch.endsAt = new Date(input.endsAt);
  if (input.doorsAt !== undefined) patch.doorsAt = input.doorsAt ? new Date(input.doorsAt) : null;
  if (input.reentryPolicy !== undefined) patch.reentryPolicy = input.reentryPolicy;
  if (input.category !== undefined) patch.category = input.category?.toLowerCase() ?? null;
  if (input.tags !== undefined) patch.tags = [...new Set(input.tags.map((t) => t.toLowerCase()))];
  if (input.description !== undefined) patch.description = input.description;
  const startsAt = patch.startsAt ?? current?.startsAt;
  const endsAt = patch.endsAt ?? current?.endsAt;
  const doorsAt = patch.doorsAt !== undefined ? patch.doorsAt : (current?.doorsAt ?? null);
  if (startsAt && endsAt && !(startsAt < endsAt))
    throw new AppError('BAD_REQUEST', 'endsAt: must be after startsAt');
  if (doorsAt && startsAt && doorsAt > startsAt)
    throw new AppError('BAD_REQUEST', 'doorsAt: must not be after startsAt');
  return patch;
}

/** An event and the caller's rights over it: members need `roles`; anyone may see a published event when `public`. */
export async function loadEventFor(
  db: CloudDb,
  userId: string,
  eventId: string,
  access: { roles: OrgRole[] },
): Promise<Event>;
/** `userId` null: an anonymous caller, who sees published (and cancelled) events only. */
export async function loadEventFor(
  db: CloudDb,
  userId: string | null,
  eventId: string,
  access: { public: true },
): Promise<Event>;
export async function loadEventFor(
  db: CloudDb,
  userId: string | null,
  eventId: string,
  access: { roles: OrgRole[] } | { public: true },
): Promise<Event> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId)).limit(1);
  if (!event) throw new AppError('NOT_FOUND', 'event not found');
  if ('public' in access) {
    if (event.status !== 'DRAFT') return event;
    if (!userId || !(await membershipRole(db, userId, event.orgId)))
      throw new AppError('NOT_FOUND', 'event not found');
    return event;
  }
  await requireOrgRole(db, userId!, event.orgId, access.roles, 'event');
  return event;
}

export async function createEvent({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: EventInput & { venueId: string; name: string; startsAt: string; endsAt: string };
}) {
  const venue = await loadVenueFor(deps.db, userId, input.venueId, MANAGERS);
  const patch = eventPatch(input);
  const [event] = await deps.db
    .insert(events)
    .values({
      ...patch,
      id: newId(),
      orgId: venue.orgId,
      venueId: venue.id,
      name: input.name,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
    })
    .returning();
  return eventView(event!);
}

/**
 * Changes an event's details. A cancelled event is final. The gate picks up time and
 * re-entry changes from the manifest, which sends events whole on every page.
 */
export async function updateEvent({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: EventInput;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (event.status === 'CANCELLED')
    throw new AppError('CONFLICT', 'the event is cancelled and cannot change');
  const patch = eventPatch(input, event);
  if (Object.keys(patch).length === 0) return eventView(event);
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx.update(events).set(patch).where(eq(events.id, eventId)).returning();
    await noteEventChanged(deps, tx, event, updated!);
    return updated!;
  });
  return eventView(row);
}

/** Anyone may read a published event with where it happens; a draft only its organization. */
export async function getEvent({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string | null;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { public: true });
  const [venue] = await deps.db
    .select({ id: venues.id, name: venues.name, address: venues.address, timezone: venues.timezone })
    .from(venues)
    .where(eq(venues.id, event.venueId));
  return { ...eventView(event), venue: venue! };
}

/** Publishing makes the event's Ed25519 key pair that signs its ticket codes. Idempotent. */
export async function publishEvent({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (event.status === 'PUBLISHED') return eventView(event);
  if (event.status === 'CANCELLED') throw new AppError('CONFLICT', 'a cancelled event cannot be published');
  const key = await generateEventKey(`${event.id}.${newId()}`);
  const published = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ status: 'PUBLISHED', publishedAt: deps.now() })
      .where(and(eq(events.id, eventId), eq(events.status, 'DRAFT')))
      .returning();
    if (!row) return undefined;
    await tx.insert(eventKeys).values(sealedKeyRow(deps.config.keyEncryptionKey, eventId, key));
    await noteEventPublished(deps, tx, row);
    return row;
  });
  if (published) notifyManifestChanged(deps, published.venueId);
  // Lost a race with a concurrent publish: theirs stands.
  return eventView(published ?? (await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS })));
}
