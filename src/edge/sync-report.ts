import type { PeerLinkState } from '../sync/peer/gossip.ts';
import type { Heartbeat } from '../sync/protocol.ts';
import type { EdgeStore } from './store.ts';

/** What the node tells the cloud about itself on each heartbeat (clock and time are added by CloudLink). */
export function syncReport(store: EdgeStore, peers: PeerLinkState[]): Omit<Heartbeat, 'sentAt' | 'clock'> {
  return {
    manifest: {
      cursor: store.manifestCursor(),
      syncedAt: store.manifestSyncedAt(),
      tickets: store.ticketCount(),
    },
    upload: {
      lastSeq: store.lastJournalSeq(),
      ackedSeq: store.ackedSeq(),
      ...(store.incarnation ? { incarnation: store.incarnation } : {}),
    },
    peers: peers.map((p) => ({
      url: p.url,
      nodeId: p.nodeId,
      reachable: p.reachable,
      lastContactAt: p.lastContactAt,
    })),
  };
}
