import type { HybridClock } from '../shared/hlc.ts';
import type { Logger } from '../shared/logger.ts';
import { Gossip, type PeerLinkState } from '../sync/peer/gossip.ts';
import { createPeerApp, type PeerConnection } from '../sync/peer/routes.ts';
import type { UploadedScan } from '../sync/protocol.ts';
import type { AdmissionState } from './admissions.ts';
import type { EdgeConfig } from './config.ts';
import type { EdgeDb } from './db/client.ts';
import { PeerStore } from './peer-store.ts';
import type { EdgeStore, JournalRow } from './store.ts';

export interface Peering {
  /** Serves /peer/v1/* (null when this node has no peer secret). */
  fetch: ((req: Request, conn?: PeerConnection) => Response | Promise<Response>) | null;
  announce(row: JournalRow): void;
  /** Hard anti-passback: true while entries cannot be confirmed with every peer. */
  unconfirmed(): boolean;
  /** Stores and counts rows of any node's journal life handed over by the cloud (a rebuild); returns how many were new. */
  merge(nodeId: string, incarnation: string, rows: UploadedScan[]): number;
  /** Every peer was pulled to the end, or failed to answer, since start (the rebuild waits for this). */
  settled(): boolean;
  /** Re-applies this node's and the peers' admissions, in HLC order, to a cleared state. */
  rebuildAdmissions(): void;
  state(): PeerLinkState[];
  /** Called with peers' rows once they are stored and counted. */
  onRows(listener: (nodeId: string, rows: UploadedScan[]) => void): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Wires gossip into the edge: peers' rows are stored in `peer_journal`, folded into the
 * admission state in HLC order and observed by this node's clock; this node's rows are
 * announced as they are journaled. Returns the admission state rebuilt from both
 * journals at start.
 */
export function startPeering(options: {
  config: EdgeConfig;
  db: EdgeDb;
  store: EdgeStore;
  admissions: AdmissionState;
  clock: HybridClock;
  selfId: string;
  now: () => number;
  logger: Logger;
}): Peering {
  const { config, store, admissions, clock, logger } = options;
  const peerStore = new PeerStore(options.db);
  const rebuildAdmissions = () => {
    const merged = [...store.admissions(), ...peerStore.admissions()].sort((a, b) =>
      (a.hlc ?? '') < (b.hlc ?? '') ? -1 : 1,
    );
    for (const a of merged) admissions.apply(a);
  };
  rebuildAdmissions();

  const listeners: ((nodeId: string, rows: UploadedScan[]) => void)[] = [];
  const unreachableAfterMs = config.antiPassback.unconfirmedAfterSeconds * 1000;
  const counted = (nodeId: string, rows: UploadedScan[]) => {
    for (const row of rows) {
      clock.observe(row.hlc);
      // Another node's lane (or an earlier life's) is not one of ours: the row counts for the event only.
      if (row.decision === 'admit') admissions.apply({ ...row, laneId: undefined });
    }
    for (const l of listeners) l(nodeId, rows);
    logger.debug('peer rows', { from: nodeId, rows: rows.length });
  };
  const gossip = new Gossip({
    selfId: options.selfId,
    incarnation: store.incarnation,
    secret: config.peerSecret ?? '',
    peers: config.peers,
    journalAfter: (seq, limit) => store.journalAfter(seq, limit),
    lastSeq: () => store.lastJournalSeq(),
    sink: peerStore,
    onApplied: counted,
    pullIntervalMs: config.peerPullIntervalMs,
    unreachableAfterMs,
    now: options.now,
    logger,
  });
  const app = config.peerSecret ? createPeerApp({ gossip, secret: config.peerSecret }) : null;
  return {
    fetch: app ? (req, conn) => app.fetch(req, conn) : null,
    rebuildAdmissions,
    announce: (row) => {
      if (config.peers.length === 0) return;
      gossip.announce(store.incarnation ? { ...row, incarnation: store.incarnation } : row);
    },
    unconfirmed: () =>
      config.antiPassback.mode === 'hard' && config.peers.length > 0 && !gossip.allConfirmed(),
    merge: (nodeId, incarnation, rows) => {
      // This life's own rows are in `journal`; the cloud cannot hold any before the rebuild ends.
      if (nodeId === options.selfId && incarnation === store.incarnation) return 0;
      const { applied } = peerStore.accept(nodeId, incarnation, rows);
      if (applied.length > 0) counted(nodeId, applied);
      return applied.length;
    },
    settled: () => gossip.allSettled(),
    state: () => gossip.state(),
    onRows: (listener) => listeners.push(listener),
    start: () => gossip.start(),
    stop: () => gossip.stop(),
  };
}
