import { asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { edgeNodes, events, venues } from '../db/schema.ts';
import { ALL_ROLES, MANAGERS, type OrgRole, requireOrgRole } from '../orgs/access.ts';

type Venue = typeof venues.$inferSelect;

export function venueView(v: Venue) {
  return {
    id: v.id,
    orgId: v.orgId,
    name: v.name,
    address: v.address,
    capacity: v.capacity,
    timezone: v.timezone,
    createdAt: v.createdAt.toISOString(),
  };
}

/** Loads a venue and checks the caller's role in its organization (404 for outsiders). */
export async function loadVenueFor(
  db: CloudDb,
  userId: string,
  venueId: string,
  roles: OrgRole[],
): Promise<Venue> {
  const [venue] = await db.select().from(venues).where(eq(venues.id, venueId)).limit(1);
  if (!venue) throw new AppError('NOT_FOUND', 'venue not found');
  await requireOrgRole(db, userId, venue.orgId, roles, 'venue');
  return venue;
}

export async function createVenue({
  deps,
  userId,
  orgId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  input: {
    name: string;
    capacity: number;
    timezone?: string | undefined;
    address?: string | null | undefined;
  };
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const [venue] = await deps.db
    .insert(venues)
    .values({
      id: newId(),
      orgId,
      name: input.name,
      capacity: input.capacity,
      timezone: input.timezone ?? 'UTC',
      address: input.address ?? null,
    })
    .returning();
  return venueView(venue!);
}

export async function getVenue({
  deps,
  userId,
  venueId,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
}) {
  return venueView(await loadVenueFor(deps.db, userId, venueId, ALL_ROLES));
}

export async function listVenues({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, ALL_ROLES, 'organization');
  const rows = await deps.db.select().from(venues).where(eq(venues.orgId, orgId)).orderBy(asc(venues.name));
  return rows.map(venueView);
}

export async function updateVenue({
  deps,
  userId,
  venueId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
  input: {
    name?: string | undefined;
    capacity?: number | undefined;
    timezone?: string | undefined;
    address?: string | null | undefined;
  };
}) {
  const venue = await loadVenueFor(deps.db, userId, venueId, MANAGERS);
  const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(patch).length === 0) return venueView(venue);
  const [row] = await deps.db.update(venues).set(patch).where(eq(venues.id, venueId)).returning();
  return venueView(row!);
}

/** A venue that hosted an event or has a gate stays (they point at it). */
export async function deleteVenue({
  deps,
  userId,
  venueId,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
}) {
  await loadVenueFor(deps.db, userId, venueId, MANAGERS);
  const [event] = await deps.db
    .select({ id: events.id })
    .from(events)
    .where(eq(events.venueId, venueId))
    .limit(1);
  const [node] = await deps.db
    .select({ id: edgeNodes.id })
    .from(edgeNodes)
    .where(eq(edgeNodes.venueId, venueId))
    .limit(1);
  if (event || node)
    throw new AppError('CONFLICT', 'the venue has events or edge nodes and cannot be deleted');
  await deps.db.delete(venues).where(eq(venues.id, venueId));
}
