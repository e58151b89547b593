import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { eventually } from '../helpers/processes.ts';
import { mailTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.ts';
import { withClockAhead } from './support.ts';

const FROM = 'TixMo <tickets@mail.example.com>';

interface DeliveryView {
  id: string;
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
  address: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

async function deliveriesOf(owner: Account, orgId: string, status = ''): Promise<DeliveryView[]> {
  return (
    await owner.api.get(`/organizations/${orgId}/deliveries?limit=200${status ? `&status=${status}` : ''}`)
  ).data;
}

async function registerWith(cloud: TestCloud, email: string, name: string): Promise<Account> {
  const session = await cloud.api.post('/auth/register', { email, password: 'correct horse battery', name });
  return { ...session, api: cloud.api.as(session.accessToken) };
}

describe('outbox on PGlite', () => {
  let smtp: TestSmtpServer;
  let cloud: TestCloud;
  let acceptBounces = false;

  beforeAll(async () => {
    smtp = await startSmtpServer({
      refuseRecipient: (address) => {
        if (address.startsWith('bounce-') && !acceptBounces) return { code: 550, message: 'no such mailbox' };
        if (address.startsWith('busy-')) return { code: 451, message: 'mailbox busy, try later' };
        return null;
      },
    });
    cloud = await startTestCloud({
      flags: { outboxPollMs: 50, outboxRetrySeconds: 0.2, outboxMaxAttempts: 100 },
      env: { SMTP_URL: smtp.url, SMTP_FROM: FROM },
    });
  });
  afterAll(async () => {
    await cloud?.close();
    await smtp?.close();
  });

  it('an order that did not happen sends nothing: one ticket, five buyers, one mail', async () => {
    const setup = await setupEvent(cloud.api);
    const tier = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
      name: 'Last one',
      priceCents: 0,
      quantity: 1,
    });
    const buyers = await Promise.all([1, 2, 3, 4, 5].map((i) => registerAccount(cloud.api, `Racer ${i}`)));
    const results = await Promise.allSettled(
      buyers.map((b) => b.api.post('/orders', { items: [{ tierId: tier.id, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = buyers[results.findIndex((r) => r.status === 'fulfilled')]!;
    await mailTo(smtp, winner.user.email, /^Your tickets/);
    await cloud.outbox.drain();
    // The SMTP server has the mail a moment before the worker records it as sent (outcomes
    // are written in small groups): wait for the record, then check it says sent once.
    const confirmations = await eventually(async () => {
      const list = (await deliveriesOf(setup.promoter, setup.orgId)).filter(
        (d) => d.template === 'order_confirmed',
      );
      return list.every((d) => d.status !== 'sending') ? list : undefined;
    }, 'the confirmation’s outcome recorded');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ status: 'sent', address: winner.user.email, attempts: 1 });
    const ticketMails = smtp.mails.filter(
      (m) =>
        buyers.some((b) => m.to.includes(b.user.email)) && /Subject: Your tickets/.test(m.raw.toString()),
    );
    expect(ticketMails).toHaveLength(1);
  });

  it('a refused address fails alone and shows it; a busy one is retried; nobody else waits for them', async () => {
    const setup = await setupEvent(cloud.api);
    const stamp = Date.now().toString(36);
    const bounce = await registerWith(cloud, `bounce-${stamp}@test.tixmo`, 'Bounce');
    const busy = await registerWith(cloud, `busy-${stamp}@test.tixmo`, 'Busy');
    const fine = await Promise.all([1, 2, 3].map((i) => registerAccount(cloud.api, `Fine ${i}`)));
    for (const b of [bounce, busy, ...fine])
      await b.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
    for (const b of fine) await mailTo(smtp, b.user.email, /^Your tickets/);

    const failed = await eventually(async () => {
      const list = await deliveriesOf(setup.promoter, setup.orgId, 'failed');
      return list.find((d) => d.address === bounce.user.email);
    }, 'the refused address marked failed');
    expect(failed).toMatchObject({ template: 'order_confirmed', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toMatch(/550/);
    const retrying = await eventually(async () => {
      const list = await deliveriesOf(setup.promoter, setup.orgId, 'pending,sending');
      return list.find((d) => d.address === busy.user.email && d.attempts >= 2);
    }, 'the busy address retried');
    expect(retrying.lastError).toMatch(/451/);

    // Someone else's organization sees none of it.
    const stranger = await registerAccount(cloud.api, 'Stranger');
    await expectApiError(stranger.api.get(`/organizations/${setup.orgId}/deliveries`), 404, 'NOT_FOUND');
    await expectApiError(
      stranger.api.post(`/organizations/${setup.orgId}/deliveries/${failed.id}/retry`),
      404,
      'NOT_FOUND',
    );
    await expectApiError(
      setup.promoter.api.get(`/organizations/${setup.orgId}/deliveries?status=lost`),
      400,
      'BAD_REQUEST',
    );

    // The mailbox exists now: the OWNER sends it again, with the same message id.
    acceptBounces = true;
    const again = await setup.promoter.api.post(
      `/organizations/${setup.orgId}/deliveries/${failed.id}/retry`,
    );
    expect(again).toMatchObject({ status: 'pending', attempts: 0 });
    const { received } = await mailTo(smtp, bounce.user.email, /^Your tickets/);
    expect(received.messageId).toBe(`<${failed.id}@mail.example.com>`);
    await expectApiError(
      setup.promoter.api.post(`/organizations/${setup.orgId}/deliveries/${retrying.id}/retry`),
      409,
      'CONFLICT',
    );
  });

  describe('reminders before doors', () => {
    let smtp: TestSmtpServer;
    let cloud: TestCloud;
    const DAY = 86_400_000;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      // The loops sleep; each step runs the worker by hand, so "no mail" is a fact, not a race.
      cloud = await startTestCloud({
        flags: { outboxPollMs: 60_000, reminderHours: 24 },
        env: { SMTP_URL: smtp.url, SMTP_FROM: FROM },
      });
    });
    afterAll(async () => {
      await cloud?.close();
      await smtp?.close();
    });

    async function eventWithHolder(startsInMs: number) {
      const setup = await setupEvent(cloud.api, { startsInMs });
      const holder = await registerAccount(cloud.api, 'Reminded Holder');
      await holder.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 2 }] });
      return { setup, holder };
    }
    const reminders = (to: string) =>
      smtp.mails.filter((m) => m.to.includes(to) && /Subject: Reminder/.test(m.raw.toString()));

    it('goes out a day before the event, to each holder, once', async () => {
      const { setup, holder } = await eventWithHolder(3 * DAY);
      await cloud.outbox.drain();
      expect(reminders(holder.user.email)).toHaveLength(0);
      await withClockAhead(cloud, 2 * DAY - 60_000, () => cloud.outbox.drain());
      expect(reminders(holder.user.email)).toHaveLength(0);
      await withClockAhead(cloud, 2 * DAY + 60_000, () => cloud.outbox.drain());
      const { parsed } = await mailTo(smtp, holder.user.email, /^Reminder: Show/);
      expect(parsed.text).toContain('You have 2 × Guest list.');
      expect(parsed.text).toContain(`/tickets/`);
      expect(String(parsed.html)).toContain('Open ticket 2');
      await withClockAhead(cloud, 2 * DAY + 120_000, () => cloud.outbox.drain());
      expect(reminders(holder.user.email)).toHaveLength(1);
      expect(setup.eventId).toBeTruthy();
    });

    it('follows the event when it moves, and is withdrawn when it is cancelled', async () => {
      const moved = await eventWithHolder(3 * DAY);
      const cancelled = await eventWithHolder(3 * DAY);
      const event = await moved.setup.promoter.api.get(`/events/${moved.setup.eventId}`);
      const shift = (iso: string) => new Date(new Date(iso).getTime() + 2 * DAY).toISOString();
      await moved.setup.promoter.api.request('PATCH', `/events/${moved.setup.eventId}`, {
        startsAt: shift(event.startsAt),
        endsAt: shift(event.endsAt),
      });
      await cancelled.setup.promoter.api.post(`/events/${cancelled.setup.eventId}/cancel`);
      // The old time passes: nothing for either (the holders heard of the move and the cancellation).
      await withClockAhead(cloud, 2 * DAY + 60_000, () => cloud.outbox.drain());
      await mailTo(smtp, moved.holder.user.email, /^New time: Show/);
      await mailTo(smtp, cancelled.holder.user.email, /^Cancelled: Show/);
      expect(reminders(moved.holder.user.email)).toHaveLength(0);
      expect(reminders(cancelled.holder.user.email)).toHaveLength(0);
      // The new time's reminder comes two days later; the cancelled event never has one.
      await withClockAhead(cloud, 4 * DAY + 60_000, () => cloud.outbox.drain());
      expect(reminders(moved.holder.user.email)).toHaveLength(1);
      expect(reminders(cancelled.holder.user.email)).toHaveLength(0);
    });
  });
});

describe('an unreachable SMTP server', () => {
  let port: number;
  let cloud: TestCloud;
  let smtp: TestSmtpServer | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    cloud = await startTestCloud({
      flags: { outboxPollMs: 50, outboxRetrySeconds: 0.2, outboxMaxAttempts: 100 },
      env: { SMTP_URL: `smtp://tixmo:mail-secret@127.0.0.1:${port}`, SMTP_FROM: FROM },
      logger: createLogger({ level: 'info', json: true, write: (l) => lines.push(l) }),
    });
  });
  afterAll(async () => {
    await cloud?.close();
    await smtp?.close();
  });

  it('the mail waits, is retried with backoff, shows its state, then goes out once with its id', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api, 'Patient Buyer');
    await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
    const waiting = await eventually(async () => {
      const [d] = (await deliveriesOf(setup.promoter, setup.orgId, 'pending')).filter(
        (x) => x.template === 'order_confirmed' && x.attempts >= 2,
      );
      return d;
    }, 'the order mail retried at least once');
    expect(waiting.lastError).toMatch(/ECONNREFUSED/);
    expect(waiting.address).toBe(buyer.user.email);
    expect(waiting.nextAttemptAt).not.toBeNull();
    const failures = lines.filter((l) => l.includes('delivery failed, will retry') && l.includes(waiting.id));
    expect(failures.length).toBeGreaterThan(0);

    smtp = await startSmtpServer({ port });
    const { received } = await mailTo(smtp, buyer.user.email, /^Your tickets/);
    expect(received.messageId).toBe(`<${waiting.id}@mail.example.com>`);
    const sent = await eventually(async () => {
      const d = await setup.promoter.api.get(`/organizations/${setup.orgId}/deliveries/${waiting.id}`);
      return d.status === 'sent' ? d : undefined;
    }, 'the delivery marked sent');
    expect(sent.sentAt).not.toBeNull();
    expect(sent.lastError).toBeNull();
    expect(smtp.mails.filter((m) => m.messageId === received.messageId)).toHaveLength(1);
    // The SMTP password never reaches a log line.
    expect(lines.join('\n')).not.toContain('mail-secret');
  });
});

describe.runIf(postgresAvailable())('outbox on a Postgres server shared by two cloud instances', () => {
  it('every confirmation goes out exactly once, whichever instance took the order or sent the mail', async () => {
    const smtp = await startSmtpServer();
    const databaseUrl = await createTestDatabase();
    const options = {
      databaseUrl,
      flags: { outboxPollMs: 20 },
      // One deployment: the instances share the JWT secret, as the README says they must.
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: FROM,
        TIXMO_JWT_SECRET: 'a shared secret of at least thirty-two characters',
      },
    };
    const a = await startTestCloud(options);
    const b = await startTestCloud(options);
    try {
      const setup = await setupEvent(a.api, { quantity: 500 });
      const clouds = [a, b];
      const buyers = await Promise.all(
        Array.from({ length: 24 }, (_, i) => registerAccount(clouds[i % 2]!.api, `Shared Buyer ${i}`)),
      );
      const orders = await Promise.all(
        buyers.map(async (buyer, i) => {
          const api = clouds[(i + 1) % 2]!.api.as(buyer.accessToken);
          if (i % 3 === 0) {
            const order = await api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
            await clouds[i % 2]!.api.as(setup.promoter.accessToken).post(`/orders/${order.id}/confirm`);
            return order;
          }
          return api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
        }),
      );
      expect(orders).toHaveLength(24);
      // Each buyer: a welcome and a ticket mail; the promoter: a welcome.
      await smtp.waitFor(24 * 2 + 1);
      await a.outbox.drain();
      await b.outbox.drain();
      const ids = smtp.mails.map((m) => m.messageId);
      expect(ids.every((id) => /^<[0-9a-f-]{36}@mail\.example\.com>$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(24 * 2 + 1);
      for (const buyer of buyers) {
        const theirs = smtp.mails.filter((m) => m.to.includes(buyer.user.email));
        expect(theirs).toHaveLength(2);
      }
      // Every one of those messages is also one in-app push (welcome, tickets), each sent once.
      // The SMTP server can have a mail before its sender has recorded it (another loop's
      // settle may still be in flight after the drains): wait for the count, then check it.
      const sent = () => a.outbox.totals.sent + b.outbox.totals.sent;
      await eventually(() => (sent() >= 2 * (24 * 2 + 1) ? true : undefined), 'every message recorded sent');
      expect(sent()).toBe(2 * (24 * 2 + 1));
    } finally {
      await a.close();
      await b.close();
      await smtp.close();
    }
  });
});
