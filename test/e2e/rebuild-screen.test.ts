import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, setupEvent } from '../helpers/factories.ts';
import { type HttpProxy, startHttpProxy } from '../helpers/http-proxy.ts';
import { eventually } from '../helpers/processes.ts';

const chromiumBinary = requireBinary('chromium', 'chromium');
const admissionsRoute = '/api/v1/sync/admissions';

/** What a technician sees on the wall screen of a gate whose data dir is new. */
describe.skipIf(!chromiumBinary.available)('the live screen of a gate learning who is inside', () => {
  let cloud: TestCloud;
  let proxy: HttpProxy;
  let edge: RunningEdge;
  let browser: Browser;
  let page: Page;
  let codes: { id: string; code: string }[];

  const text = async (selector: string) =>
    (await page.locator(selector).count()) > 0 ? await page.locator(selector).first().textContent() : null;

  beforeAll(async () => {
    cloud = await startTestCloud();
    proxy = await startHttpProxy(Number(new URL(cloud.url).port));
    proxy.refuse(admissionsRoute, 503);
    const setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 2));
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: proxy.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-rebuild-screen-')),
        port: 0,
        host: '127.0.0.1',
        rebuildTimeoutSeconds: 600,
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    });
    await edge.syncNow();
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
    page = await browser.newPage();
    await page.goto(`${edge.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await edge?.close();
    await proxy?.close();
    await cloud?.close();
  });

  it('says the gate is learning who is inside and why reads are refused, and clears once it knows', async () => {
    await eventually(
      async () => ((await text('#rebuild'))?.includes('learning who is inside') ? true : undefined),
      'the screen shows the rebuild',
    );
    expect(await text('#rebuild')).toMatch(/waiting for the cloud \(HTTP 503.*\); entries wait/);
    expect(await page.locator('#rebuild.bad').count()).toBe(1);
    expect((await edge.scan('north-1', codes[0]!.code))!.row.reason).toBe('rebuilding');
    await eventually(
      async () =>
        (await text('#scans li .why')) === 'Gate starting: learning who is inside, try again shortly'
          ? true
          : undefined,
      'the refused read is told in words',
    );

    proxy.allow(admissionsRoute);
    await eventually(
      async () => ((await text('#rebuild')) === null ? true : undefined),
      'the notice goes away',
    );
    expect((await edge.scan('north-1', codes[0]!.code))!.row.reason).toBe('ok');
  });
});
