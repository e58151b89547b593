import type { EventRow } from '../context.ts';
import { html, localTime } from '../format.ts';
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

function eventOf(input: RenderInput): EventRow | undefined {
  return input.d.refId ? input.data.events.get(input.d.refId) : undefined;
}

function heldBy(input: RenderInput, event: EventRow) {
  return input.data.ticketsOfEvent.get(`${event.id}:${input.to.id}`) ?? [];
}

export const eventCancelled: Template = (input) => {
  const event = eventOf(input);
  if (!event) return { skip: 'the event is gone' };
  const cancelled = heldBy(input, event).filter((t) => t.status === 'CANCELLED');
  const lines = [
    `${event.name}, planned for ${localTime(event.startsAt, event.venue.timezone)} at ${event.venue.name}, is cancelled.`,
    cancelled.length > 0
      ? `Your tickets (${ticketSummary(cancelled)}) no longer admit anyone.`
      : 'Your order for it is cancelled.',
    'If you paid, the organizer refunds you; you will get a mail when the refund is made.',
  ];
  return {
    subject: `Cancelled: ${event.name}`,
    text: plain(input, [greeting(input.to), '', ...lines]),
    html: page(
      input,
      `${event.name} is cancelled`,
      html`${paragraph(greeting(input.to))}${lines.map(paragraph)}`,
    ),
    calendar: calendarFor(event, input),
  };
};

export const eventMoved: Template = (input) => {
  const event = eventOf(input);
  if (!event) return { skip: 'the event is gone' };
  if (event.status !== 'PUBLISHED') return { skip: `the event is ${event.status.toLowerCase()}` };
  const valid = heldBy(input, event).filter((t) => t.status === 'VALID');
  if (valid.length === 0) return { skip: 'no valid tickets held' };
  const from = (input.d.payload?.from ?? {}) as { startsAt?: string };
  const before = from.startsAt ? localTime(new Date(from.startsAt), event.venue.timezone) : null;
  const where = whenAndWhere(event);
  const line = before
    ? `${event.name} has moved: it was planned for ${before}. The new time is below.`
    : `The time of ${event.name} has changed. The new time is below.`;
  const keep = `Your tickets (${ticketSummary(valid)}) stay valid for the new time.`;
  return {
    subject: `New time: ${event.name}`,
    text: plain(input, [greeting(input.to), '', line, keep, '', ...where.text]),
    html: page(
      input,
      `${event.name} has a new time`,
      html`${paragraph(`${greeting(input.to)} ${line}`)}${where.html}${paragraph(keep)}`,
    ),
    calendar: calendarFor(event, input),
  };
};

export const reminder: Template = (input) => {
  const event = eventOf(input);
  if (!event) return { skip: 'the event is gone' };
  if (event.status !== 'PUBLISHED') return { skip: `the event is ${event.status.toLowerCase()}` };
  const doors = event.doorsAt ?? event.startsAt;
  if (doors <= input.env.now) return { skip: 'the doors are already open' };
  const valid = heldBy(input, event).filter((t) => t.status === 'VALID');
  if (valid.length === 0) return { skip: 'no valid tickets held' };
  const where = whenAndWhere(event);
  const doorsAt = localTime(doors, event.venue.timezone);
  const line = `${event.name} is coming up: doors open ${doorsAt}. You have ${ticketSummary(valid)}.`;
  const links = valid.map((t, i) => `Ticket ${i + 1}: ${link(input.env, `/tickets/${t.id}`)}`);
  return {
    subject: `Reminder: ${event.name}, doors ${doorsAt}`,
    text: plain(input, [greeting(input.to), '', line, '', ...where.text, '', ...links]),
    html: page(
      input,
      `See you at ${event.name}`,
      html`${paragraph(`${greeting(input.to)} ${line}`)}${where.html}${valid.map((t, i) =>
        button(link(input.env, `/tickets/${t.id}`), `Open ticket ${i + 1}`),
      )}`,
    ),
    calendar: calendarFor(event, input),
  };
};
