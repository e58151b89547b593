import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/shared/hlc.ts';
import type { Heartbeat } from '../../src/sync/protocol.ts';
import { type NodeFacts, nodeHealth, type ReconcileScan, reconcileEvent } from '../../src/sync/reconcile.ts';

const NOW = Date.UTC(2026, 5, 1, 21, 0, 0);
const SKEW = -600_000;

/** A node whose clock is ten minutes behind, reporting `correctionMs` (absent: a node that does not correct). */
function node(correctionMs: number | undefined): NodeFacts {
  const state: Heartbeat = {
    sentAt: new Date(NOW).toISOString(),
    // Synced a second ago, stamped on its own clock.
    manifest: { cursor: 'c', syncedAt: new Date(NOW - 1000 + SKEW).toISOString(), tickets: 1 },
    upload: { lastSeq: 1, ackedSeq: 1 },
    clock: { offsetMs: SKEW, boundMs: 2000, ...(correctionMs === undefined ? {} : { correctionMs }) },
    peers: [],
  };
  return {
    id: 'gate-m',
    name: 'Gate M',
    ackedSeq: 1,
    lives: [],
    lastSeenAt: null,
    heartbeatAt: new Date(NOW).toISOString(),
    state,
  };
}

/** Admitted two minutes after the ticket was revoked, stamped on the node's own (uncorrected) clock. */
const scan = (at: number): ReconcileScan => ({
  nodeId: 'gate-m',
  incarnation: '',
  seq: 1,
  laneId: 'in',
  ticketId: 't1',
  direction: 'entry',
  decision: 'admit',
  reason: 'ok',
  kind: 'scan',
  note: null,
  hlc: encodeHlc({ ms: at, counter: 0, node: 'gate-m' }),
  at: new Date(at).toISOString(),
});
const revokedAt = NOW - 5 * 60_000;
const reconcile = (n: NodeFacts, at: number) =>
  reconcileEvent({
    eventId: 'e1',
    scans: [scan(at)],
    tickets: new Map([['t1', { status: 'REFUNDED', statusChangedAt: new Date(revokedAt).toISOString() }]]),
    nodes: [n],
    now: new Date(NOW),
    lagAfterMs: 60_000,
  }).conflicts.map((c) => c.type);

describe('reconciliation on the cloud’s clock', () => {
  it('takes off the offset a node reported but did not correct (an older edge)', () => {
    expect(reconcile(node(undefined), revokedAt + 120_000 + SKEW)).toEqual(['admitted_after_revocation']);
    expect(nodeHealth(node(undefined), new Date(NOW), 60_000).manifestAgeSeconds).toBe(1);
  });

  it('trusts the times of a node that corrects them itself', () => {
    expect(reconcile(node(SKEW), revokedAt + 120_000)).toEqual(['admitted_after_revocation']);
    expect(reconcile(node(SKEW), revokedAt - 120_000)).toEqual([]);
    const corrected = node(SKEW);
    corrected.state!.manifest.syncedAt = new Date(NOW - 1000).toISOString();
    const health = nodeHealth(corrected, new Date(NOW), 60_000);
    expect(health.manifestAgeSeconds).toBe(1);
    expect(health.problems).toEqual([
      'clock off by -600000 ms (bound 2000 ms; its decisions use the cloud’s time)',
    ]);
  });
});
