import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HONEYWELL_GOOD } from '../../src/devices/serial-scanner.ts';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');
// biome-ignore lint/suspicious/noExplicitAny: response bodies of many shapes, checked by toMatchObject
type Json = Record<string, any>;
const silent = createLogger({ level: 'silent' });
const STAFF_TOKEN = 'staff-token-0123456789abcdef';
const HANDHELD_KEY = 'handheld-key-0123456789abcdef';
const NORTH_ONLY_KEY = 'handheld-key-north-only-0123456';
const ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);
const OFF = Buffer.from([0xa0, 0x01, 0x00, 0xa1]);

describe.skipIf(!socat.available)('a gate with scanners, relays, a turnstile, handhelds and staff', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;
  let codes: { id: string; code: string }[];
  let scanner: PtyPair;
  let northRelay: PtyPair;
  let southRelay: PtyPair;
  let turnstile: PtyPair;

  const call = async (
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; pin?: string } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.pin) headers['x-staff-pin'] = opts.pin;
    const res = await fetch(`${edge.url}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const staff = (method: string, path: string, body?: unknown) =>
    call(method, `/api/v1/staff${path}`, { body, token: STAFF_TOKEN });
  const occupancy = () => edge.status().events.find((e) => e.id === setup.eventId)!;
  const lane = (id: string) => edge.status().lanes.find((l) => l.id === id)!;

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    codes = [
      ...(await buyTickets(cloud.api, setup, 6)).tickets,
      ...(await buyTickets(cloud.api, setup, 6)).tickets,
    ];
    [scanner, northRelay, southRelay, turnstile] = await Promise.all([
      openPtyPair(),
      openPtyPair(),
      openPtyPair(),
      openPtyPair(),
    ]);
    const serial = (path: string) => ({ type: 'serial', path, baudRate: 9600 });
    edge = await startEdge({
      logger: silent,
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-gate-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 60_000,
        uploadIntervalMs: 100,
        staff: { token: STAFF_TOKEN, pin: '4711' },
        handhelds: [
          { id: 'hh-1', key: HANDHELD_KEY },
          { id: 'hh-north', key: NORTH_ONLY_KEY, lanes: ['north'] },
        ],
        lanes: [
          {
            id: 'north',
            direction: 'entry',
            scanners: [{ ...serial(scanner.devicePath), feedback: { mode: 'honeywell' } }],
            actuator: { ...serial(northRelay.devicePath), type: 'relay', channel: 1, pulseMs: 50 },
          },
          {
            id: 'south',
            direction: 'entry',
            actuator: { ...serial(southRelay.devicePath), type: 'relay', channel: 1, pulseMs: 50 },
            passage: { ...serial(turnstile.devicePath), timeoutMs: 400 },
          },
          { id: 'flex', direction: 'both' },
          { id: 'out', direction: 'exit' },
        ],
      }),
    });
    await edge.syncNow();
  });

  afterAll(async () => {
    await edge?.close();
    await cloud?.close();
    await Promise.all([scanner, northRelay, southRelay, turnstile].map((p) => p?.close()));
  });

  it('a scanner read opens the relay after the journal commit, and the scanner hears a good beep', async () => {
    scanner.write(`${codes[0]!.code}\r\n`);
    const relay = await eventually(
      () => (northRelay.received().length >= 8 ? northRelay.received() : undefined),
      'relay pulse',
    );
    expect(relay).toEqual(Buffer.concat([ON, OFF]));
    expect(scanner.received()).toEqual(HONEYWELL_GOOD);
    expect(edge.store.ticketHistory(codes[0]!.id)).toMatchObject([
      { decision: 'admit', laneId: 'north', kind: 'scan' },
    ]);
    scanner.write(`${codes[0]!.code}\r\n`);
    await eventually(() => (scanner.received().length >= 6 ? true : undefined), 'bad beep');
    expect(scanner.received().subarray(3).toString('latin1')).toBe('\x1b8,');
    expect(northRelay.received().length).toBe(8);
  });

  it('a turnstile passage confirms an admission; no passage within the timeout annuls it and corrects occupancy', async () => {
    const before = occupancy();
    expect((await edge.scan('south', codes[1]!.code))!.row.decision).toBe('admit');
    turnstile.write('P');
    await eventually(() => (lane('south').awaitingPassage === 0 ? true : undefined), 'passage matched');

    expect((await edge.scan('south', codes[2]!.code))!.row.decision).toBe('admit');
    expect(occupancy().inside).toBe(before.inside + 2);
    const annul = await eventually(
      () => edge.store.ticketHistory(codes[2]!.id).find((r) => r.kind === 'annul'),
      'annulment after the passage timeout',
    );
    expect(annul).toMatchObject({
      decision: 'admit',
      direction: 'entry',
      laneId: 'south',
      note: expect.stringMatching(/no passage/),
    });
    expect(occupancy()).toMatchObject({
      inside: before.inside + 1,
      entries: before.entries + 1,
      exits: before.exits,
    });
    expect(edge.store.ticketHistory(codes[1]!.id).some((r) => r.kind === 'annul')).toBe(false);
    // Turned back at the turnstile, so may try again.
    expect((await edge.scan('north', codes[2]!.code))!.row.decision).toBe('admit');
    expect(southRelay.received().subarray(0, 4)).toEqual(ON);
  });

  it('an admission whose person already left by another lane is not annulled when its passage times out', async () => {
    const code = codes[10]!.code;
    expect((await edge.scan('south', code))!.row.decision).toBe('admit');
    expect((await edge.scan('out', code))!.row.decision).toBe('admit');
    await eventually(
      () => (lane('south').awaitingPassage === 0 ? true : undefined),
      'passage timeout handled',
    );
    expect(edge.store.ticketHistory(codes[10]!.id).map((r) => r.kind)).toEqual(['scan', 'scan']);
    expect((await edge.scan('north', code))!.row.decision).toBe('admit');
  });

  it('network handhelds scan with their key; wrong key, lane, or body are refused clearly', async () => {
    const ok = await call('POST', '/api/v1/scans', {
      token: HANDHELD_KEY,
      body: { laneId: 'flex', code: codes[3]!.code },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { decision: 'admit', reason: 'ok', laneId: 'flex', direction: 'entry', ticketId: codes[3]!.id },
    });
    const again = await call('POST', '/api/v1/scans', {
      token: HANDHELD_KEY,
      body: { laneId: 'north', code: codes[3]!.code },
    });
    expect(again.body).toMatchObject({ decision: 'reject', reason: 'already_inside' });
    const noKey = await call('POST', '/api/v1/scans', { body: { laneId: 'north', code: 'x' } });
    expect(noKey).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED', requestId: expect.any(String) } },
    });
    const wrongLane = await call('POST', '/api/v1/scans', {
      token: NORTH_ONLY_KEY,
      body: { laneId: 'flex', code: 'x' },
    });
    expect(wrongLane).toMatchObject({
      status: 403,
      body: { error: { message: 'handheld "hh-north" may not scan for lane "flex"' } },
    });
    const noLane = await call('POST', '/api/v1/scans', {
      token: HANDHELD_KEY,
      body: { laneId: 'moon', code: 'x' },
    });
    expect(noLane.status).toBe(404);
    const bad = await call('POST', '/api/v1/scans', { token: HANDHELD_KEY, body: { laneId: 'north' } });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^code: /) } },
    });
  });

  it('staff look a ticket up by code or id and see its scan history', async () => {
    const byCode = await call('GET', `/api/v1/staff/tickets?code=${encodeURIComponent(codes[0]!.code)}`, {
      pin: '4711',
    });
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({
      ticket: { id: codes[0]!.id, eventId: setup.eventId, tierName: 'GA', status: 'VALID', inManifest: true },
      inside: true,
      history: [
        { decision: 'admit', reason: 'ok', laneId: 'north' },
        { decision: 'reject', reason: 'already_inside', laneId: 'north' },
      ],
    });
    const byId = await staff('GET', `/tickets?ticketId=${codes[0]!.id}`);
    expect(byId.body.history).toHaveLength(2);
    expect((await staff('GET', '/tickets?ticketId=nope')).body.error.message).toMatch(/unknown_ticket/);
  });

  it('staff admit by hand with a reason: journalled as manual_admit, counted, the gate opens', async () => {
    const before = occupancy().entries;
    const relayBytes = northRelay.received().length;
    const res = await staff('POST', '/lanes/north/admit', {
      ticketId: codes[4]!.id,
      note: 'phone screen cracked',
    });
    expect(res).toMatchObject({
      status: 201,
      body: { decision: 'admit', kind: 'manual_admit', note: 'phone screen cracked' },
    });
    expect(occupancy().entries).toBe(before + 1);
    await eventually(
      () => (northRelay.received().length >= relayBytes + 8 ? true : undefined),
      'relay pulse for manual admit',
    );
    const twice = await staff('POST', '/lanes/north/admit', { ticketId: codes[4]!.id, note: 'again' });
    expect(twice).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/already inside/) } },
    });
    const noReason = await staff('POST', '/lanes/north/admit', { ticketId: codes[5]!.id });
    expect(noReason.status).toBe(400);
    // The note goes up to the cloud with the journal: text it cannot store is refused here.
    const nul = await staff('POST', '/lanes/north/admit', { ticketId: codes[5]!.id, note: 'bad\u0000note' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/^note: /);
    expect(occupancy().entries).toBe(before + 1);
  });

  it('staff annul the last admission on a lane: off the inside count and the entries, never an exit', async () => {
    expect((await edge.scan('north', codes[6]!.code))!.row.decision).toBe('admit');
    const before = occupancy();
    const res = await staff('POST', '/lanes/north/annul-last', { note: 'scanned the wrong ticket' });
    expect(res).toMatchObject({
      status: 201,
      body: {
        kind: 'annul',
        decision: 'admit',
        direction: 'entry',
        ticketId: codes[6]!.id,
        note: 'scanned the wrong ticket',
      },
    });
    expect(occupancy()).toMatchObject({
      inside: before.inside - 1,
      entries: before.entries - 1,
      exits: before.exits,
    });
    // The one before it is next in line, not the annulled one again.
    const next = await staff('POST', '/lanes/north/annul-last', { note: 'that one too' });
    expect(next.body.ticketId).toBe(codes[4]!.id);
    expect((await edge.scan('north', codes[6]!.code))!.row.decision).toBe('admit');
  });

  it('staff switch a "both" lane between entry and exit; fixed lanes refuse', async () => {
    const code = codes[7]!.code;
    expect((await edge.scan('flex', code))!.row).toMatchObject({ direction: 'entry', decision: 'admit' });
    const res = await staff('POST', '/lanes/flex/direction', { direction: 'exit' });
    expect(res).toMatchObject({
      status: 200,
      body: { id: 'flex', direction: 'both', activeDirection: 'exit' },
    });
    expect(lane('flex')).toMatchObject({ direction: 'both', activeDirection: 'exit' });
    expect((await edge.scan('flex', code))!.row).toMatchObject({ direction: 'exit', decision: 'admit' });
    expect((await staff('POST', '/lanes/north/direction', { direction: 'exit' })).status).toBe(409);
    await staff('POST', '/lanes/flex/direction', { direction: 'entry', note: 'doors closing' });
    // Both switches are journalled (and uploaded) like scans, but count as no passage.
    const switches = edge.store.journalAfter(0, 1000).filter((r) => r.kind === 'direction');
    expect(switches.map((r) => [r.laneId, r.direction, r.decision, r.ticketId])).toEqual([
      ['flex', 'exit', 'reject', null],
      ['flex', 'entry', 'reject', null],
    ]);
    expect(switches[1]!.note).toBe('doors closing');
  });

  it('staff access needs the token or PIN; five wrong PINs lock it for a minute', async () => {
    expect((await call('GET', '/api/v1/staff/tickets?ticketId=x')).status).toBe(401);
    expect(
      (await call('GET', '/api/v1/staff/tickets?ticketId=x', { token: 'wrong-token-wrong-token' })).status,
    ).toBe(401);
    for (let i = 0; i < 5; i++)
      expect((await call('GET', '/api/v1/staff/tickets?ticketId=x', { pin: '0000' })).status).toBe(401);
    const locked = await call('GET', '/api/v1/staff/tickets?ticketId=x', { pin: '4711' });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect((await staff('GET', `/tickets?ticketId=${codes[0]!.id}`)).status).toBe(200);
  });

  it('uploads manual admissions and annulments with their kind and note', async () => {
    await eventually(() => (edge.status().upload.pending === 0 ? true : undefined), 'backlog drained');
    const rows = edge.store.journalAfter(0, 1000);
    expect(rows.filter((r) => r.kind === 'manual_admit')).toHaveLength(1);
    expect(rows.filter((r) => r.kind === 'annul')).toHaveLength(3);
    const nodes = await setup.promoter.api.get(`/venues/${setup.venueId}/edge-nodes`);
    expect(nodes.data[0].ackedSeq).toBe(edge.store.lastJournalSeq());
  });

  it('status lists relay and turnstile devices and per-lane entries and exits', () => {
    const s: EdgeStatus = edge.status();
    expect(s.lanes.find((l) => l.id === 'south')).toMatchObject({
      devices: [
        { type: 'relay', path: southRelay.devicePath, state: 'open', role: 'actuator' },
        { type: 'passage', path: turnstile.devicePath, state: 'open', role: 'passage' },
      ],
      // Three admitted, one annulled for want of a passage.
      entries: 2,
      exits: 0,
    });
    expect(s.lanes.find((l) => l.id === 'flex')).toMatchObject({ entries: 2, exits: 1 });
  });
  it('hot-plug: an unplugged scanner or relay shows as disconnected, the lane keeps working, both come back', async () => {
    const device = (laneId: string, type: string) => lane(laneId).devices.find((d) => d.type === type)!;
    await scanner.unplug();
    await northRelay.unplug();
    await eventually(
      () => (device('north', 'serial').state === 'disconnected' ? true : undefined),
      'scanner away',
    );
    await eventually(
      () => (device('north', 'relay').state === 'disconnected' ? true : undefined),
      'relay away',
    );
    // The lane still decides (a handheld on it), and the admission is journalled, though no gate can open.
    const res = await call('POST', '/api/v1/scans', {
      token: HANDHELD_KEY,
      body: { laneId: 'north', code: codes[8]!.code },
    });
    expect(res.body).toMatchObject({ decision: 'admit', reason: 'ok' });
    await scanner.replug();
    await northRelay.replug();
    await eventually(() => (device('north', 'serial').state === 'open' ? true : undefined), 'scanner back');
    await eventually(() => (device('north', 'relay').state === 'open' ? true : undefined), 'relay back');
    scanner.write(`${codes[9]!.code}\r\n`);
    const relay = await eventually(
      () => (northRelay.received().length >= 8 ? northRelay.received() : undefined),
      'relay pulse after replug',
    );
    expect(relay).toEqual(Buffer.concat([ON, OFF]));
    expect(edge.store.ticketHistory(codes[9]!.id)).toMatchObject([{ decision: 'admit', laneId: 'north' }]);
  });
});
