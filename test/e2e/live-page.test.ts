import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeConfig, parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { watchCspViolations } from '../helpers/browser.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const chromiumBinary = requireBinary('chromium', 'chromium');
const socat = requireBinary('socat', 'socat');
const screenshot = process.env.TIXMO_SCREENSHOT;

describe.skipIf(!chromiumBinary.available || !socat.available)('the live page in headless Chromium', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;
  let browser: Browser;
  let page: Page;
  let codes: { id: string; code: string }[];
  let relay: PtyPair;
  let config: EdgeConfig;
  let violations: string[];

  const text = (selector: string) => page.locator(selector).first().textContent();
  const waitText = (selector: string, expected: string) =>
    eventually(
      async () => ((await text(selector))?.trim() === expected ? true : undefined),
      `${selector} = ${expected}`,
    );

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 4));
    relay = await openPtyPair();
    config = parseEdgeConfig({
      cloudUrl: cloud.url,
      nodeToken: setup.node.token,
      dataDir: mkdtempSync(join(tmpdir(), 'tixmo-page-')),
      port: 0,
      host: '127.0.0.1',
      pullIntervalMs: 60_000,
      uploadIntervalMs: 200,
      staff: { pin: '2468' },
      lanes: [
        { id: 'north-1', direction: 'entry' },
        { id: 'exit-1', direction: 'exit' },
        { id: 'gate-2', direction: 'entry', actuator: { type: 'relay', path: relay.devicePath } },
      ],
    });
    edge = await startEdge({ logger: createLogger({ level: 'silent' }), config });
    await edge.syncNow();
    browser = await chromium.launch({
      executablePath: chromiumBinary.path!,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    violations = await watchCspViolations(page);
    // No request may leave the edge: the page must work with no internet.
    page.on('request', (req) => {
      if (!req.url().startsWith(edge.url)) throw new Error(`the page fetched ${req.url()}`);
    });
    await page.goto(`${edge.url}/?staff`);
    await waitText('#conn', '● live');
  });

  afterAll(async () => {
    await browser?.close();
    await edge?.close();
    await cloud?.close();
    await relay?.close();
  });

  it('shows the venue, inside/capacity, lanes, devices and sync health', async () => {
    await waitText('#venue', 'Arena');
    await waitText('.inside-count', '0');
    expect(await text('.inside small')).toBe('/ 1000 inside');
    expect(await page.locator('#lanes tr').count()).toBe(3);
    await waitText('#devices', 'All devices connected');
    expect(await text('tr[data-lane="gate-2"] .dev')).toBe('gate open');
    expect(await text('#manifest-age')).toMatch(/Manifest: 4 tickets, synced \d+ s ago/);
    expect(await text('#backlog')).toMatch(/Upload backlog: \d+ scans/);
  });

  it('the numbers change when scans happen, and each scan is told in words', async () => {
    await edge.scan('north-1', codes[0]!.code);
    await waitText('.inside-count', '1');
    await edge.scan('north-1', codes[1]!.code);
    await waitText('.inside-count', '2');
    await waitText('.entries', '2');
    await waitText('tr[data-lane="north-1"] .lane-entries', '2');
    await edge.scan('north-1', codes[0]!.code);
    await waitText('#scans li .why', 'Already inside / already used');
    await edge.scan('exit-1', codes[1]!.code);
    await waitText('.inside-count', '1');
    await waitText('.exits', '1');
    await waitText('tr[data-lane="exit-1"] .lane-exits', '1');
    await edge.scan('north-1', 'garbage');
    await waitText('#scans li .why', 'Unreadable code');
    expect(await page.locator('#scans li.admit').count()).toBe(3);
  });

  it('a device that goes away is flagged on the screen, and cleared when it returns', async () => {
    await relay.unplug();
    await waitText('#devices', `Device away: gate-2 ${relay.devicePath} disconnected`);
    expect(await text('tr[data-lane="gate-2"] .dev')).toBe('gate disconnected');
    await relay.replug();
    await waitText('#devices', 'All devices connected');
  });

  it('staff look a ticket up, admit by hand and annul from the page with the PIN; a wall screen hears of it without the notes', async () => {
    const wall = await browser.newPage();
    const wallViolations = await watchCspViolations(wall);
    await wall.goto(edge.url);
    await eventually(
      async () => ((await wall.locator('#conn').textContent())?.trim() === '● live' ? true : undefined),
      'the wall screen is live',
    );
    await page.fill('#staff-secret', '2468');
    await page.fill('#staff-ticket', codes[2]!.id);
    await page.click('button[data-act="lookup"]');
    await waitText('#staff-msg', 'GA · VALID · outside');
    await page.fill('#staff-note', 'ticket in a dead phone');
    await page.selectOption('#staff-lane', 'north-1');
    await page.click('button[data-act="admit"]');
    await waitText('.inside-count', '2');
    await waitText('#scans li .why', 'Admitted by staff: ticket in a dead phone');
    await page.fill('#staff-note', 'wrong person');
    await page.click('button[data-act="annul"]');
    await waitText('.inside-count', '1');
    await waitText('#scans li .why', 'Admission annulled: wrong person');
    // The public screen saw both staff actions, but not why (notes are for staff screens).
    await eventually(
      async () => ((await wall.locator('#scans li.staff .why').count()) === 2 ? true : undefined),
      'the wall screen lists both staff actions',
    );
    expect(await wall.locator('#scans li.staff .why').allTextContents()).toEqual([
      'Admission annulled: ',
      'Admitted by staff: ',
    ]);
    expect(wallViolations).toEqual([]);
    await wall.close();
    await page.fill('#staff-secret', '1111');
    await page.click('button[data-act="lookup"]');
    await waitText(
      '#staff-msg',
      'send the staff token as Authorization: Bearer <token> or the PIN as X-Staff-Pin',
    );
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  });
  it('cannot be framed by a page of another origin (the PIN is typed there)', async () => {
    const framer = await browser.newPage();
    try {
      await framer.setContent(`<iframe id="f" src="${edge.url}/?staff" width="800" height="600"></iframe>`);
      const frame = await (await framer.$('#f'))!.contentFrame();
      await frame!.waitForLoadState();
      expect(await frame!.locator('#staff-secret').count()).toBe(0);
    } finally {
      await framer.close();
    }
  });

  it('reconnects by itself when the edge restarts, and shows the counts it kept', async () => {
    const inside = (await text('.inside-count'))?.trim();
    const port = edge.port;
    await edge.close();
    await waitText('#conn', 'reconnecting…');
    edge = await startEdge({ logger: createLogger({ level: 'silent' }), config: { ...config, port } });
    await waitText('#conn', '● live');
    expect((await text('.inside-count'))?.trim()).toBe(inside);
    await edge.scan('north-1', codes[3]!.code);
    await waitText('.inside-count', String(Number(inside) + 1));
    // All along, under the page's Content-Security-Policy, nothing was refused.
    expect(violations).toEqual([]);
  });
});
