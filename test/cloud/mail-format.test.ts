import jsQR from 'jsqr';
import { simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/cloud/notifications/deliveries.ts';
import { html } from '../../src/cloud/notifications/email/format.ts';
import { eventCalendar } from '../../src/cloud/notifications/email/ics.ts';
import { BadAddress, composeMessage } from '../../src/cloud/notifications/email/mime.ts';
import { qrPng } from '../../src/cloud/notifications/email/qr-png.ts';

/** Reads the calendar back the way a client does: local times resolved through the VTIMEZONE. */
function resolveIcs(ics: string) {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  const observances: { start: string; to: number }[] = [];
  let current: { start?: string; to?: number } | null = null;
  for (const line of lines) {
    if (/^BEGIN:(STANDARD|DAYLIGHT)$/.test(line)) current = {};
    else if (current && line.startsWith('DTSTART:')) current.start = line.slice(8);
    else if (current && line.startsWith('TZOFFSETTO:')) {
      const m = /([+-])(\d\d)(\d\d)/.exec(line)!;
      current.to = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    } else if (/^END:(STANDARD|DAYLIGHT)$/.test(line)) {
      observances.push(current as { start: string; to: number });
      current = null;
    }
  }
  const toUtc = (local: string) => {
    const offset = observances.filter((o) => o.start <= local).at(-1)!.to;
    const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)$/.exec(local)!;
    return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - offset * 60_000);
  };
  const prop = (name: string) => lines.find((l) => l.startsWith(`${name};`) || l.startsWith(`${name}:`))!;
  return { lines, observances, toUtc, prop };
}

describe('calendar (.ics)', () => {
  const base = {
    uid: 'e1@tixmo',
    location: 'Hall',
    description: 'Bring your ticket',
    stamp: new Date('2027-01-01T00:00:00Z'),
  };

  it('writes local times in the venue’s zone that resolve to the right instants, across a clock change', () => {
    // Berlin leaves summer time at 01:00 UTC on 31 Oct 2027, during this night's event.
    const startsAt = new Date('2027-10-30T23:00:00Z');
    const endsAt = new Date('2027-10-31T03:00:00Z');
    const ics = eventCalendar({ ...base, name: 'Night', startsAt, endsAt, timeZone: 'Europe/Berlin' });
    const cal = resolveIcs(ics);
    expect(cal.prop('DTSTART')).toMatch(/^DTSTART:19700101T000000$/); // the first observance
    const event = cal.lines.slice(cal.lines.indexOf('BEGIN:VEVENT'));
    const start = event.find((l) => l.startsWith('DTSTART;'))!;
    const end = event.find((l) => l.startsWith('DTEND;'))!;
    expect(start).toBe('DTSTART;TZID=Europe/Berlin:20271031T010000');
    expect(end).toBe('DTEND;TZID=Europe/Berlin:20271031T040000');
    expect(cal.observances.map((o) => o.to)).toEqual([120, 60]);
    expect(cal.toUtc(start.split(':')[1]!)).toEqual(startsAt);
    expect(cal.toUtc(end.split(':')[1]!)).toEqual(endsAt);
  });

  it('escapes text values and folds long lines without splitting a character', () => {
    const ics = eventCalendar({
      ...base,
      name: `Sale, Fun; and \\ more\nNext line ${'ü'.repeat(80)}`,
      startsAt: new Date('2027-05-01T18:00:00Z'),
      endsAt: new Date('2027-05-01T20:00:00Z'),
      timeZone: 'Not/AZone',
    });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const summary = ics
      .replace(/\r\n /g, '')
      .split('\r\n')
      .find((l) => l.startsWith('SUMMARY:'))!;
    expect(summary).toBe(`SUMMARY:Sale\\, Fun\\; and \\\\ more\\nNext line ${'ü'.repeat(80)}`);
    // An unknown zone falls back to UTC rather than writing something a calendar cannot read.
    expect(ics).toContain('DTSTART;TZID=UTC:20270501T180000');
  });
});

describe('message composition', () => {
  const parts = {
    from: { name: 'Größe "Live" Events', address: 'tickets@mail.example.com' },
    to: { name: 'Zoë', address: 'zoe@example.com' },
    messageId: '0190aaaa-0000-7000-8000-000000000001@mail.example.com',
    date: new Date('2027-03-01T10:00:00Z'),
  };

  it('round-trips through a real parser: encoded names and subjects, both bodies, long lines', async () => {
    const long = `${'word '.repeat(40)}ünïcödé ${'x'.repeat(200)}`;
    const raw = composeMessage({
      ...parts,
      subject: `Your tickets for Grüße aus Köln 🎟 ${'and more '.repeat(10)}`,
      text: `Hello,\n.a line starting with a dot\nFrom here on\n${long}\ntrailing space `,
      html: html`<p>${long}</p>`.value,
      headers: [['X-Test', 'one\r\nBcc: nobody@example.com']],
    });
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(`Your tickets for Grüße aus Köln 🎟 ${'and more '.repeat(10)}`.trim());
    expect(mail.from?.value).toEqual([{ name: 'Größe "Live" Events', address: 'tickets@mail.example.com' }]);
    expect(mail.messageId).toBe(`<${parts.messageId}>`);
    expect(mail.text).toBe(`Hello,\n.a line starting with a dot\nFrom here on\n${long}\ntrailing space `);
    expect(String(mail.html)).toBe(`<p>${long}</p>`);
    expect(mail.headers.get('x-test')).toBe('one Bcc: nobody@example.com');
    expect(mail.headers.has('bcc')).toBe(false);
  });

  it('refuses an address that could carry more than one mailbox or a header', () => {
    for (const address of ['a@b.c, d@e.f', 'a@b.c>\r\nBcc: x@y.z', 'no-at-sign', '"quoted"@b.c']) {
      expect(() =>
        composeMessage({ ...parts, to: { name: 'x', address }, subject: 's', text: 't', html: '<p>t</p>' }),
      ).toThrow(BadAddress);
    }
  });
});

describe('QR images', () => {
  it('decode to the exact code, for codes of every length a ticket can have', () => {
    for (const length of [20, 300, 443, 700]) {
      const code = 'eyJ'.padEnd(length, 'AbC_-9');
      const png = PNG.sync.read(qrPng(code));
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code);
    }
  });
});

describe('retry backoff', () => {
  it('doubles from the base, adds at most a fifth, and stops growing at six hours', () => {
    expect(backoffMs(1, 30, 0)).toBe(30_000);
    expect(backoffMs(2, 30, 0)).toBe(60_000);
    expect(backoffMs(5, 30, 0)).toBe(480_000);
    expect(backoffMs(5, 30, 1)).toBe(576_000);
    expect(backoffMs(40, 30, 0)).toBe(6 * 3600_000);
  });
});
