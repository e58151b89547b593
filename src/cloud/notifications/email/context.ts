/**
 * Everything a batch of mails needs from the database, read in a few queries for the
 * whole batch (at hundreds of mails a second, a query per mail per fact would dominate).
 * Mails are rendered from the state at send time: a ticket transferred on before its
 * mail went out is not shown to its former holder.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { CloudDb } from '../../db/client.ts';
import {
  emailTokens,
  events,
  orders,
  organizations,
  organizerMessages,
  refunds,
  tickets,
  tiers,
  users,
  venues,
  waitlistEntries,
} from '../../db/schema.ts';
import type { ClaimedDelivery } from '../channel.ts';

export type UserRow = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'deletedAt'>;
export type OrgRow = Pick<
  typeof organizations.$inferSelect,
  'id' | 'name' | 'mailSenderName' | 'mailReplyTo'
>;
export type EventRow = typeof events.$inferSelect & { venue: typeof venues.$inferSelect };
export type OrderRow = typeof orders.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect & { tierName: string };
export type MessageRow = Pick<
  typeof organizerMessages.$inferSelect,
  'id' | 'eventId' | 'tierId' | 'subject' | 'body'
>;
export type EntryRow = typeof waitlistEntries.$inferSelect & { tierName: string; eventId: string };

export interface MailData {
  users: Map<string, UserRow>;
  orgs: Map<string, OrgRow>;
  events: Map<string, EventRow>;
  orders: Map<string, OrderRow>;
  refunds: Map<string, typeof refunds.$inferSelect>;
  tickets: Map<string, TicketRow>;
  /** Tickets of the orders in the batch, and of the events in the batch held by its recipients. */
  ticketsOfOrder: Map<string, TicketRow[]>;
  ticketsOfEvent: Map<string, TicketRow[]>;
  entries: Map<string, EntryRow>;
  tokens: Map<string, typeof emailTokens.$inferSelect>;
  organizerMessages: Map<string, MessageRow>;
}

const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0)),
];

function refsOf(batch: ClaimedDelivery[], kinds: string[]): string[] {
  return unique(batch.filter((d) => kinds.includes(d.kind)).map((d) => d.refId));
}

async function ticketRows(db: CloudDb, where: ReturnType<typeof and>): Promise<TicketRow[]> {
  const rows = await db
    .select({ ticket: tickets, tierName: tiers.name })
    .from(tickets)
    .innerJoin(tiers, eq(tiers.id, tickets.tierId))
    .where(where)
    .orderBy(tickets.id);
  return rows.map((r) => ({ ...r.ticket, tierName: r.tierName }));
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

export async function loadMailData(db: CloudDb, batch: ClaimedDelivery[]): Promise<MailData> {
  const refundIds = refsOf(batch, ['order.refunded']);
  const refundRows = refundIds.length
    ? await db.select().from(refunds).where(inArray(refunds.id, refundIds))
    : [];

  const entryIds = refsOf(batch, ['waitlist.offered', 'waitlist.offer_expired']);
  const entryRows = entryIds.length
    ? await db
        .select({ entry: waitlistEntries, tierName: tiers.name, eventId: tiers.eventId })
        .from(waitlistEntries)
        .innerJoin(tiers, eq(tiers.id, waitlistEntries.tierId))
        .where(inArray(waitlistEntries.id, entryIds))
    : [];

  const ticketIds = refsOf(batch, ['ticket.transferred', 'ticket.cancelled']);
  const single = ticketIds.length ? await ticketRows(db, inArray(tickets.id, ticketIds)) : [];

  const orderIds = unique([
    ...refsOf(batch, ['order.confirmed', 'order.payment_failed', 'order.cancelled']),
    ...refundRows.map((r) => r.orderId),
    ...entryRows.map((e) => e.entry.orderId),
  ]);
  const orderRows = orderIds.length ? await db.select().from(orders).where(inArray(orders.id, orderIds)) : [];
  const withTickets = refsOf(batch, ['order.confirmed', 'order.cancelled']);
  const orderTickets = withTickets.length ? await ticketRows(db, inArray(tickets.orderId, withTickets)) : [];

  const eventKinds = ['event.cancelled', 'event.moved', 'event.reminder'];
  const wideEvents = refsOf(batch, eventKinds);
  const holders = unique(batch.filter((d) => eventKinds.includes(d.kind)).map((d) => d.recipient));
  const eventTickets =
    wideEvents.length && holders.length
      ? await ticketRows(db, and(inArray(tickets.eventId, wideEvents), inArray(tickets.holderId, holders)))
      : [];

  const messageIds = refsOf(batch, ['organizer.message']);
  const messageRows = messageIds.length
    ? await db
        .select({
          id: organizerMessages.id,
          eventId: organizerMessages.eventId,
          tierId: organizerMessages.tierId,
          subject: organizerMessages.subject,
          body: organizerMessages.body,
        })
        .from(organizerMessages)
        .where(inArray(organizerMessages.id, messageIds))
    : [];

  const eventIds = unique([
    ...wideEvents,
    ...messageRows.map((m) => m.eventId),
    ...orderRows.map((o) => o.eventId),
    ...single.map((t) => t.eventId),
    ...entryRows.map((e) => e.eventId),
  ]);
  const eventRows = eventIds.length
    ? await db
        .select({ event: events, venue: venues })
        .from(events)
        .innerJoin(venues, eq(venues.id, events.venueId))
        .where(inArray(events.id, eventIds))
    : [];

  const userIds = unique([
    ...batch.map((d) => d.recipient),
    ...batch.map((d) => d.payload?.fromUserId as string | undefined),
    ...batch.filter((d) => d.template === 'ticket_sent').map((d) => d.userId),
  ]);
  const userRows = userIds.length
    ? await db
        .select({ id: users.id, email: users.email, name: users.name, deletedAt: users.deletedAt })
        .from(users)
        .where(inArray(users.id, userIds))
    : [];

  const orgIds = unique(batch.map((d) => d.orgId));
  const orgRows = orgIds.length
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          mailSenderName: organizations.mailSenderName,
          mailReplyTo: organizations.mailReplyTo,
        })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];

  const tokenIds = refsOf(batch, [
    'account.registered',
    'account.verify_requested',
    'account.password_reset',
  ]);
  const tokenRows = tokenIds.length
    ? await db.select().from(emailTokens).where(inArray(emailTokens.id, tokenIds))
    : [];

  return {
    users: new Map(userRows.map((u) => [u.id, u])),
    orgs: new Map(orgRows.map((o) => [o.id, o])),
    events: new Map(eventRows.map((r) => [r.event.id, { ...r.event, venue: r.venue }])),
    orders: new Map(orderRows.map((o) => [o.id, o])),
    refunds: new Map(refundRows.map((r) => [r.id, r])),
    tickets: new Map(single.map((t) => [t.id, t])),
    ticketsOfOrder: groupBy(orderTickets, (t) => t.orderId),
    ticketsOfEvent: groupBy(eventTickets, (t) => `${t.eventId}:${t.holderId}`),
    entries: new Map(
      entryRows.map((e) => [e.entry.id, { ...e.entry, tierName: e.tierName, eventId: e.eventId }]),
    ),
    tokens: new Map(tokenRows.map((t) => [t.id, t])),
    organizerMessages: new Map(messageRows.map((m) => [m.id, m])),
  };
}
