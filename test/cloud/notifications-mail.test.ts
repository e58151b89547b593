import jsQR from 'jsqr';
import type { Attachment } from 'mailparser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount } from '../helpers/factories.ts';
import { mailTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.ts';

function decodeQr(image: Attachment): string | null {
  const png = PNG.sync.read(image.content);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** A property line of the calendar's VEVENT (or of the whole text with `all`), unfolded. */
function icsProperty(ics: string, name: string, all = false): string | undefined {
  const unfolded = ics.replace(/\r\n /g, '');
  const scope = all ? unfolded : unfolded.slice(unfolded.indexOf('BEGIN:VEVENT'));
  return scope.split('\r\n').find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
}

describe('order mail over SMTP', () => {
  let smtp: TestSmtpServer;
  let cloud: TestCloud;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cloud = await startTestCloud({
      flags: { outboxPollMs: 50, publicUrl: 'https://tickets.example.com' },
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'TixMo Tickets <tickets@mail.example.com>' },
    });
  });
  afterAll(async () => {
    await cloud?.close();
    await smtp?.close();
  });

  it('sends the buyer their tickets: both bodies, inline QR codes that decode, links and the event in the venue’s time zone', async () => {
    const promoter = await registerAccount(cloud.api, 'Promoter');
    const org = await promoter.api.post('/organizations', { name: 'Night Owl Promotions' });
    const settings = await promoter.api.request('PATCH', `/organizations/${org.id}/mail-settings`, {
      senderName: 'Night Owl Box Office',
      replyTo: 'Help@NightOwl.example',
    });
    expect(settings).toMatchObject({ senderName: 'Night Owl Box Office', replyTo: 'help@nightowl.example' });
    const venue = await promoter.api.post(`/organizations/${org.id}/venues`, {
      name: 'Harbor Hall',
      capacity: 500,
      timezone: 'America/New_York',
      address: '1 Pier Road, Brooklyn',
    });
    // 20:30 on 15 July 2027 in New York (EDT, UTC−4) is 00:30 UTC on the 16th.
    const event = await promoter.api.post('/events', {
      venueId: venue.id,
      name: 'Summer Session',
      startsAt: '2027-07-16T00:30:00.000Z',
      endsAt: '2027-07-16T04:00:00.000Z',
      doorsAt: '2027-07-15T23:30:00.000Z',
    });
    const tier = await promoter.api.post(`/events/${event.id}/tiers`, {
      name: 'Guest list',
      priceCents: 0,
      quantity: 20,
    });
    await promoter.api.post(`/events/${event.id}/publish`);

    const buyer = await registerAccount(cloud.api, 'Ada Buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: tier.id, quantity: 2 }] });
    expect(order.status).toBe('CONFIRMED');
    const { data: tickets } = await buyer.api.get('/me/tickets');
    expect(tickets).toHaveLength(2);

    const { received: mail, parsed } = await mailTo(smtp, buyer.user.email, /^Your tickets/);
    expect(smtp.logins.length).toBeGreaterThan(0); // SMTP_URL's credentials were used
    expect(mail.from).toBe('tickets@mail.example.com');
    expect(mail.to).toEqual([buyer.user.email]);

    expect(parsed.from?.value).toEqual([
      { name: 'Night Owl Box Office', address: 'tickets@mail.example.com' },
    ]);
    expect(parsed.replyTo?.value[0]?.address).toBe('help@nightowl.example');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([
      { name: 'Ada Buyer', address: buyer.user.email },
    ]);
    expect(parsed.subject).toBe('Your tickets for Summer Session');
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@mail\.example\.com>$/);
    expect(parsed.date).toBeInstanceOf(Date);

    // Both bodies, each with every ticket's code and its own link.
    expect(parsed.text).toContain('Hello Ada Buyer');
    expect(parsed.text).toContain('Harbor Hall, 1 Pier Road, Brooklyn');
    expect(parsed.text).toContain('Thu, 15 Jul 2027, 20:30 (America/New_York)');
    expect(parsed.text).toContain('Night Owl Box Office');
    const html = String(parsed.html);
    expect(html).toContain('Night Owl');
    for (const t of tickets as { id: string; code: string }[]) {
      expect(parsed.text).toContain(t.code);
      expect(parsed.text).toContain(`https://tickets.example.com/tickets/${t.id}`);
      expect(html).toContain(`href="https://tickets.example.com/tickets/${t.id}"`);
      expect(html).toContain(t.code);
    }

    // Inline QR images, referenced from the HTML by Content-ID, that decode to the codes.
    const images = parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(2);
    const decoded = new Set<string>();
    for (const image of images) {
      expect(image.contentDisposition).toBe('inline');
      expect(image.related).toBe(true);
      expect(image.cid).toMatch(/^ticket-[0-9a-f-]{36}@tixmo$/);
      // mailparser inlines related images into the HTML as data: URLs
      const code = decodeQr(image);
      expect(code).not.toBeNull();
      decoded.add(code!);
    }
    expect(decoded).toEqual(new Set((tickets as { code: string }[]).map((t) => t.code)));

    // The event as a text/calendar part, in the venue's local time with its offset.
    const calendar = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendar?.filename).toBe('event.ics');
    const ics = calendar!.content.toString('utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(icsProperty(ics, 'DTSTART')).toBe('DTSTART;TZID=America/New_York:20270715T203000');
    expect(icsProperty(ics, 'DTEND')).toBe('DTEND;TZID=America/New_York:20270716T000000');
    expect(icsProperty(ics, 'TZOFFSETTO', true)).toBe('TZOFFSETTO:-0400');
    expect(icsProperty(ics, 'SUMMARY')).toBe('SUMMARY:Summer Session');
    expect(icsProperty(ics, 'LOCATION')).toBe('LOCATION:Harbor Hall\\, 1 Pier Road\\, Brooklyn');
    expect(icsProperty(ics, 'UID')).toBe(`UID:${event.id}@tixmo`);
  });

  it('never lets a name or title inject a header or markup', async () => {
    const promoter = await registerAccount(cloud.api, 'Mallory\r\nBcc: victim@evil.example');
    const org = await promoter.api.post('/organizations', {
      name: 'Evil\r\nBcc: victim@evil.example\r\nX-Evil: 1',
    });
    const venue = await promoter.api.post(`/organizations/${org.id}/venues`, {
      name: '<img src=x onerror=alert(1)>',
      capacity: 50,
    });
    const event = await promoter.api.post('/events', {
      venueId: venue.id,
      name: 'Party\r\nBcc: victim@evil.example <script>alert(1)</script>',
      startsAt: '2027-08-01T20:00:00.000Z',
      endsAt: '2027-08-01T23:00:00.000Z',
    });
    const tier = await promoter.api.post(`/events/${event.id}/tiers`, {
      name: '"><b>VIP</b>',
      priceCents: 0,
      quantity: 5,
    });
    await promoter.api.post(`/events/${event.id}/publish`);
    const buyer = await registerAccount(cloud.api, 'Eve\r\nBcc: victim@evil.example\r\n\r\n<h1>hi</h1>');
    await buyer.api.post('/orders', { items: [{ tierId: tier.id, quantity: 1 }] });

    const { received: mail, parsed } = await mailTo(smtp, buyer.user.email, /^Your tickets/);
    expect(mail.to).toEqual([buyer.user.email]);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.subject).not.toMatch(/[\r\n]/);
    expect(parsed.subject).toContain('Party Bcc: victim@evil.example <script>');
    expect(parsed.from?.value[0]?.name).toBe('Evil Bcc: victim@evil.example X-Evil: 1');
    const html = String(parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>VIP</b>');
    expect(html).not.toContain('<h1>hi</h1>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Both accounts' welcome mails went out too, to them alone, their names kept to one line.
    for (const who of [promoter, buyer]) {
      const welcome = await mailTo(smtp, who.user.email, /^Welcome/);
      expect(welcome.received.to).toEqual([who.user.email]);
      expect(welcome.parsed.headers.has('bcc')).toBe(false);
      expect(welcome.parsed.text).toMatch(/^Hello (Mallory|Eve) Bcc: victim@evil\.example/);
    }
  });
});
