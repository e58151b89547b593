import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { planIngest } from '../../sync/cloud/ingest.ts';
import type { ScanAck, ScanBatch } from '../../sync/protocol.ts';
import { recordUploadedScans } from '../checkins/record-scans.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { edgeNodes, scans } from '../db/schema.ts';

/**
 * Stores a batch of a node's journal rows exactly once and in order. The node row is
 * locked for the transaction, so two concurrent uploads from one node serialize and
 * the acknowledged seq only ever moves forward over a gap-free run.
 */
export async function ingestScans({
  deps,
  node,
  batch,
}: {
  deps: CloudDeps;
  node: AuthedNode;
  batch: ScanBatch;
}): Promise<ScanAck> {
  if (batch.nodeId !== node.id) throw new AppError('FORBIDDEN', 'nodeId: does not match the token’s node');
  const ack = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ ackedSeq: edgeNodes.ackedSeq })
      .from(edgeNodes)
      .where(eq(edgeNodes.id, node.id))
      .for('update');
    const plan = planIngest(row!.ackedSeq, batch.scans);
    if (plan.apply.length > 0) {
      await tx
        .insert(scans)
        .values(
          plan.apply.map((s) => ({
            nodeId: node.id,
            seq: s.seq,
            ticketId: s.ticketId,
            eventId: s.eventId,
            laneId: s.laneId,
            direction: s.direction,
            decision: s.decision,
            reason: s.reason,
            hlc: s.hlc,
            at: new Date(s.at),
            kind: s.kind ?? null,
            note: s.note ?? null,
          })),
        )
        .onConflictDoNothing();
    }
    await recordUploadedScans(tx, node, plan.apply);
    await tx
      .update(edgeNodes)
      .set({ ackedSeq: plan.newAckedSeq, lastSeenAt: deps.now() })
      .where(eq(edgeNodes.id, node.id));
    return {
      ackedSeq: plan.newAckedSeq,
      accepted: plan.apply.length,
      events: plan.apply.map((s) => s.eventId),
    };
  });
  for (const eventId of new Set(ack.events)) if (eventId) deps.live.eventChanged(eventId);
  return { ackedSeq: ack.ackedSeq, accepted: ack.accepted };
}
