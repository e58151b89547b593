import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';
import {
  type FakeStripe,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  signedWebhook,
  startFakeStripe,
} from '../helpers/stripe-fake.ts';

const socat = requireBinary('socat', 'socat');

describe.skipIf(!socat.available)('buyer → pay → scan → refund → scan rejected', () => {
  let stripe: FakeStripe;
  let cloud: TestCloud;
  let edge: CliProcess;
  let pty: PtyPair;

  afterAll(async () => {
    await edge?.kill();
    await pty?.close();
    await cloud?.close();
    stripe?.close();
  });

  it('a card-paid ticket gets in once; after a refund the gate rejects its code as revoked', async () => {
    // The cloud runs in this process so msw can stand in for Stripe's API; the edge is its own process.
    stripe = startFakeStripe();
    cloud = await startTestCloud({ env: { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } });
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api, 'Card buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    const payment = await buyer.api.post(`/orders/${order.id}/payment`);
    const pi = stripe.intents.get(payment.paymentIntentId)!;
    const { payload, header } = signedWebhook({
      id: 'evt_e2e_paid',
      type: 'payment_intent.succeeded',
      data: { object: { ...pi, status: 'succeeded', amount_received: pi.amount } },
    });
    const hook = await fetch(`${cloud.url}/api/v1/payments/webhook`, {
      method: 'POST',
      headers: { 'stripe-signature': header },
      body: payload,
    });
    expect(hook.status).toBe(200);
    const [ticket] = (await buyer.api.get('/me/tickets')).data as { id: string; code: string }[];
    expect(ticket).toBeDefined();

    pty = await openPtyPair();
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-pay-e2e-'));
    const configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: join(dir, 'edge'),
        port: await freePort(),
        host: '127.0.0.1',
        pullIntervalMs: 300,
        uploadIntervalMs: 200,
        // Ticket ids reach staff screens only: the test's screen shows this token.
        staff: { token: 'pay-e2e-staff-token-01234' },
        lanes: [{ id: 'main', direction: 'entry', scanners: [{ type: 'serial', path: pty.devicePath }] }],
      }),
    );
    edge = runCli(['edge', '--config', configFile]);
    const edgeUrl = (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
    const status = async () => (await (await fetch(`${edgeUrl}/api/v1/status`)).json()) as EdgeStatus;
    await eventually(
      async () => ((await status()).manifest.tickets === 1 ? true : undefined),
      'manifest with the paid ticket',
    );

    const scans: { decision: string; reason: string; ticketId?: string }[] = [];
    const socket = io(`${edgeUrl}/live`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'pay-e2e-staff-token-01234' },
    });
    socket.on('scan', (s) => scans.push(s));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

    pty.write(`${ticket!.code}\r\n`);
    expect(await eventually(() => scans[0], 'first scan')).toMatchObject({
      decision: 'admit',
      reason: 'ok',
      ticketId: ticket!.id,
    });

    const cursorBefore = (await status()).manifest.cursor;
    const refund = await setup.promoter.api.post(`/orders/${order.id}/refunds`, { ticketIds: [ticket!.id] });
    expect(refund).toMatchObject({ provider: 'stripe', status: 'succeeded', amountCents: 2500 });
    expect(stripe.refunds).toEqual([expect.objectContaining({ payment_intent: pi.id, amount: 2500 })]);
    await eventually(
      async () => ((await status()).manifest.cursor !== cursorBefore ? true : undefined),
      'the refund reaching the edge',
    );

    pty.write(`${ticket!.code}\r\n`);
    expect(await eventually(() => scans[1], 'scan after the refund')).toMatchObject({
      decision: 'reject',
      reason: 'revoked',
      ticketId: ticket!.id,
    });
    socket.close();
  });
});
