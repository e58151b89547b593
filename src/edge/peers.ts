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
  const gossip = new Gossip({
    selfId: options.selfId,
    secret: config.peerSecret ?? '',
    peers: config.peers,
    journalAfter: (seq, limit) => store.journalAfter(seq, limit),
    lastSeq: () => store.lastJournalSeq(),
    sink: peerStore,
    onApplied: (nodeId, rows: UploadedScan[]) => {
      for (const row of rows) {
        clock.observe(row.hlc);
        // A peer's lane is not one of ours: the row counts for the event only.
        if (row.decision === 'admit') admissions.apply({ ...row, laneId: undefined });
      }
      for (const l of listeners) l(nodeId, rows);
      logger.debug('peer rows', { from: nodeId, rows: rows.length });
    },
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
      if (config.peers.length > 0) gossip.announce(row as UploadedScan);
    },
    unconfirmed: () =>
      config.antiPassback.mode === 'hard' && config.peers.length > 0 && !gossip.allReachable(),
    state: () => gossip.state(),
    onRows: (listener) => listeners.push(listener),
    start: () => gossip.start(),
    stop: () => gossip.stop(),
  };
}
