/**
 * What the in-app inbox says for each template (the email templates' names). Short and
 * fixed: the client opens what `refId` names for details. Account mail (verification,
 * password reset) has no in-app counterpart: it is about reaching the mailbox.
 */
export const inAppTexts: Record<string, { title: string; body: string }> = {
  welcome: { title: 'Welcome to TixMo', body: 'Your account is ready.' },
  order_confirmed: { title: 'Your order is confirmed', body: 'Your tickets are in your account.' },
  payment_failed: {
    title: 'Payment failed',
    body: 'Your card payment did not go through. You can try again while your tickets are held.',
  },
  refund: { title: 'Refund made', body: 'The organizer refunded your order.' },
  ticket_cancelled: {
    title: 'Ticket cancelled',
    body: 'A ticket of yours was cancelled and no longer admits anyone.',
  },
  ticket_received: { title: 'You received a ticket', body: 'A ticket was transferred to you.' },
  ticket_sent: { title: 'Ticket transferred', body: 'Your ticket now belongs to its new holder.' },
  event_cancelled: { title: 'Event cancelled', body: 'An event you have tickets for is cancelled.' },
  event_moved: { title: 'New time for your event', body: 'An event you have tickets for has moved.' },
  reminder: { title: 'Your event is coming up', body: 'Doors open soon. Your tickets are in your account.' },
  waitlist_offer: { title: 'A ticket is waiting for you', body: 'Pay before the offer ends to keep it.' },
  waitlist_offer_expired: {
    title: 'Your waitlist offer ended',
    body: 'The offered ticket went to the next in line.',
  },
  test: { title: 'Test notification', body: 'Notifications reach you here.' },
};
