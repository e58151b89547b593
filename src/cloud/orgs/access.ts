import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { apiKeyOrg } from '../api-keys/principal.ts';
import type { CloudDb } from '../db/client.ts';
import { memberships, organizations, users } from '../db/schema.ts';

export type OrgRole = 'OWNER' | 'ADMIN' | 'STAFF';
export const MANAGERS: OrgRole[] = ['OWNER', 'ADMIN'];
export const ALL_ROLES: OrgRole[] = ['OWNER', 'ADMIN', 'STAFF'];

/**
 * The one gate for organization data. A caller who is not a member gets the same
 * 404 as for a missing thing (`what`), so ids of other organizations leak nothing;
 * a member without the role gets a 403.
 */
/** The caller's role in an organization, or null when not a member. */
export async function membershipRole(db: CloudDb, userId: string, orgId: string): Promise<OrgRole | null> {
  // An API key (checked and scoped by the auth middleware) is an ADMIN of its organization only.
  const keyOrg = apiKeyOrg(userId);
  if (keyOrg !== null) return keyOrg === orgId ? 'ADMIN' : null;
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (m) return m.role;
  // Platform operators (support, disputes) may act in any organization as its OWNER,
  // as long as it exists (a deleted one has no members left, so only this path needs it).
  const [user] = await db
    .select({ platformAdmin: users.platformAdmin })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user?.platformAdmin) return null;
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt)));
  return org ? 'OWNER' : null;
}

export async function requireOrgRole(
  db: CloudDb,
  userId: string,
  orgId: string,
  roles: OrgRole[],
  what: string,
): Promise<OrgRole> {
  const role = await membershipRole(db, userId, orgId);
  if (!role) throw new AppError('NOT_FOUND', `${what} not found`);
  if (!roles.includes(role))
    throw new AppError('FORBIDDEN', `your role ${role} may not do this; ask an ${roles.join(' or ')}`);
  return role;
}
