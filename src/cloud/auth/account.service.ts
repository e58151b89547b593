import { and, asc, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { hashPassword, verifyPassword } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { memberships, refreshTokens, users } from '../db/schema.ts';
import { lockOwners, ownerCount } from '../orgs/members.service.ts';
import { forgetAccount } from './live-accounts.ts';
import { revokeAllSessions } from './tokens.ts';

async function loadLiveUser(deps: CloudDeps, userId: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.deletedAt) throw new AppError('UNAUTHORIZED', 'account no longer exists');
  return user;
}

/** Name change, or password change proven with the current password (every session, this one too, then ends). */
export async function updateProfile({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: {
    name?: string | undefined;
    currentPassword?: string | undefined;
    newPassword?: string | undefined;
  };
}) {
  const user = await loadLiveUser(deps, userId);
  const patch: Partial<typeof users.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.newPassword !== undefined) {
    if (!input.currentPassword || !(await verifyPassword(input.currentPassword, user.passwordHash)))
      throw new AppError('FORBIDDEN', 'currentPassword: is wrong; send the current password to change it');
    patch.passwordHash = await hashPassword(input.newPassword);
  }
  if (Object.keys(patch).length === 0) return { id: user.id, email: user.email, name: user.name };
  const [row] = await deps.db.update(users).set(patch).where(eq(users.id, userId)).returning();
  if (patch.passwordHash) await revokeAllSessions(deps, userId);
  return { id: row!.id, email: row!.email, name: row!.name };
}

/**
 * Soft delete: the row stays so orders and tickets keep pointing at something, but the
 * name, email and password are wiped, sessions are revoked and memberships end. The
 * sole OWNER of an organization must hand it over first.
 */
export async function deleteAccount({
  deps,
  userId,
  password,
}: {
  deps: CloudDeps;
  userId: string;
  password: string;
}) {
  const user = await loadLiveUser(deps, userId);
  if (!(await verifyPassword(password, user.passwordHash)))
    throw new AppError('FORBIDDEN', 'password: is wrong; deleting an account needs its password');
  await deps.db.transaction(async (tx) => {
    const owned = await tx
      .select({ orgId: memberships.orgId })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.role, 'OWNER')))
      .orderBy(asc(memberships.orgId));
    for (const { orgId } of owned) {
      // The other OWNER may be leaving at this very moment (members.service.ts lockOwners).
      await lockOwners(tx, orgId);
      if ((await ownerCount(tx, orgId)) <= 1)
        throw new AppError(
          'CONFLICT',
          `you are the only OWNER of organization ${orgId}: make someone else OWNER first`,
        );
    }
    await tx.delete(memberships).where(eq(memberships.userId, userId));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: deps.now() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    await tx
      .update(users)
      .set({
        email: `deleted-${userId}@deleted.invalid`,
        name: 'Deleted user',
        passwordHash: '!',
        deletedAt: deps.now(),
      })
      .where(eq(users.id, userId));
  });
  forgetAccount(deps.db, userId);
}
