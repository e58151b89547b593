import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { peekTicketCode } from '../../src/shared/ticket-code.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  buyTickets,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

interface KeyList {
  data: { kid: string; signing: boolean; revokedAt: string | null }[];
}

describe('event keys (with rotation) and gate rules travel to the gates', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-keys-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 600_000,
        lanes: [{ id: 'in', direction: 'entry' }],
      }),
    });
    await edge.syncNow();
  });

  afterAll(async () => {
    await edge?.close();
    await cloud?.close();
  });

  it('signs new codes with the new key, keeps old codes valid until their key is revoked', async () => {
    const { tickets: before } = await buyTickets(cloud.api, setup, 2);
    const rotated = await setup.promoter.api.post<KeyList>(`/events/${setup.eventId}/keys/rotate`);
    expect(rotated.data).toHaveLength(2);
    const [oldKey, newKey] = rotated.data as [KeyList['data'][0], KeyList['data'][0]];
    expect([oldKey.signing, newKey.signing]).toEqual([false, true]);
    const { tickets: after } = await buyTickets(cloud.api, setup, 1);
    expect(peekTicketCode(before[0]!.code)!.kid).toBe(oldKey.kid);
    expect(peekTicketCode(after[0]!.code)!.kid).toBe(newKey.kid);

    await eventually(() => (edge.store.ticket(after[0]!.id) ? true : undefined), 'new ticket at the edge');
    expect((await edge.scan('in', before[0]!.code))!.row.reason).toBe('ok');
    expect((await edge.scan('in', after[0]!.code))!.row.reason).toBe('ok');

    await expectApiError(
      setup.promoter.api.post(`/events/${setup.eventId}/keys/${newKey.kid}/revoke`),
      409,
      'CONFLICT',
    );
    const revoked = await setup.promoter.api.post<KeyList>(
      `/events/${setup.eventId}/keys/${oldKey.kid}/revoke`,
    );
    expect(revoked.data[0]!.revokedAt).not.toBeNull();
    // The revocation reaches the gate by wake-up: the old key's codes no longer verify.
    await eventually(async () => {
      const r = await edge.scan('in', before[1]!.code);
      return r!.row.reason === 'bad_signature' ? true : undefined;
    }, 'old key withdrawn at the edge');
  });

  it('carries the re-entry policy and tier windows to the gate', async () => {
    const from = '2030-01-01T10:00:00.000Z';
    const until = '2030-01-01T22:00:00.000Z';
    const saved = await setup.promoter.api.request('PUT', `/events/${setup.eventId}/gate-rules`, {
      reentryPolicy: 'single',
      tiers: [{ tierId: setup.tierId, validFrom: from, validUntil: until }],
    });
    expect(saved.reentryPolicy).toBe('single');
    // Tier windows are stored at the edge as they arrive (woken, no poll).
    await eventually(() => {
      const tier = edge.store.events()[0]?.tiers.find((t) => t.id === setup.tierId);
      return tier?.validFrom === from ? true : undefined;
    }, 'tier window at the edge');
    const page = await cloud.api.as(setup.node.token).get('/sync/manifest?limit=1');
    const event = page.events.find((e: { id: string }) => e.id === setup.eventId);
    expect(event.reentryPolicy).toBe('single');
    expect(event.tiers.find((t: { id: string }) => t.id === setup.tierId)).toMatchObject({
      validFrom: from,
      validUntil: until,
    });
    await expectApiError(
      setup.promoter.api.request('PUT', `/events/${setup.eventId}/gate-rules`, {
        tiers: [{ tierId: setup.tierId, validFrom: until, validUntil: from }],
      }),
      400,
      'BAD_REQUEST',
    );
    await expectApiError(
      setup.promoter.api.request('PUT', `/events/${setup.eventId}/gate-rules`, {
        reentryPolicy: 'sometimes',
      }),
      400,
      'BAD_REQUEST',
    );
  });

  it('is for the organization’s managers only', async () => {
    await expectApiError(
      (await registerAccount(cloud.api, 'Nosy')).api.request('PUT', `/events/${setup.eventId}/gate-rules`, {
        reentryPolicy: 'single',
      }),
      404,
      'NOT_FOUND',
    );
    const stranger = await registerAccount(cloud.api, 'Stranger');
    await expectApiError(stranger.api.post(`/events/${setup.eventId}/keys/rotate`), 404, 'NOT_FOUND');
    await expectApiError(stranger.api.get(`/events/${setup.eventId}/keys`), 404, 'NOT_FOUND');
    await expectApiError(
      setup.promoter.api.post(`/events/${setup.eventId}/keys/not-a-key/revoke`),
      404,
      'NOT_FOUND',
    );
  });
});
