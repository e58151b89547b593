/**
 * The one call each producer makes inside its own transaction. Each writes outbox rows
 * only (no delivery work, no reads the producer did not already do where it can be
 * helped), so a producer's transaction grows by one or two small statements. `now` is
 * the producer's deps.now(); the two that schedule reminders take deps for its config.
 */
import { sql } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { createEmailToken } from './email-tokens.ts';
import { enqueue, enqueueFrom, scheduleReminder, withdrawReminders } from './outbox.ts';

type Deps = Pick<CloudDeps, 'now' | 'config'>;

interface EventTimes {
  id: string;
  orgId: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  doorsAt: Date | null;
}

/** A new account: the welcome mail carries the address-verification link. */
export async function noteAccountRegistered(tx: CloudDb, userId: string, now: Date): Promise<void> {
  const tokenId = await createEmailToken(tx, userId, 'verify', now);
  await enqueue(tx, { kind: 'account.registered', userId, refId: tokenId }, now);
}

/**
 * An order confirmed (box office, card payment, or free): its buyer gets the tickets.
 * (The one-statement order writes the same row in SQL: orders/one-statement.ts.)
 */
export async function noteOrderConfirmed(
  tx: CloudDb,
  order: { id: string; userId: string },
  orgId: string,
  now: Date,
): Promise<void> {
  await enqueue(tx, { kind: 'order.confirmed', orgId, userId: order.userId, refId: order.id }, now);
}

/**
 * An order held for payment (card, waitlist offer): only organizations with a webhook
 * for `order.placed` hear of it, so the row is written only for them (one statement; the
 * one-statement order does the same in its CTE).
 */
export async function noteOrderPlaced(
  tx: CloudDb,
  order: { id: string; userId: string },
  orgId: string,
  now: Date,
): Promise<void> {
  await tx.execute(sql`insert into outbox (id, kind, org_id, user_id, ref_id, due_at, created_at)
    select ${newId()}, 'order.placed', ${orgId}, ${order.userId}, ${order.id},
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    where exists (select 1 from webhook_endpoints w where w.org_id = ${orgId} and w.disabled_at is null
      and w.deleted_at is null and w.event_types @> '["order.placed"]'::jsonb)`);
}

/** A card payment failed; the hold stays, so the buyer may try again before it ends. */
export async function notePaymentFailed(
  tx: CloudDb,
  paymentIntentId: string,
  message: string,
  now: Date,
): Promise<void> {
  await enqueueFrom(
    tx,
    'order.payment_failed',
    sql`select e.org_id, o.user_id, o.id as ref_id from payments p
      join orders o on o.id = p.order_id join events e on e.id = o.event_id
      where p.payment_intent_id = ${paymentIntentId} and o.status = 'PENDING'`,
    { message: message.slice(0, 500) },
    now,
  );
}

/** A refund recorded (by the organization, automatically, or in Stripe's dashboard). */
export async function noteRefund(tx: CloudDb, refundId: string, now: Date): Promise<void> {
  await enqueueFrom(
    tx,
    'order.refunded',
    sql`select e.org_id, o.user_id, r.id as ref_id from refunds r
      join orders o on o.id = r.order_id join events e on e.id = o.event_id where r.id = ${refundId}`,
    null,
    now,
  );
}

/**
 * A paid order cancelled by the organization: its tickets are void, its money is due
 * back. Call it after the tickets were ended: the row lists those this transaction ended
 * (their status_changed_at is this transaction's now()), not ones cancelled earlier.
 */
export async function noteOrderCancelled(tx: CloudDb, orderId: string, now: Date): Promise<void> {
  await tx.execute(sql`insert into outbox (id, kind, org_id, user_id, ref_id, payload, due_at, created_at)
    select ${newId()}, 'order.cancelled', e.org_id, o.user_id, o.id,
      jsonb_build_object('ticketIds', coalesce((select jsonb_agg(t.id order by t.id) from tickets t
        where t.order_id = o.id and t.status = 'CANCELLED' and t.status_changed_at = now()), '[]'::jsonb)),
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from orders o join events e on e.id = o.event_id where o.id = ${orderId}`);
}

/** A ticket given to another account: the giver hears it left, the recipient gets its new code. */
export async function noteTicketTransferred(
  tx: CloudDb,
  t: { ticketId: string; fromUserId: string; toUserId: string; orgId: string },
  now: Date,
): Promise<void> {
  await enqueue(
    tx,
    {
      kind: 'ticket.transferred',
      orgId: t.orgId,
      userId: t.toUserId,
      refId: t.ticketId,
      payload: { fromUserId: t.fromUserId },
    },
    now,
  );
}

/** One ticket cancelled by the organization. */
export async function noteTicketCancelled(
  tx: CloudDb,
  t: { ticketId: string; holderId: string; orgId: string },
  now: Date,
): Promise<void> {
  await enqueue(tx, { kind: 'ticket.cancelled', orgId: t.orgId, userId: t.holderId, refId: t.ticketId }, now);
}

/** Publishing is news for webhooks and schedules the reminder before doors. */
export async function noteEventPublished(deps: Deps, tx: CloudDb, event: EventTimes): Promise<void> {
  await enqueue(tx, { kind: 'event.published', orgId: event.orgId, refId: event.id }, deps.now());
  await scheduleReminder(tx, event, deps.config.reminderHours, deps.now());
}

/**
 * An event's details changed. When a published event's start or doors moved, its
 * ticket holders are told and the reminder follows the new time.
 */
export async function noteEventChanged(
  deps: Deps,
  tx: CloudDb,
  before: EventTimes,
  after: EventTimes,
): Promise<void> {
  if (after.status !== 'PUBLISHED') return;
  const moved =
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    (before.doorsAt?.getTime() ?? null) !== (after.doorsAt?.getTime() ?? null);
  if (!moved) return;
  const now = deps.now();
  const times = (e: EventTimes) => ({
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    doorsAt: e.doorsAt?.toISOString() ?? null,
  });
  await enqueue(
    tx,
    {
      kind: 'event.moved',
      orgId: after.orgId,
      refId: after.id,
      payload: { from: times(before), to: times(after) },
    },
    now,
  );
  await scheduleReminder(tx, after, deps.config.reminderHours, now);
}

/** An event cancelled: its holders and buyers are told, its reminder is withdrawn. */
export async function noteEventCancelled(
  tx: CloudDb,
  event: { id: string; orgId: string; cancelledAt: Date | null },
  now: Date,
): Promise<void> {
  await withdrawReminders(tx, event.id, now);
  await enqueue(
    tx,
    {
      kind: 'event.cancelled',
      orgId: event.orgId,
      refId: event.id,
      payload: { cancelledAt: (event.cancelledAt ?? now).toISOString() },
    },
    now,
  );
}

/** The first in line got an offer: a held order they can pay until it expires. */
export async function noteWaitlistOffer(
  tx: CloudDb,
  entry: { id: string; userId: string },
  orderId: string,
  now: Date,
): Promise<void> {
  await enqueueFrom(
    tx,
    'waitlist.offered',
    sql`select e.org_id, ${entry.userId}::text as user_id, ${entry.id}::text as ref_id
      from orders o join events e on e.id = o.event_id where o.id = ${orderId}`,
    { orderId },
    now,
  );
}

/**
 * A pending order's hold ended. If it was a waitlist offer that ran out, the person is
 * told it passed on (one statement, a no-op for every other order).
 */
export async function noteHoldReleased(
  tx: CloudDb,
  orderId: string,
  status: 'EXPIRED' | 'CANCELLED',
  now: Date,
): Promise<void> {
  if (status !== 'EXPIRED') return;
  await enqueueFrom(
    tx,
    'waitlist.offer_expired',
    sql`select e.org_id, w.user_id, w.id as ref_id from waitlist_entries w
      join orders o on o.id = w.order_id join events e on e.id = o.event_id
      where w.order_id = ${orderId} and w.status = 'OFFERED'`,
    { orderId },
    now,
  );
}

/**
 * Admissions a node uploaded (first entries and staff admits, not exits or annulments):
 * one `ticket.checked_in` row each, only for organizations with a webhook subscribed to
 * it — most have none, and an upload of thousands of scans should not write thousands of
 * rows for nobody. One statement over the rows the upload just stored; the row id is the
 * scan's own (node, seq), so a row can never be written twice.
 */
export async function noteCheckIns(
  tx: CloudDb,
  node: { id: string; incarnation: string },
  seqs: number[],
  now: Date,
): Promise<void> {
  if (seqs.length === 0) return;
  const nodeId = node.id;
  // A re-imaged node's journal starts at seq 1 again: its life is part of the id.
  await tx.execute(sql`insert into outbox (id, kind, org_id, ref_id, payload, due_at, created_at)
    select 'checkin.' || s.node_id || '.' || case when s.incarnation = '' then '' else s.incarnation || '.' end || s.seq,
      'ticket.checked_in', e.org_id, s.ticket_id,
      jsonb_build_object('ticketId', s.ticket_id, 'eventId', s.event_id, 'nodeId', s.node_id, 'seq', s.seq,
        'laneId', s.lane_id, 'kind', coalesce(s.kind, 'scan'), 'at', s.at),
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from scans s join events e on e.id = s.event_id
    where s.node_id = ${nodeId} and s.incarnation = ${node.incarnation} and s.seq >= ${Math.min(...seqs)} and s.seq <= ${Math.max(...seqs)}
      and s.decision = 'admit' and s.direction = 'entry' and coalesce(s.kind, 'scan') in ('scan', 'manual_admit')
      and exists (select 1 from webhook_endpoints w where w.org_id = e.org_id and w.disabled_at is null
        and w.deleted_at is null and w.event_types @> '["ticket.checked_in"]'::jsonb)
    on conflict (id) do nothing`);
}
