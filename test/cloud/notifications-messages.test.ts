import jsQR from 'jsqr';
import type { ParsedMail } from 'mailparser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, type PromoterSetup, registerAccount, setupEvent } from '../helpers/factories.ts';
import { mailTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.ts';
import {
  type FakeStripe,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  signedWebhook,
  startFakeStripe,
} from '../helpers/stripe-fake.ts';
import { withClockAhead } from './support.ts';

let smtp: TestSmtpServer;
let stripe: FakeStripe;
let cloud: TestCloud;
let stripeEvents = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  stripe = startFakeStripe();
  cloud = await startTestCloud({
    flags: { outboxPollMs: 50, publicUrl: 'https://tickets.example.com' },
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'TixMo <tickets@mail.example.com>',
      STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET,
    },
  });
});
afterAll(async () => {
  await cloud?.close();
  stripe?.close();
  await smtp?.close();
});

async function stripeEvent(type: string, object: Record<string, unknown>) {
  const { payload, header } = signedWebhook({ id: `evt_mail_${++stripeEvents}`, type, data: { object } });
  const res = await fetch(`${cloud.url}/api/v1/payments/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
  expect(res.status).toBe(200);
}

/** Every mail has both bodies, and buyers' mails carry the organization's name. */
function expectBothBodies(mail: ParsedMail, orgName: string) {
  expect(mail.text?.trim().length).toBeGreaterThan(40);
  expect(String(mail.html)).toMatch(/^<!doctype html>/);
  expect(mail.text).toContain(orgName);
  expect(String(mail.html)).toContain(orgName);
  expect(mail.from?.value[0]?.name).toBe(orgName);
}

async function orgName(setup: PromoterSetup): Promise<string> {
  return (await setup.promoter.api.get(`/organizations/${setup.orgId}`)).name;
}

const qrCodes = (mail: ParsedMail) =>
  mail.attachments
    .filter((a) => a.contentType === 'image/png')
    .map((a) => {
      const png = PNG.sync.read(a.content);
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    });

describe('mail for every change a buyer should hear about', () => {
  it('a failed card payment (with the hold’s deadline), then the tickets once it is paid', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api, 'Card Buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
    const payment = await buyer.api.post(`/orders/${order.id}/payment`);
    const pi = stripe.intents.get(payment.paymentIntentId)!;
    await stripeEvent('payment_intent.payment_failed', {
      ...pi,
      status: 'requires_payment_method',
      last_payment_error: { message: 'Your card was declined.' },
    });
    const failed = await mailTo(smtp, buyer.user.email, /^Payment failed/);
    expectBothBodies(failed.parsed, await orgName(setup));
    expect(failed.parsed.text).toContain('Your card was declined.');
    expect(failed.parsed.text).toContain('$50.00');
    expect(failed.parsed.text).toMatch(/held for you until \w{3}, \d+ \w{3} \d{4}, \d\d:\d\d \(UTC\)/);
    expect(failed.parsed.text).toContain(`https://tickets.example.com/orders/${order.id}`);

    await stripeEvent('payment_intent.succeeded', { ...pi, status: 'succeeded', amount_received: pi.amount });
    const paid = await mailTo(smtp, buyer.user.email, /^Your tickets for Show/);
    const { data: tickets } = await buyer.api.get('/me/tickets');
    expect(new Set(qrCodes(paid.parsed))).toEqual(new Set(tickets.map((t: { code: string }) => t.code)));
    expect(paid.parsed.text).toContain('Total paid: $50.00');
  });

  it('a box-office refund tells the amount and which tickets stop working', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api, 'Refunded Buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
    await setup.promoter.api.post(`/orders/${order.id}/confirm`, { reason: 'paid at the box office' });
    await mailTo(smtp, buyer.user.email, /^Your tickets/);
    const { data: tickets } = await buyer.api.get('/me/tickets');
    await setup.promoter.api.post(`/orders/${order.id}/refunds`, {
      ticketIds: [tickets[0].id],
      reason: 'Seat broken',
    });
    const { parsed } = await mailTo(smtp, buyer.user.email, /^Refund of \$25\.00/);
    expectBothBodies(parsed, await orgName(setup));
    expect(parsed.text).toContain('1 ticket of this order no longer admits anyone.');
    expect(parsed.text).toContain('Reason: Seat broken');
  });

  it('a transfer: the recipient gets the ticket with its new code, the giver a receipt', async () => {
    const setup = await setupEvent(cloud.api);
    const giver = await registerAccount(cloud.api, 'Giver');
    const taker = await registerAccount(cloud.api, 'Taker');
    await giver.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
    const [ticket] = (await giver.api.get('/me/tickets')).data;
    await giver.api.post(`/tickets/${ticket.id}/transfer`, { email: taker.user.email });
    const received = await mailTo(smtp, taker.user.email, /^Giver sent you a ticket for Show/);
    expectBothBodies(received.parsed, await orgName(setup));
    const [now] = (await taker.api.get('/me/tickets')).data;
    expect(now.code).not.toBe(ticket.code);
    expect(qrCodes(received.parsed)).toEqual([now.code]);
    expect(received.parsed.text).toContain(`https://tickets.example.com/tickets/${ticket.id}`);
    expect(received.parsed.attachments.some((a) => a.contentType === 'text/calendar')).toBe(true);
    const sent = await mailTo(smtp, giver.user.email, /^You sent a ticket for Show/);
    expect(sent.parsed.text).toContain(taker.user.email);
    expect(sent.parsed.text).not.toContain(now.code);
  });

  it('the organizer cancels a ticket, then a whole paid order', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api, 'Cancelled Buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
    await setup.promoter.api.post(`/orders/${order.id}/confirm`, { reason: 'paid at the box office' });
    const { data: tickets } = await buyer.api.get('/me/tickets');
    await setup.promoter.api.post(`/tickets/${tickets[0].id}/cancel`);
    const one = await mailTo(smtp, buyer.user.email, /^Ticket cancelled: Show/);
    expectBothBodies(one.parsed, await orgName(setup));
    expect(one.parsed.text).toContain('Your ticket (1 × GA) for Show was cancelled');
    await setup.promoter.api.post(`/orders/${order.id}/cancel`);
    const all = await smtp.waitFor(
      2,
      (m) => m.to.includes(buyer.user.email) && /Ticket cancelled/.test(m.raw.toString()),
    );
    const texts = await Promise.all(all.map(async (m) => (await import('mailparser')).simpleParser(m.raw)));
    expect(texts.map((t) => t.text).join('\n')).toContain('Your 2 tickets (2 × GA) for Show were cancelled');
    expect(texts.map((t) => t.text).join('\n')).toContain('The money you paid is due back to you');
  });

  it('an event moved, then cancelled: every holder hears both, with the calendar updated', async () => {
    const setup = await setupEvent(cloud.api, { startsInMs: 10 * 86_400_000 });
    const holders: Account[] = [];
    for (const name of ['Holder One', 'Holder Two']) {
      const holder = await registerAccount(cloud.api, name);
      await holder.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      holders.push(holder);
    }
    const event = await setup.promoter.api.get(`/events/${setup.eventId}`);
    const later = (iso: string) => new Date(new Date(iso).getTime() + 86_400_000).toISOString();
    await setup.promoter.api.request('PATCH', `/events/${setup.eventId}`, {
      startsAt: later(event.startsAt),
      endsAt: later(event.endsAt),
    });
    for (const holder of holders) {
      const { parsed } = await mailTo(smtp, holder.user.email, /^New time: Show/);
      expectBothBodies(parsed, await orgName(setup));
      const ics = parsed.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString();
      const start = new Date(later(event.startsAt)).toISOString().replace(/[-:]|\.\d{3}Z/g, '');
      expect(ics).toContain(`DTSTART;TZID=UTC:${start}`);
    }
    await setup.promoter.api.post(`/events/${setup.eventId}/cancel`);
    for (const holder of holders) {
      const { parsed } = await mailTo(smtp, holder.user.email, /^Cancelled: Show/);
      expectBothBodies(parsed, await orgName(setup));
      expect(parsed.text).toContain('no longer admit anyone');
      const ics = parsed.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString();
      expect(ics).toContain('STATUS:CANCELLED');
    }
  });

  it('a waitlist offer with its deadline, then the notice that it passed on', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 1 });
    const holder = await registerAccount(cloud.api, 'Holder');
    const held = await holder.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    const waiting = await registerAccount(cloud.api, 'Waiting Person');
    await waiting.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 });
    await holder.api.post(`/orders/${held.id}/cancel`);
    const offer = await mailTo(smtp, waiting.user.email, /^Your waitlist offer for Show: pay before/);
    expectBothBodies(offer.parsed, await orgName(setup));
    const [entry] = (await waiting.api.get('/me/waitlist')).data;
    expect(offer.parsed.text).toContain(`https://tickets.example.com/orders/${entry.offer.orderId}`);
    expect(offer.parsed.text).toContain('1 × GA');
    const name = await orgName(setup);
    // The hold runs out: reading the order releases it, and the worker runs on the same clock.
    await withClockAhead(cloud, 16 * 60_000, async () => {
      // 16 minutes on, the access token has expired too: refresh it as a client would.
      const { accessToken } = await cloud.api.post('/auth/refresh', { refreshToken: waiting.refreshToken });
      await cloud.api.as(accessToken).get(`/orders/${entry.offer.orderId}`);
      const expired = await mailTo(smtp, waiting.user.email, /^Your waitlist offer for Show has expired/);
      expectBothBodies(expired.parsed, name);
    });
  });
});
