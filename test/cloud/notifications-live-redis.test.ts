import { io, type Socket } from 'socket.io-client';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, postgresAvailable, startTestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const redisUrl = inject('redisUrl') ?? undefined;
if (!redisUrl && process.env.CI)
  throw new Error('no test Redis server under CI: install the Debian package redis-server');

interface Pushed {
  id: string;
  kind: string;
  title: string;
  body: string;
}

async function connect(url: string, token: string): Promise<{ socket: Socket; pushed: Pushed[] }> {
  const socket = io(`${url}/notifications`, {
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

describe.runIf(postgresAvailable() && redisUrl)(
  'live push across two cloud instances (Postgres + Redis)',
  () => {
    it('a socket on instance A receives what instance B caused and delivered; nobody else’s socket does', async () => {
      const databaseUrl = await createTestDatabase();
      const options = {
        databaseUrl,
        redisUrl,
        redisPrefix: `test-live-${process.pid}-${Date.now()}:`,
        flags: { outboxPollMs: 20 },
        env: { TIXMO_JWT_SECRET: 'a shared secret of at least thirty-two characters' },
      };
      const a = await startTestCloud(options);
      const b = await startTestCloud(options);
      const sockets: Socket[] = [];
      try {
        const setup = await setupEvent(b.api);
        const holder = await registerAccount(b.api, 'Holder on A');
        const other = await registerAccount(a.api, 'Bystander on A');
        await holder.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
        await b.outbox.drain();
        // Only B delivers from here on: whatever reaches A's sockets came through Redis.
        await a.outbox.close();

        const onA = await connect(a.url, holder.accessToken);
        const bystander = await connect(a.url, other.accessToken);
        sockets.push(onA.socket, bystander.socket);

        await b.api
          .as(setup.promoter.accessToken)
          .post(`/events/${setup.eventId}/messages`, { subject: 'Gates open early', body: 'From 18:00.' });
        const pushed = await eventually(
          () => onA.pushed.find((n) => n.kind === 'organizer.message'),
          'the organizer message pushed to the socket on A',
        );
        expect(pushed).toMatchObject({ title: 'Gates open early', body: 'From 18:00.' });
        await b.api.as(holder.accessToken).post('/me/notifications/test');
        await eventually(() => onA.pushed.find((n) => n.kind === 'notification.test'), 'the test push on A');

        // The bystander's own test send reaches the bystander, and nothing of the holder's ever did.
        await b.api.as(other.accessToken).post('/me/notifications/test');
        await eventually(
          () => bystander.pushed.find((n) => n.kind === 'notification.test'),
          'the bystander’s push',
        );
        expect(bystander.pushed.map((n) => n.kind)).toEqual(['notification.test']);
        const inbox = await a.api.as(holder.accessToken).get('/me/notifications');
        expect(onA.pushed.every((n) => inbox.data.some((m: Pushed) => m.id === n.id))).toBe(true);
      } finally {
        for (const s of sockets) s.close();
        await a.close();
        await b.close();
      }
    });
  },
);
