import { html } from '../format.ts';
import { calendarFor, greeting, page, paragraph, plain, type Template, whenAndWhere } from './layout.ts';
import { ticketBlocks } from './orders.ts';

export const ticketReceived: Template = (input) => {
  const ticket = input.d.refId ? input.data.tickets.get(input.d.refId) : undefined;
  const event = ticket ? input.data.events.get(ticket.eventId) : undefined;
  if (!ticket || !event) return { skip: 'the ticket is gone' };
  // Passed on again, or cancelled, before this mail went out: it is not theirs to show.
  if (ticket.holderId !== input.to.id || ticket.status !== 'VALID')
    return { skip: 'the recipient no longer holds the ticket' };
  const giver = input.data.users.get(String(input.d.payload?.fromUserId ?? ''));
  const from = giver && !giver.deletedAt ? `${giver.name} (${giver.email})` : 'Someone';
  const block = ticketBlocks(input, [ticket]);
  const where = whenAndWhere(event);
  return {
    subject: `${from.split(' (')[0]} sent you a ticket for ${event.name}`,
    text: plain(input, [
      greeting(input.to),
      '',
      `${from} sent you a ticket. It is now in your account, with a new code that only you have.`,
      '',
      ...where.text,
      ...block.text,
    ]),
    html: page(
      input,
      `A ticket for ${event.name}`,
      html`${paragraph(
        `${greeting(input.to)} ${from} sent you a ticket. It is now in your account, with a new code that only you have.`,
      )}${where.html}${block.html}`,
    ),
    qr: block.qr,
    calendar: calendarFor(event, input),
  };
};

export const ticketSent: Template = (input) => {
  const ticket = input.d.refId ? input.data.tickets.get(input.d.refId) : undefined;
  const event = ticket ? input.data.events.get(ticket.eventId) : undefined;
  if (!ticket || !event) return { skip: 'the ticket is gone' };
  const taker = input.data.users.get(input.d.userId ?? '');
  const to = taker && !taker.deletedAt ? `${taker.name} (${taker.email})` : 'its new holder';
  const line = `You sent your ${ticket.tierName} ticket for ${event.name} to ${to}. Its old code no longer admits anyone; the new holder has a new one.`;
  return {
    subject: `You sent a ticket for ${event.name}`,
    text: plain(input, [greeting(input.to), '', line, '', 'If this was not you, change your password now.']),
    html: page(
      input,
      'Ticket sent',
      html`${paragraph(`${greeting(input.to)} ${line}`)}${paragraph('If this was not you, change your password now.')}`,
    ),
  };
};
