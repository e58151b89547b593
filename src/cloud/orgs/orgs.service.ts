import { eq } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { memberships, organizations } from '../db/schema.ts';
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
    .where(eq(memberships.userId, userId));
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
