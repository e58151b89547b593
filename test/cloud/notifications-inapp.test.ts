import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { mailTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.ts';
import { expectErrorBody, rawRequest } from './support.ts';

interface Pushed {
  id: string;
  kind: string;
  title: string;
  body: string;
  category: string;
}

/** A signed-in client's live socket and everything it has been pushed. */
async function connect(cloud: TestCloud, token: string): Promise<{ socket: Socket; pushed: Pushed[] }> {
  const socket = io(`${cloud.url}/notifications`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  const pushed: Pushed[] = [];
  socket.on('notification', (n: Pushed) => pushed.push(n));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, pushed };
}

describe('in-app notifications', () => {
  let smtp: TestSmtpServer;
  let cloud: TestCloud;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cloud = await startTestCloud({
      flags: { outboxPollMs: 50 },
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'TixMo <tickets@mail.example.com>' },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cloud?.close();
    await smtp?.close();
  });

  it('pushes a new notification live to its own account’s socket only, and refuses a socket without a valid token', async () => {
    const ada = await registerAccount(cloud.api, 'Ada');
    const bob = await registerAccount(cloud.api, 'Bob');
    const adaLive = await connect(cloud, ada.accessToken);
    const bobLive = await connect(cloud, bob.accessToken);
    sockets.push(adaLive.socket, bobLive.socket);

    const queued = await ada.api.post('/me/notifications/test');
    expect(queued.queued).toBe(true);
    await eventually(() => adaLive.pushed.find((n) => n.kind === 'notification.test'), 'Ada’s push');
    const pushed = adaLive.pushed.find((n) => n.kind === 'notification.test')!;
    expect(pushed).toMatchObject({ title: 'Test notification', category: 'transactional' });
    const inbox = await ada.api.get('/me/notifications');
    expect(inbox.data.map((n: Pushed) => n.id)).toContain(pushed.id);

    // Bob's own test arrives on his socket; Ada's never did.
    await bob.api.post('/me/notifications/test');
    await eventually(() => bobLive.pushed.find((n) => n.kind === 'notification.test'), 'Bob’s push');
    expect(bobLive.pushed.map((n) => n.id)).not.toContain(pushed.id);
    const bobInbox = await bob.api.get('/me/notifications');
    expect(bobLive.pushed.every((n) => bobInbox.data.some((m: Pushed) => m.id === n.id))).toBe(true);

    // The test mail went out too (transactional: no unsubscribe header).
    const { parsed } = await mailTo(smtp, ada.user.email, /test message/);
    expect(parsed.headerLines.map((h) => h.key)).not.toContain('list-unsubscribe');

    for (const auth of [{}, { token: 'not-a-jwt' }, { token: `${ada.accessToken}x` }]) {
      const socket = io(`${cloud.url}/notifications`, {
        auth,
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(socket);
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(err.message).toMatch(/^unauthorized/);
    }
  });

  it('lists with cursor paging and the unread count; marks one and all read; another account’s is a 404', async () => {
    const ada = await registerAccount(cloud.api, 'Ada Reader');
    const eve = await registerAccount(cloud.api, 'Eve');
    for (let i = 0; i < 3; i++) await ada.api.post('/me/notifications/test');
    await cloud.outbox.drain();
    // The welcome notification plus three tests.
    const first = await ada.api.get('/me/notifications?limit=2');
    expect(first.unreadCount).toBe(4);
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBe(first.data[1].id);
    const second = await ada.api.get(`/me/notifications?limit=2&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data];
    expect(new Set(all.map((n: Pushed) => n.id)).size).toBe(4);
    expect(all.map((n: { kind: string }) => n.kind).sort()).toEqual([
      'account.registered',
      'notification.test',
      'notification.test',
      'notification.test',
    ]);
    // Newest first.
    expect([...all].sort((a, b) => (a.id < b.id ? 1 : -1))).toEqual(all);

    const target = first.data[0];
    await expectApiError(eve.api.post(`/me/notifications/${target.id}/read`), 404, 'NOT_FOUND');
    const marked = await ada.api.post(`/me/notifications/${target.id}/read`);
    expect(marked).toMatchObject({ id: target.id, read: true, unreadCount: 3 });
    const unread = await ada.api.get('/me/notifications?unread=true');
    expect(unread.data.map((n: Pushed) => n.id)).not.toContain(target.id);
    expect(unread.unreadCount).toBe(3);
    // Eve's "mark all" leaves Ada's alone.
    await eve.api.post('/me/notifications/read-all');
    expect((await ada.api.get('/me/notifications')).unreadCount).toBe(3);
    expect(await ada.api.post('/me/notifications/read-all')).toEqual({ marked: 3, unreadCount: 0 });
    expect((await eve.api.get('/me/notifications')).data.map((n: Pushed) => n.id)).not.toContain(target.id);

    expectErrorBody(
      await rawRequest(cloud, 'GET', '/me/notifications?limit=0', { token: ada.accessToken }),
      400,
      'BAD_REQUEST',
    );
    expectErrorBody(await rawRequest(cloud, 'GET', '/me/notifications'), 401, 'UNAUTHORIZED');
  });

  it('preferences: transactional cannot be turned off (400 naming it); reminders and organizer messages can', async () => {
    const ada = await registerAccount(cloud.api, 'Ada Prefs');
    const initial = await ada.api.get('/me/notification-preferences');
    expect(initial).toEqual({
      transactional: { email: true, inApp: true, canTurnOff: false },
      reminders: { email: true, inApp: true, canTurnOff: true },
      organizerMessages: { email: true, inApp: true, canTurnOff: true },
    });
    const refused = expectErrorBody(
      await rawRequest(cloud, 'PUT', '/me/notification-preferences', {
        token: ada.accessToken,
        json: { transactional: { email: false }, reminders: { email: false } },
      }),
      400,
      'BAD_REQUEST',
    );
    expect(refused.message).toMatch(/^transactional: /);
    // Nothing of the refused request was applied.
    expect(await ada.api.get('/me/notification-preferences')).toEqual(initial);
    const bad = expectErrorBody(
      await rawRequest(cloud, 'PUT', '/me/notification-preferences', {
        token: ada.accessToken,
        json: { reminders: { email: 'no' } },
      }),
      400,
      'BAD_REQUEST',
    );
    expect(bad.message).toMatch(/reminders\.email/);

    const updated = await ada.api.request('PUT', '/me/notification-preferences', {
      reminders: { email: false },
      organizerMessages: { inApp: false },
    });
    expect(updated.reminders).toEqual({ email: false, inApp: true, canTurnOff: true });
    expect(updated.organizerMessages).toEqual({ email: true, inApp: false, canTurnOff: true });
    const again = await ada.api.request('PUT', '/me/notification-preferences', {
      reminders: { inApp: false },
    });
    expect(again.reminders).toEqual({ email: false, inApp: false, canTurnOff: true });
  });

  it('non-transactional mail carries RFC 8058 List-Unsubscribe headers; the one-click POST works without sign-in and turns the category off', async () => {
    const setup = await setupEvent(cloud.api);
    const holder = await buyFree(setup.freeTierId, await registerAccount(cloud.api, 'Holder'));
    const message = { subject: 'Doors at 19:00', body: 'Bring your ID.' };
    await setup.promoter.api.post(`/events/${setup.eventId}/messages`, message);
    const { parsed } = await mailTo(smtp, holder.user.email, /Doors at 19:00/);
    const line = (key: string) => parsed.headerLines.find((h) => h.key === key)?.line;
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = /^List-Unsubscribe: <(https?:\/\/[^>]+)>$/.exec(line('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(url).toMatch(new RegExp(`^${cloud.url}/api/v1/unsubscribe\\?token=`));
    expect(parsed.text).toContain(url);

    // GET only shows a confirmation (link scanners follow links): nothing changes.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const pageText = await page.text();
    expect(pageText).toContain('method="post"');
    expect((await holder.api.get('/me/notification-preferences')).organizerMessages.email).toBe(true);

    // What a mail client sends for one click: a form POST, no cookie, no token of the user.
    const click = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    const prefs = await holder.api.get('/me/notification-preferences');
    expect(prefs.organizerMessages).toEqual({ email: false, inApp: true, canTurnOff: true });
    expect(prefs.reminders.email).toBe(true);

    // The next message reaches the holder in the app only.
    const before = smtp.mails.filter((m) => m.to.includes(holder.user.email)).length;
    await setup.promoter.api.post(`/events/${setup.eventId}/messages`, { subject: 'Second', body: 'Again.' });
    await cloud.outbox.drain();
    await eventually(async () => {
      const inbox = await holder.api.get('/me/notifications');
      return inbox.data.find((n: Pushed) => n.title === 'Second');
    }, 'the second message in the inbox');
    expect(smtp.mails.filter((m) => m.to.includes(holder.user.email))).toHaveLength(before);

    // A forged or altered token is a 400 naming it; nothing is changed.
    const forged = url.replace(/organizerMessages\.[^&]+$/, 'reminders.AAAA');
    for (const bad of [forged, `${cloud.url}/api/v1/unsubscribe?token=x`]) {
      const res = await fetch(bad, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^token: /);
    }
    expect((await holder.api.get('/me/notification-preferences')).reminders.email).toBe(true);
  });

  async function buyFree(tierId: string, buyer: Account): Promise<Account> {
    const order = await buyer.api.post('/orders', { items: [{ tierId, quantity: 1 }] });
    expect(order.status).toBe('CONFIRMED');
    return buyer;
  }
});
