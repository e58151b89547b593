import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromoterFeed } from '../../src/cloud/live/promoter-feed.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, registerAccount } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { rawRequest, scanRow } from './support.ts';

/**
 * The promoters' live view costs queries (its peak walk reads every admission of the
 * event). A busy gate uploads all the time; with no member watching, the cloud must not
 * spend that work on every upload window.
 */
describe('the promoters’ live feed with nobody watching', () => {
  let cloud: TestCloud;
  let promoter: Account;
  let socket: Socket | undefined;

  beforeAll(async () => {
    cloud = await startTestCloud();
    promoter = await registerAccount(cloud.api, 'Promoter');
  });
  afterAll(async () => {
    socket?.close();
    await cloud?.close();
  });

  it('computes no view while nobody watches, and one as soon as someone does', async () => {
    const org = await promoter.api.post('/organizations', { name: 'Idle Promotions' });
    const venue = await promoter.api.post(`/organizations/${org.id}/venues`, { name: 'Hall', capacity: 300 });
    const node = await promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'North gate' });
    const now = Date.now();
    const event = await promoter.api.post('/events', {
      venueId: venue.id,
      name: 'Open doors',
      startsAt: new Date(now - 30 * 60_000).toISOString(),
      endsAt: new Date(now + 3 * 3600_000).toISOString(),
    });
    await promoter.api.post(`/events/${event.id}/publish`);
    const feed = cloud.deps.live as PromoterFeed;
    const upload = async (seq: number) => {
      const res = await rawRequest(cloud, 'POST', '/sync/scans', {
        token: node.token,
        json: {
          nodeId: node.id,
          scans: [
            scanRow(seq, {
              eventId: event.id,
              decision: 'reject',
              reason: 'unknown_ticket',
              at: new Date(now - 60_000 + seq * 1000).toISOString(),
            }),
          ],
        },
      });
      expect(res.status, res.text).toBe(200);
    };

    await upload(1);
    await eventually(async () => (feed.counts.unwatched >= 1 ? true : undefined), 'the change is looked at');
    expect(feed.counts.computed).toBe(0);

    socket = io(`${cloud.url}/promoters`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: promoter.accessToken },
    });
    const seen: { eventId: string; lanes?: unknown }[] = [];
    socket.on('event', (e) => seen.push(e));
    const snapshot = await new Promise<{ eventId: string }[]>((resolve, reject) => {
      socket!.on('events', resolve);
      socket!.on('connect_error', reject);
    });
    expect(snapshot.map((e) => e.eventId)).toEqual([event.id]);

    await upload(2);
    await eventually(async () => (seen.some((e) => e.eventId === event.id) ? true : undefined), 'an update');
    expect(feed.counts.computed).toBe(1);
  });
});
