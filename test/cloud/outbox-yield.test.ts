import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_SALE_PASS_EVERY_MS } from '../../src/cloud/notifications/worker.ts';
import { ApiLoad } from '../../src/cloud/ops/api-load.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

describe('ApiLoad', () => {
  it('counts requests per second: the current second or the last full one, whichever is larger', () => {
    let now = 10_000;
    const load = new ApiLoad(() => now);
    for (let i = 0; i < 30; i++) load.mark();
    expect(load.perSecond()).toBe(30);
    now += 1000; // the next second: the last full one still counts
    load.mark();
    expect(load.perSecond()).toBe(30);
    now += 1000;
    expect(load.perSecond()).toBe(1);
    now += 5000; // a quiet spell forgets everything
    expect(load.perSecond()).toBe(0);
  });
});

describe('the outbox during an on-sale', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    // Mail as .eml files (no SMTP); a threshold so low that the flood below is an "on-sale"
    // however slow a loaded machine makes it.
    cloud = await startTestCloud({ flags: { outboxPollMs: 50, outboxYieldAboveRps: 2 } });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('yields to the requests but still sends: the confirmation goes out while the flood goes on', async () => {
    const setup = await setupEvent(cloud.api);
    const free = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
      name: 'Free',
      priceCents: 0,
      quantity: 10,
    });
    const buyer = await registerAccount(cloud.api, 'Flood buyer');
    let flooding = true;
    let floodRequests = 0;
    const flood = Promise.all(
      [1, 2, 3, 4].map(async () => {
        while (flooding) {
          await fetch(`${cloud.url}/healthz`).then((r) => r.arrayBuffer());
          floodRequests++;
        }
      }),
    );
    try {
      await eventually(() => (cloud.deps.load.perSecond() > 2 ? true : undefined), 'the flood is an on-sale');
      const yieldedBefore = cloud.outbox.totals.yielded;
      const order = await buyer.api.post('/orders', { items: [{ tierId: free.id, quantity: 1 }] });
      expect(order.status).toBe('CONFIRMED');
      const mailDir = join(cloud.dataDir, 'mail');
      const sentAt = await eventually(
        () =>
          existsSync(mailDir) && readdirSync(mailDir).some((f) => f.endsWith('.eml'))
            ? floodRequests
            : undefined,
        'the confirmation is written during the flood',
        1200,
      );
      expect(flooding).toBe(true);
      expect(sentAt).toBeGreaterThan(0);
      // The pass that sent it is followed by a pause instead of the next pass at once.
      await eventually(
        () => (cloud.outbox.totals.yielded > yieldedBefore ? true : undefined),
        'a pause after the pass during the flood',
      );
      // While the flood lasts the instance runs one pass per ON_SALE_PASS_EVERY_MS, so a
      // window shorter than that sees at most one pass start (back to back, it saw dozens).
      const passesBefore = cloud.outbox.totals.passes;
      await new Promise((r) => setTimeout(r, ON_SALE_PASS_EVERY_MS * 0.6));
      expect(cloud.deps.load.perSecond()).toBeGreaterThan(2);
      expect(cloud.outbox.totals.passes - passesBefore).toBeLessThanOrEqual(1);
      expect(flooding).toBe(true);
      expect(cloud.deps.load.perSecond()).toBeGreaterThan(2);
    } finally {
      flooding = false;
      await flood;
    }
  });
});
