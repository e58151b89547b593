/**
 * What can happen that somebody should hear about: the `kind` of an outbox row. Producers
 * write one row per happening inside their own transaction; channels (email now, webhooks
 * and in-app notifications next) each decide at fan-out whom to tell and how.
 */
export const outboxKinds = [
  'account.registered',
  'account.verify_requested',
  'account.password_reset',
  'order.placed',
  'order.confirmed',
  'order.payment_failed',
  'order.refunded',
  'order.cancelled',
  'ticket.transferred',
  'ticket.cancelled',
  'event.published',
  'event.cancelled',
  'event.moved',
  'event.reminder',
  'waitlist.offered',
  'waitlist.offer_expired',
  // An OWNER/ADMIN's message to the holders of an event or tier (ref: organizer_messages.id).
  'organizer.message',
  // A user's own test send (POST /me/notifications/test): mail and in-app to that account.
  'notification.test',
  'ticket.checked_in',
  'webhook.disabled',
] as const;

export type OutboxKind = (typeof outboxKinds)[number];

/** A row as producers write it. `refId` names what it is about (see each kind's producer in hooks.ts). */
export interface OutboxEntry {
  kind: OutboxKind;
  orgId?: string | null;
  userId?: string | null;
  refId?: string | null;
  payload?: Record<string, unknown> | null;
  /** Scheduled rows (reminders): not fanned out before this. */
  dueAt?: Date;
}

/** Delivery channels. A row of `deliveries` names one; `email` and `webhook` exist so far. */
export type ChannelName = 'email' | 'webhook' | 'inapp';

/** The delivery states, in the order a delivery normally passes them. */
export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
