import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { StaffPasses } from '../../src/edge/live-access.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const STAFF_TOKEN = 'live-staff-token-0123456789';
const PIN = '8642';
const SCREENS = 'http://screens.venue.example:8080';

// biome-ignore lint/suspicious/noExplicitAny: scan payloads are checked field by field
type Scan = Record<string, any>;

describe('who may read the live feed, and what each screen is told', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;
  let codes: { id: string; code: string }[];
  const sockets: Socket[] = [];

  /** A real socket.io-client; resolves once connected, or with the refusal. */
  const connect = async (
    options: { auth?: Record<string, unknown>; origin?: string; transport?: 'websocket' | 'polling' } = {},
  ) => {
    const scans: Scan[] = [];
    const recent: Scan[][] = [];
    const socket = io(`${edge.url}/live`, {
      transports: [options.transport ?? 'websocket'],
      reconnection: false,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
    });
    sockets.push(socket);
    socket.on('scan', (s: Scan) => scans.push(s));
    socket.on('recent', (r: { scans: Scan[] }) => recent.push(r.scans));
    const outcome = await new Promise<{ ok: true } | { ok: false; message: string }>((resolve) => {
      socket.once('connect', () => resolve({ ok: true }));
      socket.once('connect_error', (err) => resolve({ ok: false, message: err.message }));
    });
    return { socket, scans, recent, ...outcome };
  };

  const staffApi = (path: string, init: { pin?: string; token?: string; body?: unknown } = {}) =>
    fetch(`${edge.url}/api/v1/staff${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.pin ? { 'x-staff-pin': init.pin } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: JSON.stringify(init.body ?? {}),
    });

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 4));
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-live-access-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 60_000,
        staff: { token: STAFF_TOKEN, pin: PIN },
        liveOrigins: [SCREENS],
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    });
    await edge.syncNow();
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    await edge?.close();
    await cloud?.close();
  });

  it('refuses a page of another origin, over WebSocket and over polling; its own origin and listed ones are let in', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      const evil = await connect({ origin: 'http://evil.example', transport });
      expect(evil.ok, transport).toBe(false);
      const nul = await connect({ origin: 'null', transport });
      expect(nul.ok, transport).toBe(false);
    }
    expect((await connect({ origin: edge.url })).ok).toBe(true);
    expect((await connect({ origin: SCREENS })).ok).toBe(true);
    expect((await connect({ origin: 'http://screens.venue.example:8081' })).ok).toBe(false);
  });

  it('public screens get decisions and counts without ticket ids or staff notes; staff screens get both', async () => {
    const wall = await connect();
    const byToken = await connect({ auth: { token: STAFF_TOKEN } });
    const passRes = await staffApi('/live-pass', { pin: PIN });
    expect(passRes.status).toBe(201);
    const { pass } = (await passRes.json()) as { pass: string };
    const byPass = await connect({ auth: { staffPass: pass } });
    expect([wall.ok, byToken.ok, byPass.ok]).toEqual([true, true, true]);

    await edge.scan('north-1', codes[0]!.code);
    const manual = await staffApi('/lanes/north-1/admit', {
      token: STAFF_TOKEN,
      body: { ticketId: codes[1]!.id, note: 'phone died at the door' },
    });
    expect(manual.status).toBe(201);
    for (const screen of [wall, byToken, byPass])
      await eventually(() => (screen.scans.length >= 2 ? true : undefined), 'both scans on every screen');

    expect(wall.scans[0]).toEqual({
      laneId: 'north-1',
      decision: 'admit',
      reason: 'ok',
      at: expect.any(String),
      direction: 'entry',
    });
    expect(wall.scans[1]).toEqual({
      laneId: 'north-1',
      decision: 'admit',
      reason: 'ok',
      at: expect.any(String),
      direction: 'entry',
      kind: 'manual_admit',
    });
    expect(JSON.stringify(wall.scans)).not.toContain(codes[0]!.id);
    expect(JSON.stringify(wall.scans)).not.toContain('phone died');
    for (const staff of [byToken, byPass]) {
      expect(staff.scans[0]).toMatchObject({ decision: 'admit', ticketId: codes[0]!.id });
      expect(staff.scans[1]).toMatchObject({
        kind: 'manual_admit',
        ticketId: codes[1]!.id,
        note: 'phone died at the door',
      });
    }
  });

  it('a screen connecting gets the journal’s last decisions, newest first; ticket ids and notes only on a staff screen', async () => {
    await edge.scan('north-1', codes[2]!.code);
    const manual = await staffApi('/lanes/north-1/admit', {
      token: STAFF_TOKEN,
      body: { ticketId: codes[3]!.id, note: 'wristband torn' },
    });
    expect(manual.status).toBe(201);
    await edge.scan('north-1', 'garbage');
    const wall = await connect();
    const staff = await connect({ auth: { token: STAFF_TOKEN } });
    for (const screen of [wall, staff])
      await eventually(
        () => (screen.recent.length === 1 ? true : undefined),
        'the recent decisions on connect',
      );
    const last = edge.store.recentDecisions(20);
    const at = last.map((r) => r.at);
    const entry = { laneId: 'north-1', direction: 'entry' };
    expect(wall.recent[0]!.slice(0, 3)).toEqual([
      { ...entry, decision: 'reject', reason: 'malformed', at: at[0] },
      { ...entry, decision: 'admit', reason: 'ok', kind: 'manual_admit', at: at[1] },
      { ...entry, decision: 'admit', reason: 'ok', at: at[2] },
    ]);
    expect(wall.recent[0]!.length).toBe(last.length);
    expect(JSON.stringify(wall.recent)).not.toMatch(/ticketId|note|wristband/);
    for (const c of codes) expect(JSON.stringify(wall.recent)).not.toContain(c.id);
    expect(staff.recent[0]!.slice(0, 3)).toEqual([
      { ...entry, decision: 'reject', reason: 'malformed', at: at[0] },
      {
        ...entry,
        decision: 'admit',
        reason: 'ok',
        kind: 'manual_admit',
        at: at[1],
        ticketId: codes[3]!.id,
        note: 'wristband torn',
      },
      { ...entry, decision: 'admit', reason: 'ok', at: at[2], ticketId: codes[2]!.id },
    ]);
  });

  it('a pass works once; a wrong token or pass is refused; passes need the staff token or PIN', async () => {
    const { pass } = (await (await staffApi('/live-pass', { token: STAFF_TOKEN })).json()) as {
      pass: string;
    };
    expect((await connect({ auth: { staffPass: pass } })).ok).toBe(true);
    const again = await connect({ auth: { staffPass: pass } });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/staff pass/) });
    expect((await connect({ auth: { staffPass: 'made-up' } })).ok).toBe(false);
    expect((await connect({ auth: { token: 'not-the-staff-token-000' } })).ok).toBe(false);
    expect((await staffApi('/live-pass')).status).toBe(401);
    expect((await staffApi('/live-pass', { pin: '0000' })).status).toBe(401);
  });

  it('answers with the security headers; the live and staff page cannot be framed', async () => {
    for (const path of ['/', '/?staff', '/api/v1/status', '/healthz', '/nope']) {
      const res = await fetch(`${edge.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
    const page = (await fetch(`${edge.url}/?staff`)).headers.get('content-security-policy')!;
    expect(page).toMatch(/script-src 'self' 'sha256-/);
    expect(page.replace(/style-src-attr [^;]*/, '')).not.toMatch(/unsafe|https?:/);
  });
});

describe('staff passes for the live feed', () => {
  it('are good once, for a minute', () => {
    let now = 1_000_000;
    const passes = new StaffPasses(() => now);
    const late = passes.issue();
    const early = passes.issue();
    expect(late.expiresInSeconds).toBe(60);
    now += 59_000;
    expect(passes.redeem(early.pass)).toBe(true);
    expect(passes.redeem(early.pass)).toBe(false);
    now += 2_000;
    expect(passes.redeem(late.pass)).toBe(false);
  });
});
