import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/cloud/db/schema.ts';
import type { Channel, ClaimedDelivery } from '../../src/cloud/notifications/channel.ts';
import type { MailOutcome, RenderRequest } from '../../src/cloud/notifications/email/jobs.ts';
import { MailSender } from '../../src/cloud/notifications/email/mail-sender.ts';
import { enqueue } from '../../src/cloud/notifications/outbox.ts';
import { OutboxWorker } from '../../src/cloud/notifications/worker.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * A cloud that stops must not start sending anything new: a mail thread started during
 * shutdown runs at low priority, and on a busy CPU the shutdown then waited minutes on it.
 */
describe('the outbox worker while it closes', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    // The instance's own worker stays out of the way of the one under test.
    await cloud.outbox.close();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('a pass that was fanning out when close() came claims nothing: the delivery stays pending for the next start', async () => {
    let entered!: () => void;
    const inPlan = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const delivered: string[] = [];
    const gated: Channel = {
      name: 'email',
      async plan(_db, rows) {
        entered();
        await released;
        return rows.map((r) => ({ outboxId: r.id, template: 'probe', recipient: 'nobody', orgId: null }));
      },
      async deliver(batch, report) {
        for (const d of batch) {
          delivered.push(d.id);
          report(d.id, { ok: true });
        }
      },
      async close() {},
    };
    const worker = new OutboxWorker(cloud.deps, [gated], { loops: 1 });
    worker.start();
    const outboxId = await enqueue(cloud.deps.db, { kind: 'notification.test' }, cloud.deps.now());
    worker.wake();
    await inPlan;
    const closing = worker.close();
    release();
    await closing;
    expect(delivered).toEqual([]);
    const rows = await cloud.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, outboxId));
    expect(rows.map((r) => ({ status: r.status, attempts: r.attempts }))).toEqual([
      { status: 'pending', attempts: 0 },
    ]);
    // Closing twice (the server closes its worker again) is the same close.
    await worker.close();
  });
});

describe('the mail sender once closed', () => {
  it('answers a send at once with no outcome, so the claim is given back, and starts no mail thread', async () => {
    const mailDir = mkdtempSync(join(tmpdir(), 'tixmo-closed-mail-'));
    const sender = new MailSender(
      { smtpUrl: null, connections: 1, mailDir },
      createLogger({ level: 'silent' }),
    );
    await sender.close();
    const delivery = { id: 'delivery-after-close', template: 'notification_test' } as ClaimedDelivery;
    const outcomes: MailOutcome[] = [];
    // Nothing of the request is read: a closed sender renders nothing.
    await sender.send({ deliveries: [delivery] } as unknown as RenderRequest, (o) => outcomes.push(o));
    expect(outcomes).toEqual([]);
    expect(readdirSync(mailDir)).toEqual([]);
  });
});
