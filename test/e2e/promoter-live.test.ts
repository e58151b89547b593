import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UploadedScan } from '../../src/sync/protocol.ts';
import { FACTORY_PASSWORD, rawRequest, scanRow } from '../cloud/support.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, registerAccount } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const chromiumBinary = requireBinary('chromium', 'chromium');
const redisUrl = inject('redisUrl');
const outputDir = process.env.TIXMO_TEST_OUTPUT ?? join(process.cwd(), 'test-output');

interface LiveEvent {
  eventId: string;
  name: string;
  inside: number;
  sales?: { currency: string; tickets: number }[];
}

/** A promoter's organization with a venue, a gate and an event whose doors are open now. */
async function liveShow(promoter: Account, name: string) {
  const org = await promoter.api.post('/organizations', { name: `${name} Promotions` });
  const venue = await promoter.api.post(`/organizations/${org.id}/venues`, { name: 'Hall', capacity: 300 });
  const node = await promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'North gate' });
  const now = Date.now();
  const event = await promoter.api.post('/events', {
    venueId: venue.id,
    name,
    startsAt: new Date(now - 30 * 60_000).toISOString(),
    endsAt: new Date(now + 3 * 3600_000).toISOString(),
  });
  const tier = await promoter.api.post(`/events/${event.id}/tiers`, {
    name: 'GA',
    priceCents: 2500,
    quantity: 100,
    currency: 'EUR',
  });
  await promoter.api.post(`/events/${event.id}/publish`);
  return { orgId: org.id as string, eventId: event.id as string, tierId: tier.id as string, node };
}

/** Ordered and confirmed at the box office, both on `cloud`. */
async function sell(cloud: TestCloud, promoter: Account, buyer: Account, tierId: string, quantity: number) {
  const order = await cloud.api.as(buyer.accessToken).post('/orders', { items: [{ tierId, quantity }] });
  await cloud.api.as(promoter.accessToken).post(`/orders/${order.id}/confirm`);
}

function feed(cloud: TestCloud, token: string | undefined) {
  const socket = io(`${cloud.url}/promoters`, {
    transports: ['websocket'],
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
  const seen: LiveEvent[] = [];
  const first = new Promise<LiveEvent[]>((resolve, reject) => {
    socket.on('events', (list: LiveEvent[]) => resolve(list));
    socket.on('connect_error', reject);
  });
  socket.on('event', (e: LiveEvent) => seen.push(e));
  return { socket, first, seen };
}

describe.skipIf(!chromiumBinary.available)('the promoters’ live page across two cloud instances', () => {
  let a: TestCloud;
  let b: TestCloud;
  let browser: Browser;
  let page: Page;
  let promoter: Account;
  let buyer: Account;
  let staff: Account;
  let rival: Account;
  let show: Awaited<ReturnType<typeof liveShow>>;
  let rivalShow: Awaited<ReturnType<typeof liveShow>>;
  let tickets: string[];
  const sockets: Socket[] = [];

  const text = async (selector: string) => (await page.locator(selector).first().textContent())?.trim();
  const waitText = (selector: string, expected: string) =>
    eventually(
      async () => ((await text(selector)) === expected ? true : undefined),
      `${selector} = ${expected}`,
    );
  const card = () => `.event[data-event="${show.eventId}"]`;

  beforeAll(async () => {
    if (!redisUrl) throw new Error('no test Redis server: the global setup could not start one');
    const databaseUrl = await createTestDatabase();
    const shared = {
      databaseUrl,
      redisUrl,
      redisPrefix: `live-${process.pid}-${Date.now()}:`,
      env: { TIXMO_JWT_SECRET: `live-page-test-secret-${process.pid}-0123456789` },
    };
    a = await startTestCloud(shared);
    b = await startTestCloud(shared);
    promoter = await registerAccount(a.api, 'Promoter');
    buyer = await registerAccount(a.api, 'Buyer');
    staff = await registerAccount(a.api, 'Door');
    rival = await registerAccount(a.api, 'Rival');
    show = await liveShow(promoter, 'Open Air');
    rivalShow = await liveShow(rival, 'Rival Night');
    await promoter.api.post(`/organizations/${show.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    await sell(a, promoter, buyer, show.tierId, 2);
    tickets = (await buyer.api.get('/me/tickets')).data.map((t: { id: string }) => t.id);

    browser = await chromium.launch({
      executablePath: chromiumBinary.path!,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Nothing may come from anywhere but the instance that serves the page (no CDN).
    page.on('request', (req) => {
      if (!req.url().startsWith(a.url)) throw new Error(`the page fetched ${req.url()}`);
    });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await b?.close();
    await a?.close();
  });

  it('serves the page with a CSP that allows only its own script and style', async () => {
    const res = await fetch(`${a.url}/live`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${a.url}/live`);
    await page.fill('#email', promoter.user.email);
    await page.fill('#password', FACTORY_PASSWORD);
    await page.click('#login button[type=submit]');
    await waitText('#conn', '● live');
    await waitText(`${card()} .inside-count`, '0');
    expect(violations).toEqual([]);
  });

  it('shows the member’s live events only, with sales for an OWNER', async () => {
    expect(await page.locator('.event').count()).toBe(1);
    expect(await text(`${card()} h2`)).toBe('Open Air');
    expect(await text(`${card()} .capacity`)).toBe('300');
    expect(await text(`${card()} .sales .tickets`)).toBe('2');
    expect(await text(`${card()} .sales .orders`)).toBe('1');
  });

  it('scans uploaded to the other instance and orders confirmed there reach the page', async () => {
    const rivalFeed = feed(a, rival.accessToken);
    sockets.push(rivalFeed.socket);
    const rivalSees = await rivalFeed.first;
    expect(rivalSees.map((e) => e.eventId)).toEqual([rivalShow.eventId]);

    const now = Date.now();
    const at = (s: number) => new Date(now - 60_000 + s * 1000).toISOString();
    const hlc = (s: number) => `${String(now - 60_000 + s * 1000).padStart(13, '0')}-00000-a`;
    const scans: UploadedScan[] = [
      scanRow(1, { eventId: show.eventId, ticketId: tickets[0]!, at: at(1), hlc: hlc(1) }),
      scanRow(2, { eventId: show.eventId, ticketId: tickets[1]!, at: at(2), hlc: hlc(2) }),
      scanRow(3, {
        eventId: show.eventId,
        ticketId: tickets[0]!,
        decision: 'reject',
        reason: 'already_inside',
        at: at(3),
        hlc: hlc(3),
      }),
    ];
    const res = await rawRequest(b, 'POST', '/sync/scans', {
      token: show.node.token,
      json: { nodeId: show.node.id, scans },
    });
    expect(res.status, res.text).toBe(200);
    await waitText(`${card()} .inside-count`, '2');
    const lane = `${card()} tr[data-lane="${show.node.id}/north-1"]`;
    expect(await text(`${lane} .admits`)).toBe('2');
    expect(await text(`${lane} .rejects`)).toBe('1');
    expect(await text(`${lane} .reasons`)).toBe('already inside 1');
    expect(await text(`${lane} .rate`)).toBe('0.1/min');
    expect(await page.locator(`${card()} svg.curve polyline`).count()).toBe(1);
    expect(await text(`${card()} .checked-in`)).toBe('2');

    await sell(b, promoter, buyer, show.tierId, 3);
    await waitText(`${card()} .sales .tickets`, '5');
    expect(await text(`${card()} .sales .orders`)).toBe('2');

    mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'promoter-live.png'), fullPage: true });
    // The rival organization's member heard nothing of this event.
    expect(rivalFeed.seen.filter((e) => e.eventId === show.eventId)).toEqual([]);
  });

  it('STAFF sees the door without sales; no token, no feed', async () => {
    const staffFeed = feed(b, staff.accessToken);
    sockets.push(staffFeed.socket);
    const list = await staffFeed.first;
    expect(list.map((e) => e.eventId)).toEqual([show.eventId]);
    expect(list[0]!.inside).toBe(2);
    expect(list[0]).not.toHaveProperty('sales');

    const anonymous = feed(a, undefined);
    sockets.push(anonymous.socket);
    await expect(anonymous.first).rejects.toThrow('unauthorized');
    const forged = feed(a, 'not-a-token');
    sockets.push(forged.socket);
    await expect(forged.first).rejects.toThrow('unauthorized');
  });
});
