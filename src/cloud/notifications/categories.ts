/**
 * Notification categories: what a user may turn off, per channel. Transactional messages
 * (orders, tickets, refunds, account mail) always go out: they carry what a buyer paid
 * for. Kept free of database code: the mail thread uses it to decide on List-Unsubscribe.
 */
export const categories = ['transactional', 'reminders', 'organizerMessages'] as const;
export type Category = (typeof categories)[number];

/** Categories a user may turn off (and that carry an unsubscribe link in their mail). */
export const optional: Category[] = ['reminders', 'organizerMessages'];

/** The category of a delivery's template (email templates and in-app notifications share names). */
export function categoryOf(template: string): Category {
  if (template === 'reminder') return 'reminders';
  if (template === 'organizer_message') return 'organizerMessages';
  return 'transactional';
}
