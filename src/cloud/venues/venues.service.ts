import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { venues } from '../db/schema.ts';
import { ALL_ROLES, MANAGERS, type OrgRole, requireOrgRole } from '../orgs/access.ts';

type Venue = typeof venues.$inferSelect;

export function venueView(v: Venue) {
  return {
    id: v.id,
    orgId: v.orgId,
    name: v.name,
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
  input: { name: string; capacity: number; timezone?: string | undefined };
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
