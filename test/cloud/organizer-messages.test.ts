import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { mailTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.ts';
import { expectErrorBody, rawRequest } from './support.ts';

describe('organizer messages', () => {
  let smtp: TestSmtpServer;
  let cloud: TestCloud;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cloud = await startTestCloud({
      flags: { outboxPollMs: 50, organizerMessagesPerHour: 3 },
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'TixMo <tickets@mail.example.com>' },
    });
  });
  afterAll(async () => {
    await cloud?.close();
    await smtp?.close();
  });

  async function holderOf(tierId: string, name: string): Promise<Account> {
    const buyer = await registerAccount(cloud.api, name);
    const order = await buyer.api.post('/orders', { items: [{ tierId, quantity: 1 }] });
    expect(order.status).toBe('CONFIRMED');
    return buyer;
  }

  it('previews (count and rendered mail, nothing sent), then sends to the tier’s holders by mail and in-app, recorded with its sender; values cannot inject HTML or headers', async () => {
    const setup = await setupEvent(cloud.api);
    const vip = await cloud.api
      .as(setup.promoter.accessToken)
      .post(`/events/${setup.eventId}/tiers`, { name: 'VIP', priceCents: 0, quantity: 10 });
    const guests = [
      await holderOf(setup.freeTierId, 'Guest <b>One</b>'),
      await holderOf(setup.freeTierId, 'Guest Two'),
    ];
    const vipHolder = await holderOf(vip.id, 'Vip Holder');
    const message = {
      subject: 'Parking <script>x</script> & more',
      body: 'Lot B is closed.\n\n<img src=x onerror=alert(1)> <a href="javascript:evil()">click</a>',
      tierId: setup.freeTierId,
    };

    const preview = await setup.promoter.api.post(`/events/${setup.eventId}/messages/preview`, message);
    expect(preview.recipientCount).toBe(2);
    expect(preview.subject).toBe('Show: Parking <script>x</script> & more');
    expect(preview.text).toContain('Lot B is closed.');
    expect(preview.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(preview.html).toContain('Parking &lt;script&gt;x&lt;/script&gt; &amp; more');
    expect(preview.html).not.toMatch(/<img|<script|<a href="javascript/);
    const everyone = await setup.promoter.api.post(`/events/${setup.eventId}/messages/preview`, {
      subject: 'All',
      body: 'All of you.',
    });
    expect(everyone.recipientCount).toBe(3);
    // A preview sends nothing and records nothing.
    await cloud.outbox.drain();
    expect((await setup.promoter.api.get(`/events/${setup.eventId}/messages`)).data).toEqual([]);
    expect(
      (await guests[1]!.api.get('/me/notifications')).data.map((n: { kind: string }) => n.kind),
    ).not.toContain('organizer.message');

    const sent = await setup.promoter.api.post(`/events/${setup.eventId}/messages`, message);
    expect(sent).toMatchObject({
      eventId: setup.eventId,
      tierId: setup.freeTierId,
      subject: message.subject,
      recipientCount: 2,
      sentBy: { id: setup.promoter.user.id, name: 'Promoter', email: setup.promoter.user.email },
    });
    expect((await setup.promoter.api.get(`/events/${setup.eventId}/messages`)).data).toEqual([sent]);

    for (const guest of guests) {
      const { received, parsed } = await mailTo(smtp, guest.user.email, /^Show: Parking/);
      expect(parsed.subject).toBe('Show: Parking <script>x</script> & more');
      const html = String(parsed.html);
      expect(html).not.toMatch(/<img|<script|<a href="javascript/i);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(parsed.text).toContain('<img src=x onerror=alert(1)>');
      expect(received.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      const inbox = await eventually(async () => {
        const page = await guest.api.get('/me/notifications');
        return page.data.find((n: { kind: string }) => n.kind === 'organizer.message');
      }, 'the message in the guest’s inbox');
      expect(inbox).toMatchObject({
        title: message.subject,
        body: message.body,
        category: 'organizerMessages',
      });
    }
    // The guest whose name holds markup is greeted with it escaped.
    const { parsed: first } = await mailTo(smtp, guests[0]!.user.email, /^Show: Parking/);
    expect(String(first.html)).toContain('Hello Guest &lt;b&gt;One&lt;/b&gt;');
    // The VIP holder is not in that tier.
    await cloud.outbox.drain();
    expect(
      smtp.mails.some((m) => m.to.includes(vipHolder.user.email) && /Parking/.test(m.raw.toString())),
    ).toBe(false);
  });

  it('a subject with a line break is a 400 naming it; a tier of no such event is a 400 naming tierId', async () => {
    const setup = await setupEvent(cloud.api);
    const err = expectErrorBody(
      await rawRequest(cloud, 'POST', `/events/${setup.eventId}/messages`, {
        token: setup.promoter.accessToken,
        json: { subject: 'Hi\r\nBcc: victim@example.com', body: 'x' },
      }),
      400,
      'BAD_REQUEST',
    );
    expect(err.message).toMatch(/^subject: /);
    const noTier = expectErrorBody(
      await rawRequest(cloud, 'POST', `/events/${setup.eventId}/messages/preview`, {
        token: setup.promoter.accessToken,
        json: { subject: 'Hi', body: 'x', tierId: 'nope' },
      }),
      400,
      'BAD_REQUEST',
    );
    expect(noTier.message).toMatch(/^tierId: /);
  });

  it('only OWNER/ADMIN of the event’s organization: STAFF 403, another organization 404', async () => {
    const setup = await setupEvent(cloud.api);
    const staff = await registerAccount(cloud.api, 'Staff');
    const admin = await registerAccount(cloud.api, 'Admin');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: admin.user.email,
      role: 'ADMIN',
    });
    const stranger = (await setupEvent(cloud.api)).promoter;
    const body = { subject: 'Hello', body: 'Hi all.' };
    for (const path of [`/events/${setup.eventId}/messages/preview`, `/events/${setup.eventId}/messages`]) {
      await expectApiError(staff.api.post(path, body), 403, 'FORBIDDEN');
      await expectApiError(stranger.api.post(path, body), 404, 'NOT_FOUND');
    }
    await expectApiError(stranger.api.get(`/events/${setup.eventId}/messages`), 404, 'NOT_FOUND');
    const sent = await admin.api.post(`/events/${setup.eventId}/messages`, body);
    expect(sent.sentBy.id).toBe(admin.user.id);
    expect((await setup.promoter.api.get(`/events/${setup.eventId}/messages`)).data).toHaveLength(1);
  });

  it('is rate-limited per organization: the next send in the hour is a 429, another organization is unaffected', async () => {
    const setup = await setupEvent(cloud.api);
    const other = await setupEvent(cloud.api);
    const body = { subject: 'Update', body: 'News.' };
    for (let i = 0; i < 3; i++) await setup.promoter.api.post(`/events/${setup.eventId}/messages`, body);
    await expectApiError(
      setup.promoter.api.post(`/events/${setup.eventId}/messages`, body),
      429,
      'RATE_LIMITED',
    );
    // Previews are not sends.
    await setup.promoter.api.post(`/events/${setup.eventId}/messages/preview`, body);
    expect((await setup.promoter.api.get(`/events/${setup.eventId}/messages`)).data).toHaveLength(3);
    await other.promoter.api.post(`/events/${other.eventId}/messages`, body);
  });

  it('honours preferences: organizer messages turned off by mail keep the in-app row; turned off in-app keep the mail', async () => {
    const setup = await setupEvent(cloud.api);
    const noMail = await holderOf(setup.freeTierId, 'No Mail');
    const noApp = await holderOf(setup.freeTierId, 'No App');
    await noMail.api.request('PUT', '/me/notification-preferences', { organizerMessages: { email: false } });
    await noApp.api.request('PUT', '/me/notification-preferences', { organizerMessages: { inApp: false } });
    await setup.promoter.api.post(`/events/${setup.eventId}/messages`, { subject: 'Prefs check', body: 'x' });
    await mailTo(smtp, noApp.user.email, /Prefs check/);
    await cloud.outbox.drain();
    const kinds = async (a: Account) =>
      (await a.api.get('/me/notifications')).data.map((n: { kind: string }) => n.kind) as string[];
    expect(await kinds(noMail)).toContain('organizer.message');
    expect(await kinds(noApp)).not.toContain('organizer.message');
    expect(
      smtp.mails.some((m) => m.to.includes(noMail.user.email) && /Prefs check/.test(m.raw.toString())),
    ).toBe(false);
    // Transactional mail still reaches the one who turned organizer mail off.
    expect(
      smtp.mails.some((m) => m.to.includes(noMail.user.email) && /Your tickets/.test(m.raw.toString())),
    ).toBe(true);
  });
});
