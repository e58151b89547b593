import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { notifications } from '../db/schema.ts';
import { TEST_NOTIFICATIONS_PER_HOUR } from '../rate-limit/rate-limit.ts';
import type { Category } from './categories.ts';
import { enqueue } from './outbox.ts';

type Notification = typeof notifications.$inferSelect;

/** Test sends one account may ask for per hour (each is a mail). */
export const TEST_SENDS_PER_HOUR = TEST_NOTIFICATIONS_PER_HOUR;

export function notificationView(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    category: n.category as Category,
    title: n.title,
    body: n.body,
    refId: n.refId,
    orgId: n.orgId,
    read: n.readAt !== null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

async function unreadCount(deps: CloudDeps, userId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The caller's inbox, newest first (ids are time-ordered: the cursor is the last id seen). */
export async function listNotifications({
  deps,
  userId,
  cursor,
  limit,
  unreadOnly,
}: {
  deps: CloudDeps;
  userId: string;
  cursor?: string | undefined;
  limit: number;
  unreadOnly: boolean;
}) {
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        cursor ? lt(notifications.id, cursor) : undefined,
        unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    data: page.map(notificationView),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    unreadCount: await unreadCount(deps, userId),
  };
}

/** Marks one of the caller's notifications read; anyone else's is a 404 like a missing one. */
export async function markRead({ deps, userId, id }: { deps: CloudDeps; userId: string; id: string }) {
  const where = and(eq(notifications.id, id), eq(notifications.userId, userId));
  const [updated] = await deps.db
    .update(notifications)
    .set({ readAt: deps.now() })
    .where(and(where, isNull(notifications.readAt)))
    .returning();
  const row = updated ?? (await deps.db.select().from(notifications).where(where))[0];
  if (!row) throw new AppError('NOT_FOUND', 'notification not found');
  return { ...notificationView(row), unreadCount: await unreadCount(deps, userId) };
}

export async function markAllRead({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const marked = await deps.db
    .update(notifications)
    .set({ readAt: deps.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: marked.length, unreadCount: await unreadCount(deps, userId) };
}

/** A test message to the caller, by mail and in the app, through the outbox like any other. */
export async function sendTestNotification({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const now = deps.now();
  if (!(await deps.limiters.testNotifications.reserve(userId, now.getTime())).allowed)
    throw new AppError('RATE_LIMITED', `at most ${TEST_SENDS_PER_HOUR} test messages an hour`);
  const outboxId = await enqueue(deps.db, { kind: 'notification.test', userId }, now);
  return { queued: true, outboxId };
}
