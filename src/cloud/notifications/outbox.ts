import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDb } from '../db/client.ts';
import { deliveries, outbox } from '../db/schema.ts';
import type { OutboxEntry } from './kinds.ts';

/**
 * Writes one outbox row. Call it with the transaction that makes the change the row
 * tells about: both commit or neither does. `now` is the cloud's clock (deps.now()).
 */
export async function enqueue(db: CloudDb, entry: OutboxEntry, now: Date): Promise<string> {
  const id = newId();
  await db.insert(outbox).values({
    id,
    kind: entry.kind,
    orgId: entry.orgId ?? null,
    userId: entry.userId ?? null,
    refId: entry.refId ?? null,
    payload: entry.payload ?? null,
    dueAt: entry.dueAt ?? now,
    createdAt: now,
  });
  return id;
}

/**
 * Writes one outbox row whose organization and account come from the row `from` selects
 * (an order with its event, a refund with its order…), in one statement: the caller
 * needs no read of its own. `select` must yield the columns org_id, user_id, ref_id.
 */
export async function enqueueFrom(
  db: CloudDb,
  kind: OutboxEntry['kind'],
  select: ReturnType<typeof sql>,
  payload: Record<string, unknown> | null,
  now: Date,
): Promise<void> {
  await db.execute(sql`insert into outbox (id, kind, org_id, user_id, ref_id, payload, due_at, created_at)
    select ${newId()}, ${kind}, s.org_id, s.user_id, s.ref_id, ${payload ? JSON.stringify(payload) : null}::jsonb,
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from (${select}) s limit 1`);
}

/**
 * Reminders before doors are outbox rows due `hours` before the doors open (or the start):
 * durable, and moved with their event. Any reminder of the event not yet sent out is
 * withdrawn first, so calling this after every change of the event's times is right.
 */
export async function scheduleReminder(
  db: CloudDb,
  event: {
    id: string;
    orgId: string;
    status: string;
    startsAt: Date;
    doorsAt: Date | null;
  },
  hours: number,
  now: Date,
): Promise<void> {
  await withdrawReminders(db, event.id, now);
  const doors = event.doorsAt ?? event.startsAt;
  if (hours <= 0 || event.status !== 'PUBLISHED') return;
  const due = new Date(doors.getTime() - hours * 3_600_000);
  // Inside the reminder window already (published or moved late): everyone who holds a
  // ticket now has just been told, and those who buy later have the order mail.
  if (due <= now) return;
  await enqueue(
    db,
    {
      kind: 'event.reminder',
      orgId: event.orgId,
      refId: event.id,
      payload: { doorsAt: doors.toISOString() },
      dueAt: due,
    },
    now,
  );
}

/** Withdraws the event's reminders: those not yet fanned out, and their deliveries not yet sent. */
export async function withdrawReminders(db: CloudDb, eventId: string, now: Date): Promise<void> {
  const reminders = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.kind, 'event.reminder'), eq(outbox.refId, eventId)));
  await db
    .update(outbox)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(outbox.kind, 'event.reminder'),
        eq(outbox.refId, eventId),
        isNull(outbox.fannedOutAt),
        isNull(outbox.cancelledAt),
      ),
    );
  await db
    .update(deliveries)
    .set({ status: 'cancelled', lastError: 'the event changed before the reminder went out' })
    .where(and(inArray(deliveries.outboxId, reminders), eq(deliveries.status, 'pending')));
}
