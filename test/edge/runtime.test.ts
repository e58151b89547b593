import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/cloud/config.ts';
import { startCloud } from '../../src/cloud/server.ts';
import { CloudApi } from '../../src/demo/api-client.ts';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import {
  generateEventKey,
  importEventKey,
  peekTicketCode,
  signTicketCode,
} from '../../src/shared/ticket-code.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const silent = createLogger({ level: 'silent' });

describe('edge runtime against a real cloud', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;
  let codes: { id: string; code: string }[];

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 6));
    edge = await startEdge({
      logger: silent,
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-edge-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 60_000,
        uploadIntervalMs: 100,
        // Manifest changes must not arrive by themselves here: one test needs a ticket the edge has not pulled yet.
        watchManifest: false,
        lanes: [
          { id: 'north-1', direction: 'entry' },
          { id: 'north-2', direction: 'entry' },
          { id: 'out-1', direction: 'exit' },
        ],
      }),
    });
    await edge.syncNow();
  });

  afterAll(async () => {
    await edge?.close();
    await cloud?.close();
  });

  it('admits one of two lanes that read the same ticket at the same moment', async () => {
    const code = codes[0]!.code;
    const results = await Promise.all([edge.scan('north-1', code), edge.scan('north-2', code)]);
    const reasons = results.map((r) => r!.row.reason).sort();
    expect(reasons).toEqual(['already_inside', 'ok']);
  });

  it('lets a person out and back in, and refuses an exit of someone not inside', async () => {
    const code = codes[1]!.code;
    expect((await edge.scan('out-1', code))!.row).toMatchObject({ decision: 'reject', reason: 'not_inside' });
    expect((await edge.scan('north-1', code))!.row.decision).toBe('admit');
    const out = await edge.scan('out-1', code);
    expect(out!.row).toMatchObject({ decision: 'admit', direction: 'exit' });
    expect(out!.occupancy).toMatchObject({ exits: 1 });
    expect((await edge.scan('north-1', code))!.row.decision).toBe('admit');
  });

  it('admits a ticket sold after the last manifest sync, on its signature alone', async () => {
    const { tickets } = await buyTickets(cloud.api, setup, 1);
    expect(edge.store.ticket(tickets[0]!.id)).toBeUndefined();
    expect((await edge.scan('north-1', tickets[0]!.code))!.row).toMatchObject({
      decision: 'admit',
      ticketId: tickets[0]!.id,
    });
  });

  it('rejects a forged code that claims the event’s key id', async () => {
    const real = peekTicketCode(codes[2]!.code)!;
    const forger = await generateEventKey(real.kid);
    const forged = await signTicketCode(real.claims, {
      kid: real.kid,
      privateKey: await importEventKey(forger.privateJwk as JWK),
    });
    expect((await edge.scan('north-1', forged))!.row).toMatchObject({
      decision: 'reject',
      reason: 'bad_signature',
      ticketId: null,
    });
  });

  it('rejects a ticket of another venue’s event as wrong_event', async () => {
    const other = await setupEvent(cloud.api);
    const { tickets } = await buyTickets(cloud.api, other, 1);
    expect((await edge.scan('north-1', tickets[0]!.code))!.row).toMatchObject({
      decision: 'reject',
      reason: 'wrong_event',
    });
  });

  it('ignores empty reads and records garbage as malformed', async () => {
    const before = edge.store.lastJournalSeq();
    expect(await edge.scan('north-1', '  \u0000 ')).toBeNull();
    expect(edge.store.lastJournalSeq()).toBe(before);
    expect((await edge.scan('north-1', 'DROP TABLE journal;'))!.row).toMatchObject({
      reason: 'malformed',
      ticketId: null,
    });
    expect(edge.store.lastJournalSeq()).toBe(before + 1);
  });

  it('uploads every journal row, and the cloud holds exactly as many as the journal', async () => {
    await eventually(() => (edge.status().upload.pending === 0 ? true : undefined), 'backlog drained');
    const nodes = await setup.promoter.api.get(`/venues/${setup.venueId}/edge-nodes`);
    expect(nodes.data[0].ackedSeq).toBe(edge.store.lastJournalSeq());
    const admitted = edge.store.admissions().filter((a) => a.eventId === setup.eventId);
    const attendance = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
    expect(attendance.entries).toBe(admitted.filter((a) => a.direction === 'entry').length);
    expect(attendance.exits).toBe(admitted.filter((a) => a.direction === 'exit').length);
  });
});

describe('edge upload while the cloud is down', () => {
  it('keeps scanning offline and delivers the backlog exactly once when the cloud returns', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-cloud-'));
    const config = loadCloudConfig({ port: 0, dataDir, logLevel: 'silent' }, {});
    let cloud = await startCloud(config, silent);
    const api = new CloudApi(cloud.url);
    const setup = await setupEvent(api);
    const { tickets } = await buyTickets(api, setup, 3);
    const edge = await startEdge({
      logger: silent,
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-edge-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 60_000,
        uploadIntervalMs: 100,
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    });
    try {
      await edge.syncNow();
      expect((await edge.scan('north-1', tickets[0]!.code))!.row.decision).toBe('admit');
      await eventually(() => (edge.status().upload.ackedSeq === 1 ? true : undefined), 'first scan uploaded');

      await cloud.close();
      for (const t of tickets.slice(1))
        expect((await edge.scan('north-1', t.code))!.row.decision).toBe('admit');
      expect((await edge.scan('north-1', tickets[1]!.code))!.row.reason).toBe('already_inside');
      await eventually(() => (edge.status().upload.lastError ? true : undefined), 'upload failure noticed');
      expect(edge.status().upload).toMatchObject({ pending: 3, ackedSeq: 1 });

      cloud = await startCloud({ ...config, port: cloud.port }, silent);
      await eventually(
        () => (edge.status().upload.pending === 0 ? true : undefined),
        'backlog delivered after the cloud came back',
      );
      const attendance = await api.as(setup.promoter.accessToken).get(`/events/${setup.eventId}/attendance`);
      expect(attendance).toMatchObject({ entries: 3, inside: 3 });
      const nodes = await api.as(setup.promoter.accessToken).get(`/venues/${setup.venueId}/edge-nodes`);
      expect(nodes.data[0].ackedSeq).toBe(4);
    } finally {
      await edge.close();
      await cloud.close();
    }
  });
});
