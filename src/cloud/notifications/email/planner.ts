import { sql } from 'drizzle-orm';
import type { CloudDb } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { OutboxRow, PlannedDelivery } from '../channel.ts';
import type { OutboxKind } from '../kinds.ts';

/** Kinds whose one mail goes to the account the outbox row names. */
const toTheAccount: Partial<Record<OutboxKind, string>> = {
  'account.registered': 'welcome',
  'account.verify_requested': 'verify_email',
  'account.password_reset': 'password_reset',
  'order.confirmed': 'order_confirmed',
  'order.payment_failed': 'payment_failed',
  'order.refunded': 'refund',
  'ticket.cancelled': 'ticket_cancelled',
  'waitlist.offered': 'waitlist_offer',
  'waitlist.offer_expired': 'waitlist_offer_expired',
  'notification.test': 'test',
};

/** Kinds that go to many people, found when the row is fanned out (holders at that moment). */
function audience(kind: OutboxKind, refId: string, rowId: string) {
  switch (kind) {
    case 'order.cancelled':
      // The buyer, and whoever held one of the tickets it ended (transferred ones).
      return {
        template: 'ticket_cancelled',
        query: sql`select user_id from orders where id = ${refId}
          union select holder_id from tickets
            where id in (select jsonb_array_elements_text(payload->'ticketIds') from outbox where id = ${rowId})`,
      };
    case 'event.cancelled':
      // Holders of the tickets it cancelled, and buyers whose orders (paid or held) it ended.
      return {
        template: 'event_cancelled',
        query: sql`select t.holder_id as user_id from tickets t join events e on e.id = t.event_id
            where t.event_id = ${refId} and t.status = 'CANCELLED' and t.status_changed_at = e.cancelled_at
          union select o.user_id from orders o join events e on e.id = o.event_id
            where o.event_id = ${refId} and o.status = 'CANCELLED' and o.cancelled_at = e.cancelled_at`,
      };
    case 'event.moved':
      return {
        template: 'event_moved',
        query: sql`select distinct holder_id as user_id from tickets where event_id = ${refId} and status = 'VALID'`,
      };
    case 'event.reminder':
      return {
        template: 'reminder',
        query: sql`select distinct holder_id as user_id from tickets where event_id = ${refId} and status = 'VALID'`,
      };
    case 'organizer.message':
      // Holders of valid tickets of the event (or of the one tier) when it goes out.
      return {
        template: 'organizer_message',
        query: sql`select distinct t.holder_id as user_id from tickets t
          join organizer_messages m on m.id = ${refId}
          where t.event_id = m.event_id and t.status = 'VALID' and (m.tier_id is null or t.tier_id = m.tier_id)`,
      };
    case 'webhook.disabled':
      return {
        template: 'webhook_disabled',
        query: sql`select m.user_id from memberships m join outbox o on o.org_id = m.org_id
          where o.id = ${rowId} and m.role = 'OWNER'`,
      };
    default:
      return null;
  }
}

/** Who gets which mail for each outbox row. Runs in the fan-out transaction. */
export async function planEmail(db: CloudDb, rows: OutboxRow[]): Promise<PlannedDelivery[]> {
  const planned: PlannedDelivery[] = [];
  const add = (row: OutboxRow, template: string, recipient: unknown) => {
    if (typeof recipient === 'string' && recipient)
      planned.push({ outboxId: row.id, template, recipient, orgId: row.orgId });
  };
  for (const row of rows) {
    const kind = row.kind as OutboxKind;
    const single = toTheAccount[kind];
    if (single) {
      add(row, single, row.userId);
    } else if (kind === 'ticket.transferred') {
      add(row, 'ticket_received', row.userId);
      add(row, 'ticket_sent', row.payload?.fromUserId);
    } else if (row.refId) {
      const who = audience(kind, row.refId, row.id);
      if (!who) continue;
      const users = await queryRows<{ user_id: string }>(db, who.query);
      for (const u of users) add(row, who.template, u.user_id);
    }
  }
  return planned;
}
