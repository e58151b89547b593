import { inArray } from 'drizzle-orm';
import type { CloudDb } from '../../db/client.ts';
import { events, orders, refunds, tickets, users, waitlistEntries } from '../../db/schema.ts';
import type { ClaimedDelivery } from '../channel.ts';

/**
 * What each webhook says (`data` of the Standard Webhooks body `{type, timestamp, data}`):
 * the thing as it is at send time, plus what the outbox row recorded at the time of the
 * change (the scan of a check-in, the tickets an order's cancellation ended). Never a
 * ticket's code: that is the ticket itself. Read in a few queries for a whole batch.
 */
type Data = Record<string, unknown>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const refs = (batch: ClaimedDelivery[], kinds: string[]) => [
  ...new Set(batch.filter((d) => kinds.includes(d.kind) && d.refId).map((d) => d.refId!)),
];

export async function loadWebhookData(db: CloudDb, batch: ClaimedDelivery[]): Promise<Map<string, Data>> {
  const refundRows = await byIds(db, refunds, refs(batch, ['order.refunded']));
  const entryRows = await byIds(db, waitlistEntries, refs(batch, ['waitlist.offered']));
  const orderIds = [
    ...refs(batch, ['order.placed', 'order.confirmed', 'order.cancelled']),
    ...refundRows.map((r) => r.orderId),
    ...entryRows.flatMap((e) => (e.orderId ? [e.orderId] : [])),
  ];
  const orderRows = await byIds(db, orders, orderIds);
  const ticketRows = await byIds(db, tickets, refs(batch, ['ticket.transferred', 'ticket.cancelled']));
  const issued = refs(batch, ['order.confirmed']);
  const issuedRows = issued.length
    ? await db.select().from(tickets).where(inArray(tickets.orderId, issued))
    : [];
  const eventRows = await byIds(db, events, refs(batch, ['event.published', 'event.cancelled']));
  const buyerRows = await byIds(
    db,
    users,
    orderRows.map((o) => o.userId),
  );

  const buyers = new Map(buyerRows.map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]));
  const orderView = (o: typeof orders.$inferSelect) => ({
    id: o.id,
    eventId: o.eventId,
    status: o.status,
    totalCents: o.totalCents,
    refundedCents: o.refundedCents,
    currency: o.currency,
    buyer: buyers.get(o.userId) ?? { id: o.userId },
    createdAt: iso(o.createdAt),
    confirmedAt: iso(o.confirmedAt),
    cancelledAt: iso(o.cancelledAt),
  });
  const ticketView = (t: typeof tickets.$inferSelect) => ({
    id: t.id,
    orderId: t.orderId,
    eventId: t.eventId,
    tierId: t.tierId,
    holderId: t.holderId,
    status: t.status,
    attendeeName: t.attendeeName,
  });
  const ordersById = new Map(orderRows.map((o) => [o.id, o]));
  const ticketsById = new Map(ticketRows.map((t) => [t.id, t]));
  const eventsById = new Map(eventRows.map((e) => [e.id, e]));
  const refundsById = new Map(refundRows.map((r) => [r.id, r]));
  const entriesById = new Map(entryRows.map((e) => [e.id, e]));

  const out = new Map<string, Data>();
  for (const d of batch) {
    const ref = d.refId ?? '';
    const recorded = d.payload ?? {};
    let data: Data | undefined;
    switch (d.template) {
      case 'order.placed':
      case 'order.paid':
      case 'order.cancelled': {
        const o = ordersById.get(ref);
        if (o) data = { order: orderView(o), ...recorded };
        break;
      }
      case 'ticket.issued': {
        const o = ordersById.get(ref);
        if (o)
          data = {
            order: orderView(o),
            tickets: issuedRows.filter((t) => t.orderId === ref).map(ticketView),
          };
        break;
      }
      case 'order.refunded': {
        const r = refundsById.get(ref);
        const o = r ? ordersById.get(r.orderId) : undefined;
        if (r && o)
          data = {
            refund: {
              id: r.id,
              amountCents: r.amountCents,
              ticketIds: r.ticketIds,
              status: r.status,
              reason: r.reason,
            },
            order: orderView(o),
          };
        break;
      }
      case 'ticket.transferred':
      case 'ticket.cancelled': {
        const t = ticketsById.get(ref);
        if (t) data = { ticket: ticketView(t), ...recorded };
        break;
      }
      case 'event.published':
      case 'event.cancelled': {
        const e = eventsById.get(ref);
        if (e)
          data = {
            event: {
              id: e.id,
              name: e.name,
              status: e.status,
              venueId: e.venueId,
              startsAt: iso(e.startsAt),
              endsAt: iso(e.endsAt),
              doorsAt: iso(e.doorsAt),
              cancelledAt: iso(e.cancelledAt),
            },
          };
        break;
      }
      case 'waitlist.offered': {
        const e = entriesById.get(ref);
        const o = e?.orderId ? ordersById.get(e.orderId) : undefined;
        if (e)
          data = {
            entry: { id: e.id, tierId: e.tierId, userId: e.userId, quantity: e.quantity, status: e.status },
            order: o ? { ...orderView(o), expiresAt: iso(o.expiresAt) } : null,
          };
        break;
      }
      case 'ticket.checked_in':
        data = { checkin: recorded };
        break;
    }
    if (data) out.set(d.id, { organizationId: d.orgId, ...data });
  }
  return out;
}

type Table =
  | typeof orders
  | typeof refunds
  | typeof tickets
  | typeof events
  | typeof users
  | typeof waitlistEntries;

async function byIds<T extends Table>(db: CloudDb, table: T, ids: string[]): Promise<T['$inferSelect'][]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const t = table as typeof orders; // every one of them has a text `id` primary key
  return (await db.select().from(t).where(inArray(t.id, unique))) as T['$inferSelect'][];
}
