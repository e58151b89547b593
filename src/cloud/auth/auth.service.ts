import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { hashPassword, verifyPassword } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { users } from '../db/schema.ts';
import { noteAccountRegistered } from '../notifications/hooks.ts';
import { reserveLoginAttempt } from '../rate-limit/rate-limit.ts';
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
  const sessionId = newId(); // the refresh-token family; access tokens carry it as `sid`
  return {
    user: { id: user.id, email: user.email, name: user.name },
    accessToken: await signAccessToken(deps, user.id, sessionId),
    refreshToken: await issueRefreshToken(deps, user.id, sessionId),
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
  // Reserved before the slow hash: a burst of guesses cannot all be checked (rate-limit.ts).
  const attempt = await reserveLoginAttempt(deps, email, ip);
  let user: typeof users.$inferSelect;
  try {
    user = await userWithPassword(deps, email, input.password);
  } catch (err) {
    // Only a wrong password keeps its place among the failures; our own errors do not.
    if (!(err instanceof AppError && err.code === 'UNAUTHORIZED')) await attempt.release();
    throw err;
  }
  await attempt.release();
  return startSession(deps, user);
}

async function userWithPassword(deps: CloudDeps, email: string, password: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) {
    dummyHash ??= hashPassword('not a real password');
    await verifyPassword(password, await dummyHash);
    throw new AppError('UNAUTHORIZED', 'wrong email or password');
  }
  if (!(await verifyPassword(password, user.passwordHash)))
    throw new AppError('UNAUTHORIZED', 'wrong email or password');
  return user;
}

/** Logout revokes the presented refresh token's whole family (every device session stays separate). */
export async function logoutSession({ deps, refreshToken }: { deps: CloudDeps; refreshToken: string }) {
  await revokeRefreshFamily(deps, refreshToken);
}

export async function refreshSession({ deps, refreshToken }: { deps: CloudDeps; refreshToken: string }) {
  const rotated = await rotateRefreshToken(deps, refreshToken);
  return {
    accessToken: await signAccessToken(deps, rotated.userId, rotated.sessionId),
    refreshToken: rotated.refreshToken,
  };
}

export async function getUser({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.deletedAt) throw new AppError('UNAUTHORIZED', 'account no longer exists');
  return { id: user.id, email: user.email, name: user.name };
}
