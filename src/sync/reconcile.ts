import { z } from 'zod';
import type { Heartbeat } from './protocol.ts';

/**
 * Reconciliation rules for ops (docs/architecture.md §6), pure so they can be read in one place:
 * merge every node's scans per ticket in HLC order, then list what needs a human —
 * double admissions (two entries without an exit between: a partition), admissions of
 * tickets refunded or cancelled before the scan, manual overrides — and nodes that lag.
 *
 * Times are the cloud's: edges stamp scans (HLC and `at`) on their clock corrected
 * towards the cloud's (src/sync/edge/venue-clock.ts). Whatever a node reports it did
 * not correct (an older edge, a clock beyond the correction limit) is taken off here
 * with the offset it reported (`uncorrectedMs`).
 */
export interface ReconcileScan {
  nodeId: string;
  /** The node's journal life ('' = from before incarnations existed). */
  incarnation: string;
  seq: number;
  laneId: string;
  ticketId: string | null;
  direction: string;
  decision: string;
  reason: string;
  kind: string | null;
  note: string | null;
  hlc: string;
  at: string;
}

export interface TicketFacts {
  status: string;
  /** When the ticket stopped being VALID; null when unknown or still valid. */
  statusChangedAt: string | null;
}

/** One journal life of a node (a data dir); a wiped or replaced one starts another. */
export interface LifeFacts {
  incarnation: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The last seq this life reported journaled (heartbeat). */
  reportedSeq: number;
  /** The top of its gap-free run in the cloud. */
  ackedSeq: number;
}

export interface NodeFacts {
  id: string;
  name: string;
  /** Ack of the life that uploaded last (used when the node reports no lives yet). */
  ackedSeq: number;
  lives: LifeFacts[];
  lastSeenAt: string | null;
  heartbeatAt: string | null;
  state: Heartbeat | null;
  /** When the cloud revoked the node; its reports stop for good then, which is not a problem to chase. */
  revokedAt?: string | null;
}

export const conflictTypes = ['double_admission', 'admitted_after_revocation', 'manual_override'] as const;

const scanRef = z.object({
  nodeId: z.string(),
  /** The node's journal life; absent for rows from before incarnations existed. */
  incarnation: z.string().optional(),
  seq: z.number().int(),
  laneId: z.string(),
  direction: z.string(),
  kind: z.string().nullable(),
  note: z.string().nullable(),
  hlc: z.string(),
  at: z.string(),
});

export const nodeHealthSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  lastSeenAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  manifestCursor: z.string().nullable(),
  manifestSyncedAt: z.string().nullable(),
  manifestAgeSeconds: z.number().nullable(),
  tickets: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  ackedSeq: z.number().int(),
  backlog: z.number().int().nullable(),
  clockOffsetMs: z.number().nullable(),
  clockBoundMs: z.number().nullable(),
  peersReachable: z.number().int(),
  peers: z.number().int(),
  /** The journal life the node runs now (null: from before incarnations existed). */
  incarnation: z.string().nullable().optional(),
  /** When that life started (the data dir was new, wiped or replaced) — null before its first upload or heartbeat. */
  journalSince: z.string().nullable().optional(),
  /** Earlier lives of this node (data dirs replaced since it was registered). */
  earlierLives: z.number().int().optional(),
  /** Scans earlier lives reported journaled but never uploaded (lost with their data dir, unless it comes back). */
  earlierNotUploaded: z.number().int().optional(),
  problems: z.array(z.string()),
  /** Set when the node was revoked: its token is refused, so it is not counted as lagging. */
  revokedAt: z.string().nullable().optional(),
});
export type NodeHealth = z.infer<typeof nodeHealthSchema>;

export const reconciliationSchema = z.object({
  eventId: z.string(),
  totals: z.object({
    entries: z.number().int(),
    exits: z.number().int(),
    inside: z.number().int(),
    rejects: z.number().int(),
  }),
  perNodeLane: z.array(
    z.object({
      nodeId: z.string(),
      nodeName: z.string(),
      laneId: z.string(),
      entries: z.number().int(),
      exits: z.number().int(),
      rejects: z.number().int(),
      manual: z.number().int(),
      annulled: z.number().int(),
    }),
  ),
  conflicts: z.array(
    z.object({
      type: z.enum(conflictTypes),
      ticketId: z.string(),
      detail: z.string(),
      scans: z.array(scanRef),
    }),
  ),
  laggingNodes: z.array(nodeHealthSchema),
  needsAttention: z.boolean(),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export const syncStatusSchema = z.object({
  venueId: z.string(),
  nodes: z.array(nodeHealthSchema),
  needsAttention: z.boolean(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * The part of a node's clock offset its times still carry: what it measured against
 * the cloud minus what it corrects by itself. 0 when unknown.
 */
export function uncorrectedMs(state: Heartbeat | null): number {
  const offset = state?.clock.offsetMs;
  if (offset === null || offset === undefined) return 0;
  return offset - (state?.clock.correctionMs ?? 0);
}

/** Total order of scans: HLC, then node and seq so equal stamps still sort the same everywhere. */
export function compareScans(a: ReconcileScan, b: ReconcileScan): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.nodeId !== b.nodeId) return a.nodeId < b.nodeId ? -1 : 1;
  if (a.incarnation !== b.incarnation) return a.incarnation < b.incarnation ? -1 : 1;
  return a.seq - b.seq;
}

const ref = (s: ReconcileScan) => ({
  nodeId: s.nodeId,
  ...(s.incarnation ? { incarnation: s.incarnation } : {}),
  seq: s.seq,
  laneId: s.laneId,
  direction: s.direction,
  kind: s.kind,
  note: s.note,
  hlc: s.hlc,
  at: s.at,
});

export function nodeHealth(node: NodeFacts, now: Date, lagAfterMs: number): NodeHealth {
  const s = node.state;
  const ageMs = (iso: string | null) => (iso ? now.getTime() - Date.parse(iso) : null);
  // syncedAt is on the node's clock: take off what it did not correct, so the age is the cloud's.
  const syncedAt = s?.manifest.syncedAt ?? null;
  const manifestAge = syncedAt ? now.getTime() - (Date.parse(syncedAt) - uncorrectedMs(s)) : null;
  const heartbeatAge = ageMs(node.heartbeatAt);
  // The life the node runs now is the one its last heartbeat spoke for; the others are replaced data dirs.
  const current = s?.upload.incarnation ?? '';
  const life = node.lives.find((l) => l.incarnation === current);
  const ackedSeq = life?.ackedSeq ?? node.ackedSeq;
  const earlier = node.lives.filter((l) => l !== life);
  const notUploaded = earlier.reduce((n, l) => n + Math.max(0, l.reportedSeq - l.ackedSeq), 0);
  const backlog = s ? Math.max(0, s.upload.lastSeq - ackedSeq) : null;
  const offset = s?.clock.offsetMs ?? null;
  const peers = s?.peers ?? [];
  const problems: string[] = [];
  if (heartbeatAge === null) problems.push('never reported');
  else if (heartbeatAge > lagAfterMs) problems.push(`silent for ${Math.round(heartbeatAge / 1000)} s`);
  if (manifestAge !== null && manifestAge > lagAfterMs)
    problems.push(`manifest ${Math.round(manifestAge / 1000)} s old`);
  if (backlog) problems.push(`${backlog} scans not uploaded`);
  if (offset !== null && s && Math.abs(offset) > s.clock.boundMs) {
    const left = uncorrectedMs(s);
    const how =
      s.clock.correctionMs === undefined
        ? ''
        : Math.abs(left) > s.clock.boundMs
          ? `; corrected only up to ${s.clock.correctionMs} ms`
          : '; its decisions use the cloud’s time';
    problems.push(`clock off by ${offset} ms (bound ${s.clock.boundMs} ms${how})`);
  }
  for (const p of peers) if (!p.reachable) problems.push(`peer ${p.nodeId ?? p.url} unreachable`);
  if (notUploaded > 0)
    problems.push(
      `${notUploaded} scans of an earlier data dir never uploaded (journal replaced${life ? ` ${life.firstSeenAt}` : ''})`,
    );
  return {
    nodeId: node.id,
    name: node.name,
    lastSeenAt: node.lastSeenAt,
    heartbeatAt: node.heartbeatAt,
    manifestCursor: s?.manifest.cursor ?? null,
    manifestSyncedAt: s?.manifest.syncedAt ?? null,
    manifestAgeSeconds: manifestAge === null ? null : Math.round(manifestAge / 1000),
    tickets: s?.manifest.tickets ?? null,
    lastSeq: s?.upload.lastSeq ?? null,
    ackedSeq,
    backlog,
    clockOffsetMs: offset,
    clockBoundMs: s?.clock.boundMs ?? null,
    peersReachable: peers.filter((p) => p.reachable).length,
    peers: peers.length,
    incarnation: current || null,
    journalSince: life?.firstSeenAt ?? null,
    earlierLives: earlier.length,
    earlierNotUploaded: notUploaded,
    // A revoked node is refused by the cloud on purpose: its silence is not a problem to chase.
    problems: node.revokedAt ? [] : problems,
    revokedAt: node.revokedAt ?? null,
  };
}

export function reconcileEvent(input: {
  eventId: string;
  scans: ReconcileScan[];
  tickets: Map<string, TicketFacts>;
  nodes: NodeFacts[];
  now: Date;
  lagAfterMs: number;
}): Reconciliation {
  const names = new Map(input.nodes.map((n) => [n.id, n.name]));
  const skew = new Map(input.nodes.map((n) => [n.id, uncorrectedMs(n.state)]));
  /** When the scan happened on the cloud's clock. */
  const cloudTime = (s: ReconcileScan) => Date.parse(s.at) - (skew.get(s.nodeId) ?? 0);
  const lanes = new Map<string, Reconciliation['perNodeLane'][number]>();
  const totals = { entries: 0, exits: 0, inside: 0, rejects: 0 };
  const byTicket = new Map<string, ReconcileScan[]>();
  for (const s of input.scans) {
    const key = `${s.nodeId}\u0000${s.laneId}`;
    let lane = lanes.get(key);
    if (!lane) {
      lane = {
        nodeId: s.nodeId,
        nodeName: names.get(s.nodeId) ?? s.nodeId,
        laneId: s.laneId,
        entries: 0,
        exits: 0,
        rejects: 0,
        manual: 0,
        annulled: 0,
      };
      lanes.set(key, lane);
    }
    if (s.decision !== 'admit') {
      lane.rejects++;
      totals.rejects++;
      continue;
    }
    const step = s.kind === 'annul' ? -1 : 1;
    if (s.kind === 'annul') lane.annulled++;
    if (s.kind === 'manual_admit') lane.manual++;
    if (s.direction === 'entry') {
      lane.entries += step;
      totals.entries += step;
    } else {
      lane.exits += step;
      totals.exits += step;
    }
    if (s.ticketId) {
      const list = byTicket.get(s.ticketId) ?? [];
      list.push(s);
      byTicket.set(s.ticketId, list);
    }
  }
  totals.inside = totals.entries - totals.exits;

  const conflicts: Reconciliation['conflicts'] = [];
  for (const [ticketId, list] of byTicket) {
    list.sort(compareScans);
    const facts = input.tickets.get(ticketId);
    let lastEntry: ReconcileScan | null = null;
    for (const s of list) {
      if (s.kind === 'manual_admit' || s.kind === 'annul')
        conflicts.push({
          type: 'manual_override',
          ticketId,
          detail: `${s.kind === 'annul' ? 'annulled' : 'admitted by hand'} at ${s.nodeId}/${s.laneId}${s.note ? `: ${s.note}` : ''}`,
          scans: [ref(s)],
        });
      if (s.kind === 'annul') {
        if (s.direction === 'entry') lastEntry = null;
        continue;
      }
      if (s.direction === 'exit') {
        lastEntry = null;
        continue;
      }
      if (lastEntry)
        conflicts.push({
          type: 'double_admission',
          ticketId,
          detail: `entered at ${lastEntry.nodeId}/${lastEntry.laneId} and again at ${s.nodeId}/${s.laneId} without an exit between`,
          scans: [ref(lastEntry), ref(s)],
        });
      lastEntry = s;
      if (
        facts &&
        facts.status !== 'VALID' &&
        (!facts.statusChangedAt || Date.parse(facts.statusChangedAt) <= cloudTime(s))
      )
        conflicts.push({
          type: 'admitted_after_revocation',
          ticketId,
          detail: `admitted at ${s.nodeId}/${s.laneId} though ${facts.status.toLowerCase()}${facts.statusChangedAt ? ` since ${facts.statusChangedAt}` : ''}`,
          scans: [ref(s)],
        });
    }
  }
  const laggingNodes = input.nodes
    .map((n) => nodeHealth(n, input.now, input.lagAfterMs))
    .filter((h) => h.problems.length > 0);
  return {
    eventId: input.eventId,
    totals,
    perNodeLane: [...lanes.values()].sort((a, b) =>
      a.nodeName === b.nodeName ? (a.laneId < b.laneId ? -1 : 1) : a.nodeName < b.nodeName ? -1 : 1,
    ),
    conflicts,
    laggingNodes,
    needsAttention: conflicts.length > 0 || laggingNodes.length > 0,
  };
}
