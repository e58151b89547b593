import { passwordReset, verifyEmail, welcome } from './account.ts';
import { eventCancelled, eventMoved, reminder } from './events.ts';
import type { Template } from './layout.ts';
import { organizerMessage, testMail } from './messages.ts';
import { orderConfirmed, paymentFailed, refund, ticketCancelled } from './orders.ts';
import { ticketReceived, ticketSent } from './tickets.ts';
import { waitlistOffer, waitlistOfferExpired } from './waitlist.ts';
import { webhookDisabled } from './webhooks.ts';

/** Every mail there is, by the template name a delivery row carries. */
export const templates: Record<string, Template> = {
  welcome,
  verify_email: verifyEmail,
  password_reset: passwordReset,
  order_confirmed: orderConfirmed,
  payment_failed: paymentFailed,
  refund,
  ticket_cancelled: ticketCancelled,
  ticket_received: ticketReceived,
  ticket_sent: ticketSent,
  event_cancelled: eventCancelled,
  event_moved: eventMoved,
  reminder,
  waitlist_offer: waitlistOffer,
  waitlist_offer_expired: waitlistOfferExpired,
  organizer_message: organizerMessage,
  test: testMail,
  webhook_disabled: webhookDisabled,
};
