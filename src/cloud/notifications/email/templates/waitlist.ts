import { html, localTime, money } from '../format.ts';
import { button, greeting, link, page, paragraph, plain, type Template, whenAndWhere } from './layout.ts';

export const waitlistOffer: Template = (input) => {
  const entry = input.d.refId ? input.data.entries.get(input.d.refId) : undefined;
  const order = entry?.orderId ? input.data.orders.get(entry.orderId) : undefined;
  const event = entry ? input.data.events.get(entry.eventId) : undefined;
  if (!entry || !order || !event) return { skip: 'the offer is gone' };
  if (order.status !== 'PENDING') return { skip: `the offer's order is ${order.status.toLowerCase()}` };
  const deadline = order.expiresAt ? localTime(order.expiresAt, event.venue.timezone) : 'soon';
  const what = `${entry.quantity} × ${entry.tierName}`;
  const line = `good news: tickets came back for ${event.name} and you are first in line. We are holding ${what} for you (${money(order.totalCents, order.currency)}).`;
  const deadlineLine = `Pay before ${deadline}; after that they go to the next person waiting.`;
  const url = link(input.env, `/orders/${order.id}`);
  return {
    subject: `Your waitlist offer for ${event.name}: pay before ${deadline}`,
    text: plain(input, [
      greeting(input.to),
      '',
      line,
      deadlineLine,
      '',
      `Pay here: ${url}`,
      '',
      ...whenAndWhere(event).text,
    ]),
    html: page(
      input,
      'Tickets are waiting for you',
      html`${paragraph(`${greeting(input.to)} ${line}`)}${paragraph(deadlineLine)}${button(url, 'Pay now')}${whenAndWhere(event).html}`,
    ),
  };
};

export const waitlistOfferExpired: Template = (input) => {
  const entry = input.d.refId ? input.data.entries.get(input.d.refId) : undefined;
  const event = entry ? input.data.events.get(entry.eventId) : undefined;
  if (!entry || !event) return { skip: 'the offer is gone' };
  // A late card payment can still confirm an expired hold in the same breath.
  const order = entry.orderId ? input.data.orders.get(entry.orderId) : undefined;
  if (order?.status === 'CONFIRMED') return { skip: 'the offer was paid after all' };
  const line = `the tickets we held for you (${entry.quantity} × ${entry.tierName}) for ${event.name} were not paid in time and went to the next person waiting.`;
  return {
    subject: `Your waitlist offer for ${event.name} has expired`,
    text: plain(input, [
      greeting(input.to),
      '',
      line,
      'You can join the waitlist again if the tier is still sold out.',
    ]),
    html: page(
      input,
      'Your offer has expired',
      html`${paragraph(`${greeting(input.to)} ${line}`)}${paragraph('You can join the waitlist again if the tier is still sold out.')}`,
    ),
  };
};
