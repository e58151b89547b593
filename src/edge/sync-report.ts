import type { PeerLinkState } from '../sync/peer/gossip.ts';
import type { Heartbeat } from '../sync/protocol.ts';
import type { Lane } from './lanes.ts';
import type { EdgeStore } from './store.ts';

/** What the node tells the cloud about itself on each heartbeat (clock and time are added by CloudLink). */
export function syncReport(
  store: EdgeStore,
  peers: PeerLinkState[],
  lanes: Lane[] = [],
): Omit<Heartbeat, 'sentAt' | 'clock'> {
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
    // The door figures show each lane's devices (a scanner away, a relay in error).
    lanes: lanes.map((lane) => ({
      id: lane.id,
      direction: lane.direction,
      devices: [
        ...lane.devices.map((d) => ({ type: d.type, path: d.path, state: d.state, role: 'scanner' })),
        ...(lane.relay
          ? [{ type: 'relay', path: lane.relay.path, state: lane.relay.state, role: 'actuator' }]
          : []),
        ...(lane.passage
          ? [{ type: 'passage', path: lane.passage.path, state: lane.passage.state, role: 'passage' }]
          : []),
      ],
    })),
  };
}
