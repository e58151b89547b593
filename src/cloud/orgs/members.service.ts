import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { memberships, organizations, users } from '../db/schema.ts';
import { ALL_ROLES, MANAGERS, type OrgRole, requireOrgRole } from './access.ts';

async function memberList(db: CloudDb, orgId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt));
}

export async function listMembers({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, ALL_ROLES, 'organization');
  return memberList(deps.db, orgId);
}

export async function renameOrganization({
  deps,
  userId,
  orgId,
  name,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  name: string;
}) {
  const role = await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  await deps.db.update(organizations).set({ name }).where(eq(organizations.id, orgId));
  return { id: orgId, name, role };
}

/** Only an OWNER hands out or touches the OWNER role; an ADMIN manages ADMINs and STAFF. */
function mayAssign(actor: OrgRole, from: OrgRole | null, to: OrgRole | null): boolean {
  if (actor === 'OWNER') return true;
  return from !== 'OWNER' && to !== 'OWNER';
}

/**
 * Locks the organization's OWNER memberships, in user-id order so two callers never
 * deadlock, before anyone counts them. Under READ COMMITTED a count alone lets two
 * OWNERs leaving at once each see the other one still there; with the lock the second
 * waits for the first, skips the row it demoted, and its count (a new snapshot) sees
 * the change. Every path that can take away an OWNER calls this first.
 */
export async function lockOwners(tx: CloudDb, orgId: string): Promise<void> {
  await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'OWNER')))
    .orderBy(asc(memberships.userId))
    .for('update');
}

export async function ownerCount(db: CloudDb, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'OWNER')));
  return Number(row?.n ?? 0);
}

export async function addMember({
  deps,
  userId,
  orgId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  input: { email: string; role: OrgRole };
}) {
  const actor = await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  if (!mayAssign(actor, null, input.role))
    throw new AppError('FORBIDDEN', 'only an OWNER may make someone an OWNER');
  const email = input.email.trim().toLowerCase();
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user || user.deletedAt)
    throw new AppError(
      'UNPROCESSABLE',
      'email: no TixMo account has this address; ask them to sign up first',
    );
  const inserted = await deps.db
    .insert(memberships)
    .values({ orgId, userId: user.id, role: input.role })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0)
    throw new AppError('CONFLICT', `${email} is already a member: change their role instead`);
  return { userId: user.id, email: user.email, name: user.name, role: input.role };
}

/**
 * Changes or removes a membership (role null = remove). The last OWNER can be neither
 * demoted nor removed, so an organization always has someone who can manage it. A member
 * may always leave on their own (unless they are that last OWNER).
 */
export async function changeMember({
  deps,
  userId,
  orgId,
  memberId,
  role,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  memberId: string;
  role: OrgRole | null;
}) {
  const leaving = role === null && memberId === userId;
  const actor = await requireOrgRole(deps.db, userId, orgId, leaving ? ALL_ROLES : MANAGERS, 'organization');
  return deps.db.transaction(async (tx) => {
    await lockOwners(tx, orgId);
    const [member] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, memberId)))
      .for('update');
    if (!member) throw new AppError('NOT_FOUND', 'member not found');
    if (!leaving && !mayAssign(actor, member.role, role))
      throw new AppError('FORBIDDEN', 'only an OWNER may change an OWNER or make someone one');
    if (member.role === 'OWNER' && role !== 'OWNER' && (await ownerCount(tx, orgId)) <= 1)
      throw new AppError(
        'CONFLICT',
        'the organization needs at least one OWNER: make someone else OWNER first',
      );
    if (role === null) {
      await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, memberId)));
      return null;
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, memberId)));
    const [user] = await tx.select().from(users).where(eq(users.id, memberId));
    return { userId: memberId, email: user!.email, name: user!.name, role };
  });
}
