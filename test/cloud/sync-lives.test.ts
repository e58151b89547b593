import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scans } from '../../src/cloud/db/schema.ts';
import { newId } from '../../src/shared/ids.ts';
import { type VenueAdmission, venueAdmissionsPageSchema } from '../../src/sync/protocol.ts';
import type { SyncStatus } from '../../src/sync/reconcile.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest, scanRow } from './support.ts';

/**
 * A node's journal lives (docs/journal-incarnations.md): an edge whose data dir was
 * wiped keeps its node token but journals under a new incarnation, its seqs starting at 1.
 */
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

const upload = (node: { id: string; token: string }, rows: unknown[]) =>
  rawRequest(cloud, 'POST', '/sync/scans', { token: node.token, json: { nodeId: node.id, scans: rows } });

async function stored(nodeId: string, incarnation: string): Promise<number[]> {
  const rows = await cloud.deps.db
    .select({ seq: scans.seq })
    .from(scans)
    .where(and(eq(scans.nodeId, nodeId), eq(scans.incarnation, incarnation)))
    .orderBy(asc(scans.seq));
  return rows.map((r) => Number(r.seq));
}

async function admissions(token: string, limit: number): Promise<VenueAdmission[]> {
  const rows: VenueAdmission[] = [];
  let cursor = '';
  for (let page = 0; page < 100; page++) {
    const res = await rawRequest(cloud, 'GET', `/sync/admissions?limit=${limit}&cursor=${cursor}`, { token });
    expect(res.status, res.text).toBe(200);
    const body = venueAdmissionsPageSchema.parse(res.body);
    rows.push(...body.rows);
    cursor = body.cursor;
    if (!body.hasMore) return rows;
  }
  throw new Error('admissions paging does not end');
}

describe('sync: journal lives', () => {
  let setup: PromoterSetup;
  let codes: { id: string }[];
  const life = newId();
  const admit = (seq: number, ticket: number, extra = {}) =>
    scanRow(seq, { ticketId: codes[ticket]!.id, eventId: setup.eventId, ...extra });

  beforeAll(async () => {
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 8));
  });

  describe('happy path', () => {
    it('stores a new life’s rows from seq 1 again instead of dropping them as re-sends, each life exactly once', async () => {
      const before = await upload(
        setup.node,
        [1, 2, 3, 4, 5].map((seq) => admit(seq, seq - 1)),
      );
      expect(before.body).toEqual({ ackedSeq: 5, accepted: 5 });
      const rows = [admit(1, 5, { incarnation: life }), admit(2, 6, { incarnation: life })];
      const after = await upload(setup.node, rows);
      expect(after.body).toEqual({ ackedSeq: 2, accepted: 2, incarnation: life });
      expect((await upload(setup.node, rows)).body).toEqual({ ackedSeq: 2, accepted: 0, incarnation: life });
      // The pre-incarnation life still acknowledges its own run.
      expect((await upload(setup.node, [admit(5, 4)])).body).toEqual({ ackedSeq: 5, accepted: 0 });
      expect(await stored(setup.node.id, '')).toEqual([1, 2, 3, 4, 5]);
      expect(await stored(setup.node.id, life)).toEqual([1, 2]);
      const att = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
      expect(att).toMatchObject({ entries: 7, inside: 7 });
    });

    it('hands a node the admissions of every node and life of its venue, paged, without rejects', async () => {
      const other = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
      await upload(other, [
        admit(1, 7, { laneId: 'south' }),
        admit(2, 7, { decision: 'reject', reason: 'already_inside' }),
      ]);
      const rows = await admissions(other.token, 2);
      const keys = rows.map(
        (r) => `${r.nodeId === setup.node.id ? 'A' : 'B'}/${r.incarnation ?? ''}/${r.seq}`,
      );
      expect(keys.sort()).toEqual(
        ['A//1', 'A//2', 'A//3', 'A//4', 'A//5', `A/${life}/1`, `A/${life}/2`, 'B//1'].sort(),
      );
      expect(new Set(rows.map((r) => r.ticketId)).size).toBe(8);
      expect(rows.every((r) => r.decision === 'admit' && r.eventId === setup.eventId)).toBe(true);
      expect(await admissions(other.token, 5000)).toEqual(rows);
    });

    it('tells ops when a node’s data dir was replaced and how many scans its earlier life never uploaded', async () => {
      const beat = (lastSeq: number, ackedSeq: number, incarnation?: string) =>
        rawRequest(cloud, 'POST', '/sync/heartbeat', {
          token: setup.node.token,
          json: {
            sentAt: new Date().toISOString(),
            manifest: { cursor: 'c', syncedAt: new Date().toISOString(), tickets: 8 },
            upload: { lastSeq, ackedSeq, ...(incarnation ? { incarnation } : {}) },
            clock: { offsetMs: 0, boundMs: 2000 },
            peers: [],
          },
        });
      // The old data dir said it journaled 7 (two never uploaded) before it was wiped.
      expect((await beat(7, 5)).status).toBe(200);
      expect((await beat(3, 2, life)).status).toBe(200);
      const s = await setup.promoter.api.get<SyncStatus>(`/venues/${setup.venueId}/sync-status`);
      const a = s.nodes.find((n) => n.nodeId === setup.node.id)!;
      expect(a).toMatchObject({
        incarnation: life,
        ackedSeq: 2,
        backlog: 1,
        earlierLives: 1,
        earlierNotUploaded: 2,
        journalSince: expect.any(String),
      });
      expect(a.problems).toContainEqual(
        expect.stringMatching(/^2 scans of an earlier data dir never uploaded/),
      );
    });
  });

  describe('errors', () => {
    it('a batch mixing two lives is 400 naming scans and stores nothing', async () => {
      const s = await setupEvent(cloud.api);
      const res = await upload(s.node, [scanRow(1), scanRow(2, { incarnation: newId() })]);
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^scans: /);
      expect(await stored(s.node.id, '')).toEqual([]);
    });

    it('a bad incarnation, cursor or limit is 400 naming the field; no token is 401', async () => {
      const s = await setupEvent(cloud.api);
      const bad = await upload(s.node, [scanRow(1, { incarnation: 'no spaces; please' })]);
      expect(expectErrorBody(bad, 400, 'BAD_REQUEST').message).toMatch(/^scans\.0\.incarnation: /);
      const token = s.node.token;
      for (const [query, field] of [
        ['cursor=not-a-cursor', 'cursor'],
        [`cursor=${Buffer.from('["a","b","c"]').toString('base64url')}`, 'cursor'],
        ['limit=0', 'limit'],
        ['limit=99999', 'limit'],
      ]) {
        const res = await rawRequest(cloud, 'GET', `/sync/admissions?${query}`, { token });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(new RegExp(`^${field}: `));
      }
      expectErrorBody(await rawRequest(cloud, 'GET', '/sync/admissions'), 401, 'UNAUTHORIZED');
    });
  });

  describe('security', () => {
    it('a node of another venue, or of another organization, gets none of these admissions', async () => {
      const stranger = await setupEvent(cloud.api);
      expect(await admissions(stranger.node.token, 100)).toEqual([]);
      const venue = await setup.promoter.api.post(`/organizations/${setup.orgId}/venues`, {
        name: 'Other hall',
        capacity: 10,
      });
      const node = await setup.promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'Hall gate' });
      // A scan another venue's node uploaded for this event does not leak into either venue's list.
      await upload(node, [admit(1, 0)]);
      expect(await admissions(node.token, 100)).toEqual([]);
      expect((await admissions(setup.node.token, 100)).some((r) => r.nodeId === node.id)).toBe(false);
    });

    it('leaves out admissions of events that ended more than a day ago', async () => {
      const past = await setupEvent(cloud.api, { startsInMs: -3 * 24 * 3600_000 });
      const res = await upload(past.node, [scanRow(1, { ticketId: newId(), eventId: past.eventId })]);
      expect(res.body).toEqual({ ackedSeq: 1, accepted: 1 });
      expect(await admissions(past.node.token, 100)).toEqual([]);
    });
  });
});
