import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { rawRequest } from './support.ts';

const browser = requireBinary('chromium', 'chromium');
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

describe('API reference at /api/v1/docs', () => {
  it('serves the page and its assets from this server only (no CDN)', async () => {
    const page = await fetch(`${cloud.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      expect(ref).not.toMatch(/^(https?:)?\/\//);
      const asset = await fetch(new URL(ref, `${cloud.url}/api/v1/docs`));
      expect(asset.status, ref).toBe(200);
    }
    expect((await fetch(`${cloud.url}/api/v1/docs/assets/package.json`)).status).toBe(404);
  });

  it('the OpenAPI 3.1 document lists the box-office routes', async () => {
    const doc = await rawRequest(cloud, 'GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/promo-codes/validate',
      '/tiers/{tierId}/availability',
      '/tickets/{ticketId}/transfer',
      '/events/{eventId}/cancel',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
  });

  it.skipIf(!browser.available)(
    'renders in headless Chromium with every request outside this server refused',
    async () => {
      const b = await chromium.launch({
        executablePath: browser.path!,
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
      try {
        const page = await b.newPage();
        const outside: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(cloud.url)) return route.continue();
          outside.push(url);
          return route.abort();
        });
        await page.goto(`${cloud.url}/api/v1/docs`);
        await page.locator('.opblock-summary-path', { hasText: '/promo-codes/validate' }).first().waitFor();
        expect(await page.locator('.info .title').first().textContent()).toMatch(/TixMo API/);
        expect(outside).toEqual([]);
      } finally {
        await b.close();
      }
    },
  );
});
