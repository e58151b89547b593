import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedScan } from '../../src/sync/protocol.ts';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount } from '../helpers/factories.ts';
import { refund, type ShopSetup, sell, shop } from './analytics-support.ts';
import { rawRequest, scanRow } from './support.ts';

let cloud: TestCloud;
let s: ShopSetup;
let nodeB: { id: string; token: string };
const t: Record<string, string> = {};

const at = (hms: string) => `2028-06-01T${hms}Z`;
const hlc = (hms: string, node: string) => `${String(Date.parse(at(hms))).padStart(13, '0')}-00000-${node}`;
const row = (seq: number, node: string, hms: string, fields: Partial<UploadedScan>) =>
  scanRow(seq, { eventId: s.eventId, at: at(hms), hlc: hlc(hms, node), ...fields });

async function upload(node: { id: string; token: string }, scans: UploadedScan[]) {
  const res = await rawRequest(cloud, 'POST', '/sync/scans', {
    token: node.token,
    json: { nodeId: node.id, scans },
  });
  expect(res.status, res.text).toBe(200);
}

// The door's queries run side by side on a Postgres server's pool and one by one on PGlite: both are checked.
describe.each(['PGlite', 'Postgres'] as const)('%s', (engine) => {
  /**
   * Known sales, a refund, a cancellation and a hold, then scans from two gates (one of them
   * uploading first though it scanned later) and one gate of another venue, read back as the
   * door's exact figures.
   */
  beforeAll(async () => {
    cloud = await startTestCloud(engine === 'Postgres' ? { databaseUrl: await createTestDatabase() } : {});
    s = await shop(cloud.api);
    nodeB = await s.promoter.api.post(`/venues/${s.venueId}/edge-nodes`, { name: 'South gate' });
    const ann = await registerAccount(cloud.api, 'Ann');
    const bob = await registerAccount(cloud.api, 'Bob');
    const now = new Date().toISOString();
    await sell(cloud, s, ann, now, [{ tierId: s.ga, quantity: 4 }]);
    const y = await sell(cloud, s, bob, now, [{ tierId: s.ga, quantity: 2 }]);
    await sell(cloud, s, bob, now, [{ tierId: s.vip, quantity: 1 }]);
    await refund(cloud, s, y, now);
    await bob.api.post('/orders', { items: [{ tierId: s.ga, quantity: 3 }] }); // held, never paid
    const annTickets = (await ann.api.get('/me/tickets')).data;
    const bobTickets = (await bob.api.get('/me/tickets')).data;
    const ga = (list: { tierId: string; id: string }[]) =>
      list.filter((x) => x.tierId === s.ga).map((x) => x.id);
    [t.x1, t.x2, t.x3, t.x4] = ga(annTickets) as [string, string, string, string];
    [t.y1] = ga(bobTickets) as [string];
    t.z1 = bobTickets.find((x: { tierId: string }) => x.tierId === s.vip).id;
    await s.promoter.api.post(`/tickets/${t.x4}/cancel`);

    // Gate B (exits, then a re-entry) uploads before gate A.
    await upload(nodeB, [
      row(1, 'b', '17:08:00', { ticketId: t.x1, laneId: 'south', direction: 'exit' }),
      row(2, 'b', '17:20:00', { ticketId: t.x1, laneId: 'south' }),
    ]);
    await upload(s.node, [
      row(1, 'a', '17:00:10', { ticketId: t.x1 }),
      row(2, 'a', '17:02:00', { ticketId: t.x2 }),
      row(3, 'a', '17:03:00', { ticketId: t.x1, decision: 'reject', reason: 'already_inside' }),
      row(4, 'a', '17:04:00', { ticketId: t.y1, decision: 'reject', reason: 'revoked' }),
      row(5, 'a', '17:07:00', { ticketId: t.z1, kind: 'manual_admit', note: 'VIP list' }),
      row(6, 'a', '17:21:00', { ticketId: t.x2, kind: 'annul', note: 'turned back' }),
      row(7, 'a', '17:22:00', { ticketId: null, eventId: null, decision: 'reject', reason: 'malformed' }),
      row(8, 'a', '17:23:00', { ticketId: null, decision: 'reject', reason: 'ok', kind: 'direction' }),
    ]);
    // A node of another venue cannot add to this event's door.
    const other = await shop(cloud.api);
    await upload(other.node, [row(1, 'z', '17:05:00', { ticketId: t.x3 })]);
    const heartbeat = {
      sentAt: new Date().toISOString(),
      manifest: { cursor: '', syncedAt: null, tickets: 7 },
      upload: { lastSeq: 8, ackedSeq: 8 },
      clock: { offsetMs: 0, boundMs: 5 },
      peers: [],
      lanes: [
        {
          id: 'north-1',
          direction: 'entry',
          devices: [
            { type: 'serial', path: '/dev/ttyACM0', state: 'disconnected', role: 'scanner' },
            { type: 'relay', path: '/dev/ttyUSB0', state: 'open', role: 'actuator' },
          ],
        },
        {
          id: 'vip',
          direction: 'entry',
          devices: [{ type: 'hid', path: '/dev/hidraw0', state: 'open', role: 'scanner' }],
        },
      ],
    };
    const res = await rawRequest(cloud, 'POST', '/sync/heartbeat', { token: s.node.token, json: heartbeat });
    expect(res.status, res.text).toBe(200);
  });
  afterAll(async () => {
    await cloud?.close();
  });

  describe('door figures', () => {
    it('tickets by tier and state, check-in rate, occupancy, capacity and the exact peak', async () => {
      const door = await s.promoter.api.get(`/events/${s.eventId}/analytics/door`);
      expect(door.tiers).toEqual([
        {
          tierId: s.ga,
          name: 'GA',
          quantity: 100,
          sold: 3,
          held: 3,
          refunded: 2,
          cancelled: 1,
          checkedIn: 1,
        },
        {
          tierId: s.vip,
          name: 'VIP',
          quantity: 20,
          sold: 1,
          held: 0,
          refunded: 0,
          cancelled: 0,
          checkedIn: 1,
        },
      ]);
      expect(door.totals).toEqual({
        quantity: 120,
        sold: 4,
        held: 3,
        refunded: 2,
        cancelled: 1,
        checkedIn: 2,
        checkInRate: 0.5,
        entries: 3,
        exits: 1,
        inside: 2,
        capacityPercent: 1,
      });
      expect(door.capacity).toBe(200);
      expect(door.peak).toEqual({ inside: 3, at: at('17:07:00.000') });
    });

    it('entries and exits per 15, 5 and 60 minutes, labelled in the venue’s zone or a requested one', async () => {
      const q15 = await s.promoter.api.get(`/events/${s.eventId}/analytics/door`);
      expect(q15.timeline).toEqual({
        intervalMinutes: 15,
        buckets: [
          { start: at('17:00:00.000'), local: '2028-06-01T19:00', entries: 3, exits: 1 },
          { start: at('17:15:00.000'), local: '2028-06-01T19:15', entries: 0, exits: 0 },
        ],
      });
      const q5 = await s.promoter.api.get(`/events/${s.eventId}/analytics/door?interval=5`);
      expect(
        q5.timeline.buckets.map((b: { entries: number; exits: number }) => [b.entries, b.exits]),
      ).toEqual([
        [2, 0],
        [1, 1],
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
      expect(q5.timeline.buckets[1].start).toBe(at('17:05:00.000'));
      const q60 = await s.promoter.api.get(`/events/${s.eventId}/analytics/door?interval=60`);
      expect(q60.timeline.buckets).toEqual([
        { start: at('17:00:00.000'), local: '2028-06-01T19:00', entries: 3, exits: 1 },
      ]);
      // India is 5:30 ahead: its hour 22:00 runs 16:30–17:30 UTC.
      const india = await s.promoter.api.get(
        `/events/${s.eventId}/analytics/door?interval=60&timezone=Asia/Kolkata`,
      );
      expect(india.timeline.buckets).toEqual([
        { start: at('16:30:00.000'), local: '2028-06-01T22:00', entries: 3, exits: 1 },
      ]);
    });

    it('per node and lane: scans, admits, rejects by reason, last scan and the devices’ states', async () => {
      const door = await s.promoter.api.get(`/events/${s.eventId}/analytics/door`);
      expect(door.gates).toEqual([
        {
          nodeId: s.node.id,
          name: 'North gate',
          heartbeatAt: expect.any(String),
          lanes: [
            {
              laneId: 'north-1',
              direction: 'entry',
              scans: 5,
              admits: 2,
              rejects: 2,
              rejectsByReason: { already_inside: 1, revoked: 1 },
              manual: 1,
              annulled: 1,
              lastScanAt: at('17:07:00.000'),
              devices: [
                { type: 'serial', path: '/dev/ttyACM0', state: 'disconnected', role: 'scanner' },
                { type: 'relay', path: '/dev/ttyUSB0', state: 'open', role: 'actuator' },
              ],
            },
            {
              laneId: 'vip',
              direction: 'entry',
              scans: 0,
              admits: 0,
              rejects: 0,
              rejectsByReason: {},
              manual: 0,
              annulled: 0,
              lastScanAt: null,
              devices: [{ type: 'hid', path: '/dev/hidraw0', state: 'open', role: 'scanner' }],
            },
          ],
        },
        {
          nodeId: nodeB.id,
          name: 'South gate',
          heartbeatAt: null,
          lanes: [
            {
              laneId: 'south',
              direction: null,
              scans: 2,
              admits: 2,
              rejects: 0,
              rejectsByReason: {},
              manual: 0,
              annulled: 0,
              lastScanAt: at('17:20:00.000'),
              devices: [],
            },
          ],
        },
      ]);
    });

    it('STAFF sees the door; another organization gets 404; bad input names the field', async () => {
      const staff = await registerAccount(cloud.api, 'Steward');
      await s.promoter.api.post(`/organizations/${s.orgId}/members`, {
        email: staff.user.email,
        role: 'STAFF',
      });
      expect((await staff.api.get(`/events/${s.eventId}/analytics/door`)).totals.inside).toBe(2);
      const stranger = await shop(cloud.api);
      await expectApiError(
        stranger.promoter.api.get(`/events/${s.eventId}/analytics/door`),
        404,
        'NOT_FOUND',
      );
      const bad = await expectApiError(
        s.promoter.api.get(`/events/${s.eventId}/analytics/door?interval=10`),
        400,
        'BAD_REQUEST',
      );
      expect(bad.message.startsWith('interval:')).toBe(true);
      const zone = await expectApiError(
        s.promoter.api.get(`/events/${s.eventId}/analytics/door?timezone=Europe/Atlantis`),
        400,
        'BAD_REQUEST',
      );
      expect(zone.message.startsWith('timezone:')).toBe(true);
    });
  });
});
