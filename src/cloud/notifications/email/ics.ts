/**
 * The event as an iCalendar object (RFC 5545) for the `text/calendar` part. Times are
 * written in the venue's time zone (DTSTART;TZID=…) with a VTIMEZONE that states the
 * offsets in force at the event, so a calendar in another zone shows the right instant
 * and one in the venue's zone shows the time printed on the ticket.
 */
import { headerText } from './format.ts';

export interface CalendarEvent {
  uid: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string;
  description: string;
  url?: string | undefined;
  cancelled?: boolean;
  /** Raised whenever the event changes, so calendars replace the older copy. */
  sequence?: number;
  stamp: Date;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, at: Date): Record<string, number> {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

/** Minutes east of UTC in force in `timeZone` at `at`. */
export function offsetMinutes(timeZone: string, at: Date): number {
  const p = partsIn(timeZone, at);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 20261201T200000: wall-clock time in `timeZone`. */
function localStamp(timeZone: string, at: Date): string {
  const p = partsIn(timeZone, at);
  return `${p.year}${pad(p.month!)}${pad(p.day!)}T${pad(p.hour!)}${pad(p.minute!)}${pad(p.second!)}`;
}

function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

/** TEXT values: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
function icsText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: not allowed in a TEXT value
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
      .replace(/[\\;,]/g, (c) => `\\${c}`)
      .replace(/\n/g, '\\n')
  );
}

/** Folds a content line at 75 octets without splitting a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** The instant the offset changes between `from` and `to` (to the minute), by bisection. */
function transitionBetween(timeZone: string, from: Date, to: Date): Date {
  let lo = from.getTime();
  let hi = to.getTime();
  const before = offsetMinutes(timeZone, from);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetMinutes(timeZone, new Date(mid)) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi - (hi % 60_000));
}

function vtimezone(timeZone: string, startsAt: Date, endsAt: Date): string[] {
  const first = offsetMinutes(timeZone, startsAt);
  const last = offsetMinutes(timeZone, endsAt);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (kind: string, start: string, from: number, to: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    `END:${kind}`,
  ];
  lines.push(...observance('STANDARD', '19700101T000000', first, first));
  if (last !== first) {
    // The clocks change during the event: the second observance starts at that instant,
    // given in the local time before the change (RFC 5545 §3.6.5).
    const change = transitionBetween(timeZone, startsAt, endsAt);
    const localBefore = new Date(change.getTime() + first * 60_000);
    const start = utcStamp(localBefore).replace('Z', '');
    lines.push(...observance('DAYLIGHT', start, first, last));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

const zones = new Map<string, boolean>();

/** Whether ICU knows the zone (asked once per zone: making a formatter is slow). */
function validZone(timeZone: string): boolean {
  let valid = zones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = /^[A-Za-z0-9_+\-/]+$/.test(timeZone);
    } catch {
      valid = false;
    }
    zones.set(timeZone, valid);
  }
  return valid;
}

export function eventCalendar(e: CalendarEvent): string {
  const zone = validZone(e.timeZone) ? e.timeZone : 'UTC';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//TixMo//Tickets//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...vtimezone(zone, e.startsAt, e.endsAt),
    'BEGIN:VEVENT',
    `UID:${headerText(e.uid).replace(/[^A-Za-z0-9@._-]/g, '')}`,
    `DTSTAMP:${utcStamp(e.stamp)}`,
    `DTSTART;TZID=${zone}:${localStamp(zone, e.startsAt)}`,
    `DTEND;TZID=${zone}:${localStamp(zone, e.endsAt)}`,
    `SEQUENCE:${e.sequence ?? 0}`,
    `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${icsText(e.name)}`,
    `LOCATION:${icsText(e.location)}`,
    `DESCRIPTION:${icsText(e.description)}`,
    ...(e.url && /^https?:\/\//.test(e.url) ? [`URL:${e.url.replace(/[\s"]/g, '')}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
