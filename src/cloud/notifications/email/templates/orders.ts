import type { EventRow, OrderRow, TicketRow } from '../context.ts';
import { html, localTime, money, type SafeHtml, safeUrl } from '../format.ts';
import {
  button,
  calendarFor,
  greeting,
  link,
  page,
  paragraph,
  plain,
  type RenderInput,
  type Template,
  ticketSummary,
  whenAndWhere,
} from './layout.ts';

function orderAndEvent(input: RenderInput, orderId: string | null | undefined) {
  const order = orderId ? input.data.orders.get(orderId) : undefined;
  const event = order ? input.data.events.get(order.eventId) : undefined;
  return order && event ? { order, event } : null;
}

/** One ticket: its QR image (inline, by Content-ID), its code in text, and its own link. */
export function ticketBlocks(input: RenderInput, list: TicketRow[]) {
  const qr = list.map((t) => ({ cid: `ticket-${t.id}@tixmo`, code: t.code, filename: `ticket-${t.id}.png` }));
  const text = list.flatMap((t, i) => [
    '',
    `Ticket ${i + 1} of ${list.length}: ${t.tierName}${t.attendeeName ? ` (${t.attendeeName})` : ''}`,
    `Ticket link: ${link(input.env, `/tickets/${t.id}`)}`,
    `Code: ${t.code}`,
  ]);
  const blocks: SafeHtml[] = list.map(
    (
      t,
      i,
    ) => html`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border:1px solid #e4e4e7;border-radius:6px;width:100%">
<tr><td style="padding:12px" width="200"><img src="cid:ticket-${t.id}@tixmo" width="200" height="200" alt="QR code of ticket ${i + 1}" style="display:block"></td>
<td style="padding:12px;vertical-align:top"><strong>Ticket ${i + 1} of ${list.length}</strong><br>${t.tierName}${t.attendeeName ? html`<br>${t.attendeeName}` : ''}
<br><a href="${safeUrl(link(input.env, `/tickets/${t.id}`))}">Open this ticket</a>
<div style="margin-top:8px;font-family:monospace;font-size:10px;color:#71717a;word-break:break-all">${t.code}</div></td></tr></table>`,
  );
  return { qr, text, html: html`${blocks}` };
}

export const orderConfirmed: Template = (input) => {
  const found = orderAndEvent(input, input.d.refId);
  if (!found) return { skip: 'the order is gone' };
  const { order, event } = found;
  if (order.status !== 'CONFIRMED') return { skip: `the order is ${order.status.toLowerCase()}` };
  const mine = (input.data.ticketsOfOrder.get(order.id) ?? []).filter(
    (t) => t.holderId === input.to.id && t.status === 'VALID',
  );
  if (mine.length === 0) return { skip: 'no valid tickets of this order are held by the buyer' };
  const where = whenAndWhere(event);
  const tickets = ticketBlocks(input, mine);
  const total = order.totalCents > 0 ? `Total paid: ${money(order.totalCents, order.currency)}` : 'Free';
  const orderUrl = link(input.env, `/orders/${order.id}`);
  return {
    subject: `Your tickets for ${event.name}`,
    text: plain(input, [
      greeting(input.to),
      '',
      `your order is confirmed. Show each ticket's QR code at the gate (on your phone or printed).`,
      '',
      ...where.text,
      `Order: ${order.id} (${total})`,
      `Order link: ${orderUrl}`,
      ...tickets.text,
      '',
      'The event is attached for your calendar (event.ics).',
    ]),
    html: page(
      input,
      `Your tickets for ${event.name}`,
      html`${paragraph(
        `${greeting(input.to)} your order is confirmed. Show each ticket's QR code at the gate (on your phone or printed).`,
      )}${where.html}${paragraph(`Order ${order.id} · ${total}`)}${tickets.html}${button(orderUrl, 'View your order')}`,
    ),
    qr: tickets.qr,
    calendar: calendarFor(event, input),
  };
};

export const paymentFailed: Template = (input) => {
  const found = orderAndEvent(input, input.d.refId);
  if (!found) return { skip: 'the order is gone' };
  const { order, event } = found;
  if (order.status !== 'PENDING') return { skip: `the order is ${order.status.toLowerCase()} now` };
  const reason = String(input.d.payload?.message ?? 'the card was declined');
  const until = order.expiresAt ? localTime(order.expiresAt, event.venue.timezone) : null;
  const keep = until
    ? `Your tickets stay held for you until ${until}: pay with another card before then.`
    : 'Try again with another card.';
  const orderUrl = link(input.env, `/orders/${order.id}`);
  return {
    subject: `Payment failed: your order for ${event.name}`,
    text: plain(input, [
      greeting(input.to),
      '',
      `the payment for your order ${order.id} (${money(order.totalCents, order.currency)}) did not go through: ${reason}`,
      keep,
      '',
      `Pay again: ${orderUrl}`,
      '',
      ...whenAndWhere(event).text,
    ]),
    html: page(
      input,
      'Your payment did not go through',
      html`${paragraph(
        `${greeting(input.to)} the payment for your order ${order.id} (${money(order.totalCents, order.currency)}) did not go through: ${reason}`,
      )}${paragraph(keep)}${button(orderUrl, 'Pay again')}${whenAndWhere(event).html}`,
    ),
  };
};

export const refund: Template = (input) => {
  const row = input.d.refId ? input.data.refunds.get(input.d.refId) : undefined;
  const found = row ? orderAndEvent(input, row.orderId) : null;
  if (!row || !found) return { skip: 'the refund is gone' };
  const { order, event } = found;
  const amount = money(row.amountCents, order.currency);
  const voided =
    row.ticketIds.length > 0
      ? `${row.ticketIds.length} ticket${row.ticketIds.length === 1 ? '' : 's'} of this order no longer admit${row.ticketIds.length === 1 ? 's' : ''} anyone.`
      : 'Your tickets stay valid.';
  const method = row.provider === 'stripe' ? 'to the card you paid with' : 'by the box office';
  const lines = [
    `${amount} of your order ${order.id} for ${event.name} is being refunded ${method}.`,
    voided,
    ...(row.reason && !row.reason.startsWith('automatic') ? [`Reason: ${row.reason}`] : []),
  ];
  return {
    subject: `Refund of ${amount}: ${event.name}`,
    text: plain(input, [greeting(input.to), '', ...lines]),
    html: page(
      input,
      `Refund of ${amount}`,
      html`${paragraph(greeting(input.to))}${lines.map((l) => paragraph(l))}`,
    ),
  };
};

function cancelledTickets(
  input: RenderInput,
): { event: EventRow; order?: OrderRow; list: TicketRow[] } | null {
  if (input.d.kind === 'ticket.cancelled') {
    const ticket = input.d.refId ? input.data.tickets.get(input.d.refId) : undefined;
    const event = ticket ? input.data.events.get(ticket.eventId) : undefined;
    return ticket && event ? { event, list: [ticket] } : null;
  }
  const found = orderAndEvent(input, input.d.refId);
  if (!found) return null;
  const ended = new Set((input.d.payload?.ticketIds as string[] | undefined) ?? []);
  const list = (input.data.ticketsOfOrder.get(found.order.id) ?? []).filter(
    (t) => t.holderId === input.to.id && ended.has(t.id),
  );
  return { ...found, list };
}

export const ticketCancelled: Template = (input) => {
  const found = cancelledTickets(input);
  if (!found) return { skip: 'the ticket is gone' };
  const { event, order, list } = found;
  const what =
    list.length > 0
      ? `Your ${list.length === 1 ? 'ticket' : `${list.length} tickets`} (${ticketSummary(list)}) for ${event.name} ${list.length === 1 ? 'was' : 'were'} cancelled by the organizer and no longer admit${list.length === 1 ? 's' : ''} anyone.`
      : `Your order ${order?.id ?? ''} for ${event.name} was cancelled by the organizer.`;
  const refundNote =
    order && order.userId === input.to.id && order.totalCents > 0
      ? 'The money you paid is due back to you; you will get a separate mail when it is refunded.'
      : 'If you paid for it, the organizer will refund the buyer.';
  return {
    subject: `Ticket cancelled: ${event.name}`,
    text: plain(input, [greeting(input.to), '', what, refundNote, '', ...whenAndWhere(event).text]),
    html: page(
      input,
      'Your ticket was cancelled',
      html`${paragraph(`${greeting(input.to)} ${what}`)}${paragraph(refundNote)}${whenAndWhere(event).html}`,
    ),
  };
};
