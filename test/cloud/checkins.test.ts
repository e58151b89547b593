import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/cloud/db/client.ts';
import type { UploadedScan } from '../../src/sync/protocol.ts';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { rawRequest, scanRow } from './support.ts';

let cloud: TestCloud;

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 19, minute)).toISOString();
/** An HLC stamp `minute` minutes into the evening: rows are ordered by it, not by when they arrive. */
const hlc = (minute: number, node = 'n') =>
  `${String(Date.UTC(2026, 5, 1, 19, minute)).padStart(13, '0')}-00000-${node}`;

async function upload(token: string, nodeId: string, scans: UploadedScan[]) {
  const res = await rawRequest(cloud, 'POST', '/sync/scans', { token, json: { nodeId, scans } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function ticketState(api: { get: (p: string) => Promise<unknown> }, ticketId: string) {
  const t = (await api.get(`/tickets/${ticketId}`)) as Record<string, unknown>;
  return { checkedInAt: t.checkedInAt, lastScanAt: t.lastScanAt, inside: t.inside };
}

// On a Postgres server too: there, two uploads about one ticket really run at once.
describe.each(['PGlite', 'Postgres'] as const)('check-in state from uploaded scans (%s)', (engine) => {
  beforeAll(async () => {
    cloud = await startTestCloud(engine === 'Postgres' ? { databaseUrl: await createTestDatabase() } : {});
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('a fresh ticket reads as never used, in GET /tickets/:id and /me/tickets', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    expect(await ticketState(buyer.api, tickets[0]!.id)).toEqual({
      checkedInAt: null,
      lastScanAt: null,
      inside: false,
    });
    const mine = await buyer.api.get('/me/tickets');
    expect(mine.data[0]).toMatchObject({ checkedInAt: null, lastScanAt: null, inside: false });
  });

  it('entry, exit and re-entry set first admission, last scan and inside; rejects change nothing', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    const t = { ticketId: tickets[0]!.id, eventId: setup.eventId };
    await upload(setup.node.token, setup.node.id, [
      scanRow(1, { ...t, at: at(1), hlc: hlc(1) }),
      scanRow(2, { ...t, decision: 'reject', reason: 'already_inside', at: at(2), hlc: hlc(2) }),
    ]);
    expect(await ticketState(buyer.api, t.ticketId)).toEqual({
      checkedInAt: at(1),
      lastScanAt: at(1),
      inside: true,
    });
    await upload(setup.node.token, setup.node.id, [
      scanRow(3, { ...t, direction: 'exit', at: at(30), hlc: hlc(30) }),
    ]);
    expect(await ticketState(buyer.api, t.ticketId)).toEqual({
      checkedInAt: at(1),
      lastScanAt: at(30),
      inside: false,
    });
    await upload(setup.node.token, setup.node.id, [scanRow(4, { ...t, at: at(45), hlc: hlc(45) })]);
    const mine = await buyer.api.get('/me/tickets');
    expect(mine.data[0]).toMatchObject({ checkedInAt: at(1), lastScanAt: at(45), inside: true });
    // The organization sees it too.
    expect(await ticketState(setup.promoter.api, t.ticketId)).toEqual({
      checkedInAt: at(1),
      lastScanAt: at(45),
      inside: true,
    });
  });

  it('follows HLC order across nodes, not the order uploads arrive in', async () => {
    const setup = await setupEvent(cloud.api);
    const nodeB = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    const t = { ticketId: tickets[0]!.id, eventId: setup.eventId };
    // Gate B let the person out at 19:40 and uploads first; gate A's entry at 19:10 arrives later.
    await upload(nodeB.token, nodeB.id, [
      scanRow(1, { ...t, direction: 'exit', laneId: 'out', at: at(40), hlc: hlc(40, 'b') }),
    ]);
    await upload(setup.node.token, setup.node.id, [scanRow(1, { ...t, at: at(10), hlc: hlc(10, 'a') })]);
    expect(await ticketState(buyer.api, t.ticketId)).toEqual({
      checkedInAt: at(10),
      lastScanAt: at(40),
      inside: false,
    });
  });

  it('an annulled first admission clears the check-in; an annulled later one keeps the first', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 2);
    const [one, two] = tickets.map((x) => ({ ticketId: x.id, eventId: setup.eventId }));
    await upload(setup.node.token, setup.node.id, [
      scanRow(1, { ...one, at: at(1), hlc: hlc(1) }),
      scanRow(2, { ...one, kind: 'annul', note: 'turned back', at: at(2), hlc: hlc(2) }),
      scanRow(3, { ...two, at: at(3), hlc: hlc(3) }),
      scanRow(4, { ...two, direction: 'exit', at: at(4), hlc: hlc(4) }),
      scanRow(5, { ...two, at: at(5), hlc: hlc(5) }),
      scanRow(6, { ...two, kind: 'annul', note: 'no passage', at: at(6), hlc: hlc(6) }),
    ]);
    expect(await ticketState(buyer.api, one!.ticketId)).toEqual({
      checkedInAt: null,
      lastScanAt: at(1),
      inside: false,
    });
    expect(await ticketState(buyer.api, two!.ticketId)).toEqual({
      checkedInAt: at(3),
      lastScanAt: at(5),
      inside: false,
    });
    // An annulled exit puts the person back inside.
    await upload(setup.node.token, setup.node.id, [
      scanRow(7, { ...two, at: at(7), hlc: hlc(7) }),
      scanRow(8, { ...two, direction: 'exit', at: at(8), hlc: hlc(8) }),
      scanRow(9, { ...two, direction: 'exit', kind: 'annul', note: 'came back', at: at(9), hlc: hlc(9) }),
    ]);
    expect(await ticketState(buyer.api, two!.ticketId)).toEqual({
      checkedInAt: at(3),
      lastScanAt: at(8),
      inside: true,
    });
    // A ticket with no admission standing may change attendee again.
    await buyer.api.request('PATCH', `/tickets/${one!.ticketId}`, { attendeeName: 'Ann' });
  });

  it('a node of another venue cannot check a ticket in', async () => {
    const setup = await setupEvent(cloud.api);
    const other = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    await upload(other.node.token, other.node.id, [
      scanRow(1, { ticketId: tickets[0]!.id, eventId: setup.eventId, at: at(1), hlc: hlc(1) }),
    ]);
    expect(await ticketState(buyer.api, tickets[0]!.id)).toEqual({
      checkedInAt: null,
      lastScanAt: null,
      inside: false,
    });
  });

  it('a node of another venue cannot undo or move a check-in either', async () => {
    const setup = await setupEvent(cloud.api);
    const other = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    const t = { ticketId: tickets[0]!.id, eventId: setup.eventId };
    await upload(setup.node.token, setup.node.id, [scanRow(1, { ...t, at: at(1), hlc: hlc(1) })]);
    const checkedIn = { checkedInAt: at(1), lastScanAt: at(1), inside: true };
    expect(await ticketState(buyer.api, t.ticketId)).toEqual(checkedIn);
    await upload(other.node.token, other.node.id, [
      scanRow(1, { ...t, direction: 'exit', at: at(5), hlc: hlc(5) }),
      scanRow(2, { ...t, kind: 'annul', at: at(6), hlc: hlc(6) }),
      scanRow(3, { ...t, at: at(7), hlc: hlc(7) }),
    ]);
    expect(await ticketState(buyer.api, t.ticketId)).toEqual(checkedIn);
  });

  it('a checked-in ticket cannot be transferred or given another attendee (409 naming the rule)', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
    const friend = await registerAccount(cloud.api, 'Friend');
    await upload(setup.node.token, setup.node.id, [
      scanRow(1, { ticketId: tickets[0]!.id, eventId: setup.eventId, at: at(1), hlc: hlc(1) }),
      scanRow(2, {
        ticketId: tickets[0]!.id,
        eventId: setup.eventId,
        direction: 'exit',
        at: at(2),
        hlc: hlc(2),
      }),
    ]);
    const transfer = await expectApiError(
      buyer.api.post(`/tickets/${tickets[0]!.id}/transfer`, { email: friend.user.email }),
      409,
      'CONFLICT',
    );
    expect(transfer.message).toMatch(/^checked_in: .*cannot be transferred/);
    const rename = await expectApiError(
      buyer.api.request('PATCH', `/tickets/${tickets[0]!.id}`, { attendeeName: 'Someone Else' }),
      409,
      'CONFLICT',
    );
    expect(rename.message).toMatch(/^checked_in: .*another attendee/);
    expect((await buyer.api.get(`/tickets/${tickets[0]!.id}`)).attendeeName).toBeNull();
  });

  it('two nodes uploading about one ticket at the same time end in the HLC-ordered state', async () => {
    const setup = await setupEvent(cloud.api);
    const nodeB = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const { buyer, tickets } = await buyTickets(cloud.api, setup, 10);
    const rowsA: UploadedScan[] = [];
    const rowsB: UploadedScan[] = [];
    tickets.forEach((tk, i) => {
      const t = { ticketId: tk.id, eventId: setup.eventId };
      rowsA.push(scanRow(i + 1, { ...t, at: at(i), hlc: hlc(i, 'a') }));
      rowsB.push(scanRow(i + 1, { ...t, direction: 'exit', at: at(i + 30), hlc: hlc(i + 30, 'b') }));
    });
    await Promise.all([upload(setup.node.token, setup.node.id, rowsA), upload(nodeB.token, nodeB.id, rowsB)]);
    const mine = await buyer.api.get('/me/tickets');
    for (const [i, tk] of tickets.entries()) {
      const t = mine.data.find((x: { id: string }) => x.id === tk.id);
      expect(t).toMatchObject({ checkedInAt: at(i), lastScanAt: at(i + 30), inside: false });
    }
  });

  it('migration 0014 computes, from the history alone, the state the ingest keeps', async () => {
    const setup = await setupEvent(cloud.api);
    const nodeB = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const { tickets } = await buyTickets(cloud.api, setup, 4);
    const [one, two, three, four] = tickets.map((x) => ({ ticketId: x.id, eventId: setup.eventId }));
    await upload(setup.node.token, setup.node.id, [
      scanRow(1, { ...one, at: at(1), hlc: hlc(1, 'a') }),
      scanRow(2, { ...one, direction: 'exit', at: at(20), hlc: hlc(20, 'a') }),
      scanRow(3, { ...two, at: at(2), hlc: hlc(2, 'a') }),
      scanRow(4, { ...two, kind: 'annul', at: at(3), hlc: hlc(3, 'a') }),
      scanRow(5, { ...three, at: at(5), hlc: hlc(5, 'a') }),
      scanRow(6, { ...three, direction: 'exit', at: at(6), hlc: hlc(6, 'a') }),
      scanRow(7, { ...three, direction: 'exit', kind: 'annul', at: at(7), hlc: hlc(7, 'a') }),
      scanRow(8, { ...four, decision: 'reject', reason: 'already_inside', at: at(8), hlc: hlc(8, 'a') }),
    ]);
    // Gate B uploads later what happened in between: the ingest recomputes in HLC order.
    await upload(nodeB.token, nodeB.id, [
      scanRow(1, { ...one, at: at(10), hlc: hlc(10, 'b') }),
      scanRow(2, { ...one, direction: 'exit', at: at(11), hlc: hlc(11, 'b') }),
      scanRow(3, { ...two, at: at(4), hlc: hlc(4, 'b') }),
      scanRow(4, { ...four, at: at(9), hlc: hlc(9, 'b') }),
    ]);
    const ids = tickets.map((t) => t.id);
    const read = () =>
      queryRows<{ ticket_id: string }>(
        cloud.deps.db,
        sql`select ticket_id, event_id, tier_id, checked_in_at, last_scan_at, inside
          from ticket_checkins where ticket_id = any(${sql.param(ids)}::text[]) order by ticket_id`,
      );
    const kept = await read();
    expect(kept.map((r) => r.ticket_id)).toEqual([...ids].sort());
    await cloud.deps.db.execute(
      sql`delete from ticket_checkins where ticket_id = any(${sql.param(ids)}::text[])`,
    );
    const [created] = await queryRows<{ n: number }>(
      cloud.deps.db,
      sql`select tixmo_checkins_backfill() as n`,
    );
    expect(Number(created!.n)).toBe(4);
    expect(await read()).toEqual(kept);
  });
});
