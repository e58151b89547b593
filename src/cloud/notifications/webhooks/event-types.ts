import type { OutboxKind } from '../kinds.ts';

/** What an organization's endpoint can subscribe to (the `type` of each payload). */
export const webhookEventTypes = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.refunded',
  'ticket.issued',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.checked_in',
  'waitlist.offered',
  'event.published',
  'event.cancelled',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * The event types each outbox kind becomes. A confirmed order is both paid and the
 * issue of its tickets; an order confirmed at once (free, box office) has no
 * `order.placed` before it.
 */
export const eventTypesOfKind: Partial<Record<OutboxKind, WebhookEventType[]>> = {
  'order.placed': ['order.placed'],
  'order.confirmed': ['order.paid', 'ticket.issued'],
  'order.cancelled': ['order.cancelled'],
  'order.refunded': ['order.refunded'],
  'ticket.transferred': ['ticket.transferred'],
  'ticket.cancelled': ['ticket.cancelled'],
  'ticket.checked_in': ['ticket.checked_in'],
  'waitlist.offered': ['waitlist.offered'],
  'event.published': ['event.published'],
  'event.cancelled': ['event.cancelled'],
};
