import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { hashPassword, verifyPassword } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { users } from '../db/schema.ts';
import { noteAccountRegistered } from '../notifications/hooks.ts';
import { checkLoginAllowed, recordLoginFailure } from '../rate-limit/rate-limit.ts';
import { issueRefreshToken, revokeRefreshFamily, rotateRefreshToken, signAccessToken } from './tokens.ts';

export interface Session {
  user: { id: string; email: string; name: string };
  accessToken: string;
  refreshToken: string;
}

// A valid hash to compare against when the email is unknown, so timing does not tell.
let dummyHash: Promise<string> | undefined;

async function startSession(
  deps: CloudDeps,
  user: { id: string; email: string; name: string },
): Promise<Session> {
  return {
    user: { id: user.id, email: user.email, name: user.name },
    accessToken: await signAccessToken(deps, user.id),
    refreshToken: await issueRefreshToken(deps, user.id),
  };
}

export async function registerUser({
  deps,
  input,
}: {
  deps: CloudDeps;
  input: { email: string; password: string; name: string };
}): Promise<Session> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  const user = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(users)
      .values({
        id,
        email,
        name: input.name.trim(),
        passwordHash,
        platformAdmin: deps.config.platformAdmins.includes(email),
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (inserted) await noteAccountRegistered(tx, inserted.id, deps.now());
    return inserted;
  });
  if (!user) throw new AppError('CONFLICT', `an account for ${email} already exists: log in instead`);
  return startSession(deps, user);
}

export async function loginUser({
  deps,
  input,
  ip,
}: {
  deps: CloudDeps;
  input: { email: string; password: string };
  ip: string;
}): Promise<Session> {
  const email = input.email.trim().toLowerCase();
  await checkLoginAllowed(deps, email, ip);
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) {
    dummyHash ??= hashPassword('not a real password');
    await verifyPassword(input.password, await dummyHash);
    await recordLoginFailure(deps, email, ip);
    throw new AppError('UNAUTHORIZED', 'wrong email or password');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordLoginFailure(deps, email, ip);
    throw new AppError('UNAUTHORIZED', 'wrong email or password');
  }
  return startSession(deps, user);
}

/** Logout revokes the presented refresh token's whole family (every device session stays separate). */
export async function logoutSession({ deps, refreshToken }: { deps: CloudDeps; refreshToken: string }) {
  await revokeRefreshFamily(deps, refreshToken);
}

export async function refreshSession({ deps, refreshToken }: { deps: CloudDeps; refreshToken: string }) {
  const rotated = await rotateRefreshToken(deps, refreshToken);
  return { accessToken: await signAccessToken(deps, rotated.userId), refreshToken: rotated.refreshToken };
}

export async function getUser({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.deletedAt) throw new AppError('UNAUTHORIZED', 'account no longer exists');
  return { id: user.id, email: user.email, name: user.name };
}
