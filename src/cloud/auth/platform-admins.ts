import { inArray, ne, sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import { users } from '../db/schema.ts';

/**
 * Makes the accounts listed in TIXMO_PLATFORM_ADMINS platform admins and every other
 * account not one, so the config is the only truth (removing an email revokes at the
 * next start). An account registered later with a listed email is an admin from the start.
 */
export async function syncPlatformAdmins(deps: CloudDeps): Promise<void> {
  const emails = deps.config.platformAdmins;
  const listed = emails.length > 0 ? inArray(users.email, emails) : sql`false`;
  await deps.db.update(users).set({ platformAdmin: listed }).where(ne(users.platformAdmin, listed));
}
