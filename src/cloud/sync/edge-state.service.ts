import { eq } from 'drizzle-orm';
import type { Heartbeat, HeartbeatAck } from '../../sync/protocol.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { edgeNodes } from '../db/schema.ts';
import { touchLife } from './scans.service.ts';

/** Stores the node's report of itself and answers the cloud's clock, from which the node measures its offset. */
export async function recordHeartbeat({
  deps,
  node,
  heartbeat,
}: {
  deps: CloudDeps;
  node: AuthedNode;
  heartbeat: Heartbeat;
}): Promise<HeartbeatAck> {
  const now = deps.now();
  await deps.db
    .update(edgeNodes)
    .set({ state: heartbeat as unknown as Record<string, unknown>, heartbeatAt: now, lastSeenAt: now })
    .where(eq(edgeNodes.id, node.id));
  // Per journal life: what it says it journaled, so ops learn what a replaced data dir never uploaded.
  await touchLife(deps.db, {
    nodeId: node.id,
    incarnation: heartbeat.upload.incarnation ?? '',
    at: now,
    reportedSeq: heartbeat.upload.lastSeq,
  });
  return { serverTime: deps.now().toISOString() };
}
