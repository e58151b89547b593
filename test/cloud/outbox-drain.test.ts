import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/cloud/db/schema.ts';
import type { Channel } from '../../src/cloud/notifications/channel.ts';
import { enqueue } from '../../src/cloud/notifications/outbox.ts';
import { OutboxWorker } from '../../src/cloud/notifications/worker.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { eventually } from '../helpers/processes.ts';

/**
 * drain() is how tests and benchmarks wait for the outbox: "drained" must mean every
 * outcome is recorded. A delivery that one of the worker's own loops claimed a moment
 * earlier is still `sending` when drain's first pass finds nothing due. A paired CI run
 * read a webhook log right after drain() and found one delivery `sending`, although its
 * receiver already had the message.
 */
describe('the outbox worker draining', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    // The instance's own worker stays out of the way of the one under test.
    await cloud.outbox.close();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('waits for a delivery its loop claimed before it was called, until the outcome is recorded', async () => {
    let entered!: () => void;
    const inDeliver = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Channel = {
      name: 'email',
      async plan(_db, rows) {
        return rows.map((r) => ({ outboxId: r.id, template: 'probe', recipient: 'nobody', orgId: null }));
      },
      async deliver(batch, report) {
        entered();
        await released;
        for (const d of batch) report(d.id, { ok: true });
      },
      async close() {},
    };
    const worker = new OutboxWorker(cloud.deps, [slow], { loops: 1 });
    worker.start();
    try {
      const outboxId = await enqueue(cloud.deps.db, { kind: 'notification.test' }, cloud.deps.now());
      worker.wake();
      await inDeliver; // the loop has claimed it and is sending

      let drained = false;
      const draining = worker.drain().then(() => {
        drained = true;
      });
      // drain()'s own passes find nothing due (the row is claimed); it must still wait.
      // Its first pass is done once the delivery row has been read as claimed by it: wait
      // for a few passes' worth of database round trips before looking.
      await eventually(async () => {
        const [row] = await cloud.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, outboxId));
        return row?.status === 'sending' ? row : undefined;
      }, 'the delivery is claimed');
      for (let i = 0; i < 5; i++) await cloud.deps.db.select().from(deliveries).limit(1);
      expect(drained).toBe(false);

      release();
      await draining;
      const [row] = await cloud.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, outboxId));
      expect({ status: row!.status, attempts: row!.attempts }).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      release();
      await worker.close();
    }
  });
});
