import { categoryOf } from '../../categories.ts';
import type { ClaimedDelivery } from '../../channel.ts';
import { unsubscribeUrl } from '../../unsubscribe-token.ts';
import type { EventRow, MailData, OrgRow, TicketRow, UserRow } from '../context.ts';
import { headerText, html, localTime, type SafeHtml, safeUrl } from '../format.ts';
import { eventCalendar } from '../ics.ts';

export interface RenderEnv {
  publicUrl: string;
  jwtSecret: string;
  now: Date;
}

export interface RenderInput {
  d: ClaimedDelivery;
  to: UserRow;
  org: OrgRow | null;
  data: MailData;
  env: RenderEnv;
}

export interface Rendered {
  subject: string;
  text: string;
  html: SafeHtml;
  qr?: { cid: string; code: string; filename: string }[];
  calendar?: { filename: string; content: string } | null;
}

export type Template = (input: RenderInput) => Rendered | { skip: string };

export const PLATFORM = 'TixMo';

export function link(env: RenderEnv, path: string): string {
  return `${env.publicUrl.replace(/\/+$/, '')}${path}`;
}

/** Who the mail is from, in words: the organization for its buyers' mails, else the platform. */
export function senderName(org: OrgRow | null): string {
  return org ? org.mailSenderName || org.name : PLATFORM;
}

/** The whole HTML document around a mail's content: plain, inline-styled, no remote resources. */
export function page(input: RenderInput, title: string, content: SafeHtml): SafeHtml {
  const from = senderName(input.org);
  const off = unsubscribeLink(input);
  const why = input.org
    ? html`You get this mail because of your tickets from ${input.org.name}, sold through ${PLATFORM}.${off ? html` <a href="${safeUrl(off)}" style="color:#71717a">Unsubscribe from these mails</a>.` : ''}`
    : html`You get this mail because of your ${PLATFORM} account.`;
  return html`<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 24px;border-bottom:1px solid #e4e4e7;font-weight:bold;font-size:18px">${from}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
<h1 style="font-size:20px;margin:0 0 16px">${title}</h1>
${content}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e4e4e7;font-size:12px;color:#71717a">${why}</td></tr>
</table></td></tr></table></body></html>`;
}

/** The plain-text body: the same content, then who sent it and why. */
export function plain(input: RenderInput, lines: string[]): string {
  const why = input.org
    ? `You get this mail because of your tickets from ${input.org.name}, sold through ${PLATFORM}.`
    : `You get this mail because of your ${PLATFORM} account.`;
  const off = unsubscribeLink(input);
  const unsubscribe = off ? `\nUnsubscribe from these mails: ${off}` : '';
  return `${lines.join('\n')}\n\n-- \n${senderName(input.org)}\n${why}${unsubscribe}\n`;
}

/**
 * The one-click unsubscribe link of a mail that may be turned off (reminders, organizer
 * messages; RFC 8058), for its recipient; null for transactional mail.
 */
export function unsubscribeLink(input: RenderInput): string | null {
  const category = categoryOf(input.d.template);
  if (category === 'transactional') return null;
  return unsubscribeUrl(input.env.publicUrl, input.env.jwtSecret, input.to.id, category);
}

export function greeting(to: UserRow): string {
  return `Hello ${headerText(to.name)},`;
}

/** Where and when, in the venue's time zone. */
export function whenAndWhere(event: EventRow): { text: string[]; html: SafeHtml } {
  const tz = event.venue.timezone;
  const place = [event.venue.name, event.venue.address].filter(Boolean).join(', ');
  const doors = event.doorsAt ? localTime(event.doorsAt, tz) : null;
  return {
    text: [
      `Event: ${event.name}`,
      `Starts: ${localTime(event.startsAt, tz)}`,
      ...(doors ? [`Doors: ${doors}`] : []),
      `Venue: ${place}`,
    ],
    html: html`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px">
<tr><td style="padding:2px 12px 2px 0;color:#71717a">Event</td><td><strong>${event.name}</strong></td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#71717a">Starts</td><td>${localTime(event.startsAt, tz)}</td></tr>
${doors ? html`<tr><td style="padding:2px 12px 2px 0;color:#71717a">Doors</td><td>${doors}</td></tr>` : ''}
<tr><td style="padding:2px 12px 2px 0;color:#71717a">Venue</td><td>${place}</td></tr>
</table>`,
  };
}

export function button(url: string, label: string): SafeHtml {
  return html`<p style="margin:16px 0"><a href="${safeUrl(url)}" style="display:inline-block;background:#18181b;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none">${label}</a></p>`;
}

export function paragraph(text: string): SafeHtml {
  return html`<p style="margin:0 0 12px">${text}</p>`;
}

/** The event for the recipient's calendar, as of now. */
export function calendarFor(event: EventRow, input: RenderInput): { filename: string; content: string } {
  return {
    filename: 'event.ics',
    content: eventCalendar({
      uid: `${event.id}@tixmo`,
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.venue.timezone,
      location: [event.venue.name, event.venue.address].filter(Boolean).join(', '),
      description: `${senderName(input.org)}: your tickets are in your ${PLATFORM} account.`,
      url: link(input.env, `/events/${event.id}`),
      cancelled: event.status === 'CANCELLED',
      // Later versions of the event replace earlier ones in calendars.
      sequence: Math.max(0, Math.floor((input.env.now.getTime() - event.createdAt.getTime()) / 1000)),
      stamp: input.env.now,
    }),
  };
}

/** A short ticket list (no codes): "2 × GA". */
export function ticketSummary(list: TicketRow[]): string {
  const counts = new Map<string, number>();
  for (const t of list) counts.set(t.tierName, (counts.get(t.tierName) ?? 0) + 1);
  return [...counts].map(([tier, n]) => `${n} × ${tier}`).join(', ');
}
