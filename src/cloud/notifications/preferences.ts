import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { notificationPreferences, users } from '../db/schema.ts';
import { type Category, categories, categoryOf, optional } from './categories.ts';
import type { PlannedDelivery } from './channel.ts';
import { readUnsubscribeToken } from './unsubscribe-token.ts';

export type PreferenceChannel = 'email' | 'inApp';
type Switches = { email: boolean; inApp: boolean };
export type PreferencesInput = Partial<Record<Category, Partial<Switches>>>;

/**
 * Drops planned deliveries whose recipient turned their category off on this channel.
 * Runs in the fan-out transaction; transactional deliveries (every order mail) cost no query.
 */
export async function dropTurnedOff(
  db: CloudDb,
  planned: PlannedDelivery[],
  channel: PreferenceChannel,
): Promise<PlannedDelivery[]> {
  const byCategory = new Map<Category, Set<string>>();
  for (const p of planned) {
    const category = categoryOf(p.template);
    if (category === 'transactional') continue;
    byCategory.set(category, (byCategory.get(category) ?? new Set()).add(p.recipient));
  }
  if (byCategory.size === 0) return planned;
  const off = new Set<string>();
  for (const [category, recipients] of byCategory) {
    const rows = await db
      .select({ userId: notificationPreferences.userId })
      .from(notificationPreferences)
      .where(
        and(
          eq(notificationPreferences.category, category),
          inArray(notificationPreferences.userId, [...recipients]),
          eq(channel === 'email' ? notificationPreferences.email : notificationPreferences.inApp, false),
        ),
      );
    for (const r of rows) off.add(`${category}:${r.userId}`);
  }
  return planned.filter((p) => !off.has(`${categoryOf(p.template)}:${p.recipient}`));
}

async function preferencesOf(db: CloudDb, userId: string) {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const saved = new Map(rows.map((r) => [r.category, r]));
  return Object.fromEntries(
    categories.map((c) => [
      c,
      {
        email: saved.get(c)?.email ?? true,
        inApp: saved.get(c)?.inApp ?? true,
        canTurnOff: optional.includes(c),
      },
    ]),
  ) as Record<Category, Switches & { canTurnOff: boolean }>;
}

export async function getPreferences({ deps, userId }: { deps: CloudDeps; userId: string }) {
  return preferencesOf(deps.db, userId);
}

/** Sets what is given; a category or channel left out keeps its setting. */
export async function updatePreferences({
  deps,
  userId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  input: PreferencesInput;
}) {
  for (const c of categories) {
    const wanted = input[c];
    if (!optional.includes(c) && (wanted?.email === false || wanted?.inApp === false))
      throw new AppError('BAD_REQUEST', `${c}: ${c} notifications cannot be turned off`);
  }
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const current = await preferencesOf(tx, userId);
    for (const c of optional) {
      const wanted = input[c];
      if (!wanted) continue;
      const next = { email: wanted.email ?? current[c].email, inApp: wanted.inApp ?? current[c].inApp };
      await setSwitches(tx, userId, c, next, now);
    }
  });
  return preferencesOf(deps.db, userId);
}

async function setSwitches(db: CloudDb, userId: string, category: Category, s: Switches, now: Date) {
  await db
    .insert(notificationPreferences)
    .values({ userId, category, email: s.email, inApp: s.inApp, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.category],
      set: { email: s.email, inApp: s.inApp, updatedAt: now },
    });
}

/** What an unsubscribe token names, or a 400 naming the token. */
export function tokenTarget(deps: CloudDeps, token: string | undefined) {
  const target = token ? readUnsubscribeToken(deps.config.jwtSecret, token) : null;
  if (!target) throw new AppError('BAD_REQUEST', 'token: not a valid unsubscribe link');
  return target;
}

/** The one-click unsubscribe (RFC 8058): turns the category's mail off for the token's account. */
export async function unsubscribeByToken({ deps, token }: { deps: CloudDeps; token: string | undefined }) {
  const target = tokenTarget(deps, token);
  const [user] = await deps.db
    .select({ id: users.id, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, target.userId));
  if (!user || user.deletedAt) throw new AppError('NOT_FOUND', 'account not found');
  await deps.db.transaction(async (tx) => {
    const current = await preferencesOf(tx, target.userId);
    await setSwitches(
      tx,
      target.userId,
      target.category,
      { ...current[target.category], email: false },
      deps.now(),
    );
  });
  return target;
}
