import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { edgeNodes, events, memberships, orders, organizations, venues } from '../db/schema.ts';
import { ALL_ROLES, requireOrgRole } from './access.ts';

export async function createOrganization({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: { name: string };
}) {
  const org = { id: newId(), name: input.name };
  await deps.db.transaction(async (tx) => {
    await tx.insert(organizations).values(org);
    await tx.insert(memberships).values({ orgId: org.id, userId, role: 'OWNER' });
  });
  return { ...org, role: 'OWNER' as const };
}

export async function listMyOrganizations({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const rows = await deps.db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), isNull(organizations.deletedAt)));
  return rows;
}

export async function getOrganization({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}) {
  const role = await requireOrgRole(deps.db, userId, orgId, ALL_ROLES, 'organization');
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, orgId));
  return { id: org!.id, name: org!.name, role };
}

/**
 * Deletes an organization (OWNER only), softly: the row stays so the orders and tickets
 * of its past events keep their history, but its memberships end, its edge nodes'
 * tokens stop working and nobody (platform admins included) can reach it again. Refused
 * while it still owes something: an event that is on sale or has not ended (cancel it
 * first), or an order due a refund (refund it first).
 */
export async function deleteOrganization({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}): Promise<void> {
  await requireOrgRole(deps.db, userId, orgId, ['OWNER'], 'organization');
  await deps.db.transaction(async (tx) => {
    // Two deletes of one organization queue here; the second finds it already gone.
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, orgId))
      .for('update');
    const now = deps.now();
    const [live] = await tx
      .select({ name: events.name })
      .from(events)
      .where(and(eq(events.orgId, orgId), eq(events.status, 'PUBLISHED'), gt(events.endsAt, now)))
      .limit(1);
    if (live)
      throw new AppError(
        'CONFLICT',
        `event "${live.name}" is published and has not ended: cancel it (which refunds its buyers) first`,
      );
    const orgEvents = tx.select({ id: events.id }).from(events).where(eq(events.orgId, orgId));
    const [owed] = await tx
      .select({ n: count() })
      .from(orders)
      .where(and(inArray(orders.eventId, orgEvents), eq(orders.refundDue, true)));
    if (owed && owed.n > 0)
      throw new AppError('CONFLICT', `${owed.n} orders are due a refund: refund them before deleting`);
    await tx.update(organizations).set({ deletedAt: now }).where(eq(organizations.id, orgId));
    await tx.delete(memberships).where(eq(memberships.orgId, orgId));
    const orgVenues = tx.select({ id: venues.id }).from(venues).where(eq(venues.orgId, orgId));
    await tx
      .update(edgeNodes)
      .set({ revokedAt: now })
      .where(and(inArray(edgeNodes.venueId, orgVenues), isNull(edgeNodes.revokedAt)));
  });
}
