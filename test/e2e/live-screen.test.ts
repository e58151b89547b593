import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { launchChromium, watchCspViolations } from '../helpers/browser.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const chromiumBinary = requireBinary('chromium', 'chromium');
const socat = requireBinary('socat', 'socat');
const PIN = '5791';

/** The colours of the page's stylesheet, as getComputedStyle reports them. */
const AMBER = 'rgb(255, 176, 32)';
const RED = 'rgb(255, 92, 92)';
const NORMAL = 'rgb(242, 244, 248)';

describe.skipIf(!chromiumBinary.available || !socat.available)(
  'the live screen after a load: the journal’s last decisions, warnings in colour, the staff panel only for staff',
  () => {
    let cloud: TestCloud;
    let setup: PromoterSetup;
    let edge: RunningEdge;
    let browser: Browser;
    let relay: PtyPair;
    let cloudUp = false;
    let tickets: { id: string; code: string }[] = [];
    const violations: string[][] = [];

    const open = async (path: string): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      violations.push(await watchCspViolations(page));
      page.on('request', (req) => {
        if (!req.url().startsWith(edge.url)) throw new Error(`the page fetched ${req.url()}`);
      });
      await page.goto(`${edge.url}${path}`);
      await live(page);
      return page;
    };
    const live = (page: Page) =>
      eventually(
        async () => ((await page.locator('#conn').textContent())?.trim() === '● live' ? true : undefined),
        'the page is live',
      );
    const listed = (page: Page, count: number) =>
      eventually(
        async () => ((await page.locator('#scans li').count()) === count ? true : undefined),
        `${count} scans listed`,
      );
    // One in-page step finds the line and reads its style. The page replaces the health
    // lines on every status refresh; a locator's evaluate resolves the element first and
    // runs the function in a second step, and a line replaced in between is detached, and
    // a detached element's computed style is all empty strings.
    const style = (page: Page, selector: string, pseudo?: string) =>
      page.evaluate(`(() => {
        const el = document.querySelector(${JSON.stringify(selector)});
        if (!el) throw new Error('no ' + ${JSON.stringify(selector)} + ' on the page');
        const s = getComputedStyle(el, ${JSON.stringify(pseudo ?? null)});
        return { color: s.color, content: s.content };
      })()`) as Promise<{ color: string; content: string }>;

    beforeAll(async () => {
      cloud = await startTestCloud();
      cloudUp = true;
      setup = await setupEvent(cloud.api);
      // Ten is the most one order may hold.
      for (let i = 0; i < 3; i++) tickets.push(...(await buyTickets(cloud.api, setup, 9)).tickets);
      tickets = tickets.slice(0, 25);
      relay = await openPtyPair();
      edge = await startEdge({
        logger: createLogger({ level: 'silent' }),
        config: parseEdgeConfig({
          cloudUrl: cloud.url,
          nodeToken: setup.node.token,
          dataDir: mkdtempSync(join(tmpdir(), 'tixmo-screen-')),
          port: 0,
          host: '127.0.0.1',
          pullIntervalMs: 60_000,
          uploadIntervalMs: 200,
          staff: { pin: PIN },
          lanes: [
            { id: 'north-1', direction: 'entry' },
            { id: 'gate-2', direction: 'entry', actuator: { type: 'relay', path: relay.devicePath } },
          ],
        }),
      });
      await edge.syncNow();
      // 25 decisions before any screen is open: the first five are too old to be listed.
      for (const [i, t] of tickets.entries()) await edge.scan(i % 2 ? 'gate-2' : 'north-1', t.code);
      browser = await launchChromium(chromiumBinary.path!);
    });

    afterAll(async () => {
      await browser?.close();
      await edge?.close();
      if (cloudUp) await cloud.close();
      await relay?.close();
    });

    it('a wall screen lists the last 20 decisions from the journal right after a load and a reload, newest first, without ticket ids or a PIN box', async () => {
      const page = await open('/');
      await listed(page, 20);
      const meta = await page.locator('#scans li .meta').allTextContents();
      // Newest first: the 25th scan (index 24, even → north-1) on top, the 6th (index 5, gate-2) last.
      expect(meta.map((m) => m.split(' · ')[0])).toEqual(
        tickets
          .slice(5)
          .map((_, i) => (i % 2 ? 'north-1' : 'gate-2'))
          .reverse(),
      );
      expect(await page.locator('#scans li.admit .why').allTextContents()).toEqual(Array(20).fill('Welcome'));
      const html = await page.content();
      for (const t of tickets) expect(html).not.toContain(t.id);
      // Not hidden: absent. The wall screen's page carries no staff panel and no staff script.
      expect(await page.locator('#staff, #staff-secret, input[type="password"]').count()).toBe(0);
      expect(html).not.toContain('live-pass');

      // One more decision arrives live and pushes the oldest listed one out.
      await edge.scan('north-1', 'garbage');
      await eventually(
        async () =>
          (await page.locator('#scans li .why').first().textContent()) === 'Unreadable code'
            ? true
            : undefined,
        'the new decision on top',
      );
      expect(await page.locator('#scans li').count()).toBe(20);

      // A screen that lost its connection for a while shows, once back, what it missed.
      await page.evaluate('socket.disconnect()');
      await edge.scan('gate-2', tickets[0]!.code);
      await page.evaluate('socket.connect()');
      await eventually(
        async () =>
          (await page.locator('#scans li .why').first().textContent()) === 'Already inside / already used'
            ? true
            : undefined,
        'the decision made while away on top after the reconnect',
      );
      expect(await page.locator('#scans li').count()).toBe(20);
      expect(await page.locator('#scans li .why').nth(1).textContent()).toBe('Unreadable code');

      await page.reload();
      await live(page);
      await listed(page, 20);
      expect(await page.locator('#scans li .why').first().textContent()).toBe(
        'Already inside / already used',
      );
      expect(await page.locator('#scans li .why').nth(1).textContent()).toBe('Unreadable code');
      // The 8th scan (index 7, gate-2) is now the oldest listed.
      expect(await page.locator('#scans li .meta').last().textContent()).toMatch(/^gate-2 · /);
      await page.close();
    });

    it('the staff page has the PIN box, and once the PIN is given its list names the tickets', async () => {
      const page = await open('/?staff');
      expect(await page.locator('#staff-secret[type="password"]').count()).toBe(1);
      await listed(page, 20);
      expect(await page.locator('#scans .ticket').count()).toBe(0); // a public feed until the PIN is given
      await page.fill('#staff-secret', PIN);
      await page.fill('#staff-ticket', tickets[24]!.id);
      await page.click('button[data-act="lookup"]');
      // The staff page sees which tickets they were, newest first, as the journal has them
      // (a garbage read has none).
      const journal = edge.store.recentDecisions(20).flatMap((r) => (r.ticketId ? [r.ticketId] : []));
      expect(journal.length).toBeGreaterThanOrEqual(18);
      await eventually(
        async () => ((await page.locator('#scans li .ticket').count()) === journal.length ? true : undefined),
        'the staff list names the tickets',
      );
      expect(await page.locator('#scans li .ticket').allTextContents()).toEqual(journal);
      await page.close();
    });

    it('serves a favicon from the edge itself', async () => {
      const page = await open('/');
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      const res = await page.request.get(new URL(href!, edge.url).href);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      expect(await res.text()).toMatch(/^<svg /);
      await page.close();
    });

    it('health warnings are amber, faults red, each labelled; normal lines in the normal colour', async () => {
      const page = await open('/');
      await eventually(
        async () => ((await page.locator('#devices.ok').count()) === 1 ? true : undefined),
        'ok',
      );
      expect((await style(page, '#devices')).color).toBe(NORMAL);
      expect((await style(page, '#devices', '::before')).content).toBe('none');

      await relay.unplug();
      await eventually(
        async () => ((await page.locator('#devices.bad').count()) === 1 ? true : undefined),
        'bad',
      );
      expect(await style(page, '#devices')).toMatchObject({ color: RED });
      expect((await style(page, '#devices', '::before')).content).toBe('"FAULT"');
      await relay.replug();

      // The cloud goes away: the gate keeps its scans, and the screen says so in amber.
      cloudUp = false;
      await cloud.close();
      await edge.scan('north-1', 'garbage');
      await eventually(
        async () => ((await page.locator('#backlog.warn').count()) === 1 ? true : undefined),
        'warn',
      );
      expect(await page.locator('#backlog').textContent()).toMatch(/cloud unreachable, scans kept/);
      expect((await style(page, '#backlog')).color).toBe(AMBER);
      expect((await style(page, '#backlog', '::before')).content).toBe('"WARNING"');
      await page.close();
      // Under the pages' Content-Security-Policy, nothing was refused (the favicon included).
      expect(violations.flat()).toEqual([]);
    });
  },
);
