import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../helpers/binaries.ts';
import { launchChromium, watchCspViolations } from '../helpers/browser.ts';
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
    // No public URL configured: the server is where the document was fetched from.
    expect(doc.body.servers).toEqual([{ url: `${cloud.url}/api/v1`, description: 'This TixMo cloud' }]);
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
    'renders in headless Chromium under its CSP, with no violation and every request outside this server refused',
    async () => {
      const b = await launchChromium(browser.path!);
      try {
        const page = await b.newPage();
        const violations = await watchCspViolations(page);
        const outside: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(cloud.url)) return route.continue();
          outside.push(url);
          return route.abort();
        });
        const response = await page.goto(`${cloud.url}/api/v1/docs`);
        expect(response!.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        await page.locator('.opblock-summary-path', { hasText: '/promo-codes/validate' }).first().waitFor();
        expect(await page.locator('.info .title').first().textContent()).toMatch(/TixMo API/);
        // Try a call from the page: the policy lets it reach this server.
        await page
          .locator('.opblock-summary-path', { hasText: /^\/events$/ })
          .first()
          .click();
        await page.locator('.opblock.is-open .try-out__btn').first().click();
        await page.locator('.opblock.is-open .execute').first().click();
        await page
          .locator('.opblock.is-open .live-responses-table tbody .response-col_status')
          .first()
          .waitFor();
        expect(
          await page
            .locator('.opblock.is-open .live-responses-table tbody .response-col_status')
            .first()
            .textContent(),
        ).toMatch(/200/);
        expect(outside).toEqual([]);
        expect(violations).toEqual([]);
      } finally {
        await b.close();
      }
    },
  );

  it('every answer carries the security headers; JSON may load nothing and nothing may frame a page', async () => {
    for (const path of [
      '/api/v1/docs',
      '/api/v1/openapi.json',
      '/api/v1/events',
      '/api/v1/nope',
      '/healthz',
    ]) {
      const res = await fetch(`${cloud.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      // HSTS only when configured for TLS.
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
    const json = await fetch(`${cloud.url}/api/v1/events`);
    expect(json.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const page = await fetch(`${cloud.url}/api/v1/docs`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // Nothing inline may run and nothing from elsewhere may load (style attributes aside).
    const policy = page.headers.get('content-security-policy')!.replace(/style-src-attr [^;]*/, '');
    expect(policy).not.toMatch(/unsafe|https?:/);
  });
});

describe('HSTS, when the cloud is reached over HTTPS', () => {
  it('is sent with the configured max-age', async () => {
    const tls = await startTestCloud({ flags: { hstsMaxAgeSeconds: 31_536_000 } });
    try {
      const res = await fetch(`${tls.url}/api/v1/events`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await tls.close();
    }
  });
});
