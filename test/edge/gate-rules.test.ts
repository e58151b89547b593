import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import {
  generateEventKey,
  importEventKey,
  peekTicketCode,
  signTicketCode,
} from '../../src/shared/ticket-code.ts';
import type { ManifestTicket, ScanReason } from '../../src/sync/protocol.ts';
import { type HandEvent, handEvent, manifestPage } from '../helpers/manifest.ts';

/**
 * Every reason code of docs/architecture.md §5, decided by a running edge on a manifest applied
 * through EdgeStore.applyManifestPage (the cloud does not send re-entry policies or
 * tier windows yet). The clock is injected, so doors opening is a step, not a wait.
 */
const silent = createLogger({ level: 'silent' });
const t0 = new Date('2026-07-01T18:00:00Z');
const hour = 3600_000;

describe('gate rules on a hand-built manifest', () => {
  let now = t0;
  let edge: RunningEdge;
  let strict: RunningEdge;
  let reentry: HandEvent;
  let single: HandEvent;
  let unlimited: HandEvent;
  let doors: HandEvent;
  let cancelledEvent: HandEvent;
  const tickets: ManifestTicket[] = [];
  const ticket = (event: HandEvent, id: string, tier = 'ga', over: Partial<ManifestTicket> = {}) => {
    tickets.push({
      id,
      eventId: event.event.id,
      tierId: `${event.event.id}-${tier}`,
      status: 'VALID',
      version: 1,
      ...over,
    });
    return { id, tierId: `${event.event.id}-${tier}` };
  };
  const scan = async (lane: string, code: string) => {
    const out = await edge.scan(lane, code);
    return out ? `${out.row.decision}:${out.row.reason}` : 'none';
  };

  beforeAll(async () => {
    reentry = await handEvent(
      'ev-r',
      {
        tiers: [
          { id: 'ev-r-ga', name: 'GA' },
          { id: 'ev-r-vip', name: 'VIP' },
          {
            id: 'ev-r-day1',
            name: 'Day 1',
            validFrom: null,
            validUntil: new Date(t0.getTime() - 60_000).toISOString(),
          },
          { id: 'ev-r-day2', name: 'Day 2', validFrom: new Date(t0.getTime() + 24 * hour).toISOString() },
        ],
      },
      t0,
    );
    single = await handEvent('ev-s', { reentryPolicy: 'single' }, t0);
    unlimited = await handEvent('ev-u', { reentryPolicy: 'unlimited' }, t0);
    doors = await handEvent('ev-d', { doorsAt: new Date(t0.getTime() + hour).toISOString() }, t0);
    cancelledEvent = await handEvent('ev-c', { status: 'CANCELLED' }, t0);
    for (const [id, tier, over] of [
      ['r1', 'ga', {}],
      ['r2', 'ga', {}],
      ['r3', 'ga', {}],
      ['r-vip', 'vip', {}],
      ['r-day1', 'day1', {}],
      ['r-day2', 'day2', {}],
      ['r-reissued', 'ga', { version: 2 }],
      ['r-refunded', 'ga', { status: 'REFUNDED' }],
      ['r-cancelled', 'ga', { status: 'CANCELLED' }],
    ] as const)
      ticket(reentry, id, tier, over);
    ticket(single, 's1');
    ticket(unlimited, 'u1');
    ticket(doors, 'd1');
    ticket(cancelledEvent, 'c1');
    const page = manifestPage(
      [reentry, single, unlimited, doors, cancelledEvent].map((e) => e.event),
      tickets,
    );
    const config = (unknownTickets: 'admit' | 'reject') =>
      parseEdgeConfig({
        cloudUrl: 'http://127.0.0.1:9',
        nodeToken: 'node-hand.secret-secret',
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-rules-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 3600_000,
        uploadIntervalMs: 3600_000,
        // No cloud here: decide at once instead of waiting to learn who is inside.
        rebuildTimeoutSeconds: 0,
        logLevel: 'silent',
        unknownTickets,
        lanes: [
          { id: 'in', direction: 'entry' },
          { id: 'out', direction: 'exit' },
          { id: 'vip-door', direction: 'entry', allowedTiers: ['VIP'] },
        ],
      });
    edge = await startEdge({ config: config('admit'), logger: silent, now: () => now });
    strict = await startEdge({ config: config('reject'), logger: silent, now: () => now });
    for (const e of [edge, strict]) {
      e.store.applyManifestPage(page, now);
      await e.reloadManifest();
    }
  });

  afterAll(async () => {
    await edge?.close();
    await strict?.close();
  });

  it('ok, already_inside, not_inside, and re-entry after an exit (policy "reentry", the default)', async () => {
    const code = await reentry.sign(ticket(reentry, 'r1'));
    expect(await scan('out', code)).toBe('reject:not_inside');
    expect(await scan('in', code)).toBe('admit:ok');
    expect(await scan('in', code)).toBe('reject:already_inside');
    expect(await scan('out', code)).toBe('admit:ok');
    expect(await scan('in', code)).toBe('admit:ok');
  });

  it('policy "single": one entry ever, even after leaving', async () => {
    const code = await single.sign({ id: 's1', tierId: 'ev-s-ga' });
    expect(await scan('in', code)).toBe('admit:ok');
    expect(await scan('out', code)).toBe('admit:ok');
    expect(await scan('in', code)).toBe('reject:already_inside');
  });

  it('policy "unlimited": no anti-passback', async () => {
    const code = await unlimited.sign({ id: 'u1', tierId: 'ev-u-ga' });
    expect(await scan('in', code)).toBe('admit:ok');
    expect(await scan('in', code)).toBe('admit:ok');
  });

  it('not_yet_valid before doors open (entries only), ok once they are', async () => {
    const code = await doors.sign({ id: 'd1', tierId: 'ev-d-ga' });
    expect(await scan('in', code)).toBe('reject:not_yet_valid');
    now = new Date(t0.getTime() + 2 * hour);
    try {
      expect(await scan('in', code)).toBe('admit:ok');
    } finally {
      now = t0;
    }
  });

  it('per-tier windows: not_yet_valid before a day pass starts, expired after it ends', async () => {
    expect(await scan('in', await reentry.sign({ id: 'r-day2', tierId: 'ev-r-day2' }))).toBe(
      'reject:not_yet_valid',
    );
    expect(await scan('in', await reentry.sign({ id: 'r-day1', tierId: 'ev-r-day1' }))).toBe(
      'reject:expired',
    );
  });

  it('the code’s own validity window: not_yet_valid and expired', async () => {
    const early = await reentry.sign({ id: 'r2', tierId: 'ev-r-ga', nbf: new Date(t0.getTime() + hour) });
    const late = await reentry.sign({ id: 'r2', tierId: 'ev-r-ga', exp: new Date(t0.getTime() - hour) });
    expect(await scan('in', early)).toBe('reject:not_yet_valid');
    expect(await scan('in', late)).toBe('reject:expired');
  });

  it('revoked (re-issued or refunded) and cancelled (ticket or event)', async () => {
    expect(await scan('in', await reentry.sign({ id: 'r-reissued', tierId: 'ev-r-ga', version: 1 }))).toBe(
      'reject:revoked',
    );
    expect(await scan('in', await reentry.sign({ id: 'r-reissued', tierId: 'ev-r-ga', version: 2 }))).toBe(
      'admit:ok',
    );
    expect(await scan('in', await reentry.sign({ id: 'r-refunded', tierId: 'ev-r-ga' }))).toBe(
      'reject:revoked',
    );
    expect(await scan('in', await reentry.sign({ id: 'r-cancelled', tierId: 'ev-r-ga' }))).toBe(
      'reject:cancelled',
    );
    expect(await scan('in', await cancelledEvent.sign({ id: 'c1', tierId: 'ev-c-ga' }))).toBe(
      'reject:cancelled',
    );
  });

  it('tier_not_allowed on a lane for other tiers (matched by tier name or id)', async () => {
    expect(await scan('vip-door', await reentry.sign({ id: 'r3', tierId: 'ev-r-ga' }))).toBe(
      'reject:tier_not_allowed',
    );
    expect(await scan('vip-door', await reentry.sign({ id: 'r-vip', tierId: 'ev-r-vip' }))).toBe('admit:ok');
  });

  it('malformed, bad_signature and wrong_event', async () => {
    expect(await scan('in', 'https://example.com/not-a-ticket')).toBe('reject:malformed');
    const real = peekTicketCode(await reentry.sign({ id: 'r3', tierId: 'ev-r-ga' }))!;
    const forger = await generateEventKey(real.kid);
    const forged = await signTicketCode(real.claims, {
      kid: real.kid,
      privateKey: await importEventKey(forger.privateJwk as JWK),
    });
    expect(await scan('in', forged)).toBe('reject:bad_signature');
    const elsewhere = await handEvent('ev-elsewhere', {}, t0);
    expect(await scan('in', await elsewhere.sign({ id: 'x1', tierId: 'ev-elsewhere-ga' }))).toBe(
      'reject:wrong_event',
    );
  });

  it('unknown_ticket where the venue refuses codes the manifest does not list; admitted on signature otherwise', async () => {
    const sold = await reentry.sign({ id: 'sold-after-sync', tierId: 'ev-r-ga' });
    expect((await strict.scan('in', sold))!.row).toMatchObject({
      decision: 'reject',
      reason: 'unknown_ticket',
    });
    expect(await scan('in', sold)).toBe('admit:ok');
  });

  it('produced every reason code of docs/architecture.md §5 along the way', () => {
    const seen = new Set<ScanReason>();
    for (const e of [edge, strict]) for (const row of e.store.journalAfter(0, 1000)) seen.add(row.reason);
    expect([...seen].sort()).toEqual(
      [
        'ok',
        'malformed',
        'bad_signature',
        'wrong_event',
        'not_yet_valid',
        'expired',
        'revoked',
        'cancelled',
        'tier_not_allowed',
        'already_inside',
        'not_inside',
        'unknown_ticket',
      ].sort(),
    );
  });
});
