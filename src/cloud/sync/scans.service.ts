import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { planIngest } from '../../sync/cloud/ingest.ts';
import type { ScanAck, ScanBatch } from '../../sync/protocol.ts';
import { recordUploadedScans } from '../checkins/record-scans.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { edgeNodeLives, edgeNodes, scans } from '../db/schema.ts';
import { noteCheckIns } from '../notifications/hooks.ts';

/** Notes that a journal life of the node is alive (first upload or heartbeat of a re-imaged node starts one). */
export async function touchLife(
  db: CloudDb,
  input: { nodeId: string; incarnation: string; at: Date; reportedSeq?: number },
): Promise<void> {
  await db
    .insert(edgeNodeLives)
    .values({
      nodeId: input.nodeId,
      incarnation: input.incarnation,
      firstSeenAt: input.at,
      lastSeenAt: input.at,
      reportedSeq: input.reportedSeq ?? 0,
    })
    .onConflictDoUpdate({
      target: [edgeNodeLives.nodeId, edgeNodeLives.incarnation],
      set:
        input.reportedSeq === undefined
          ? { lastSeenAt: input.at }
          : { lastSeenAt: input.at, reportedSeq: input.reportedSeq },
    });
}

/**
 * Stores a batch of a node's journal rows exactly once and in order, per journal life
 * (nodeId, incarnation): a wiped data dir starts its seqs at 1 again under a new
 * incarnation, and those rows are new, not re-sends. The node row is locked for the
 * transaction, so two concurrent uploads from one node serialize and each life's
 * acknowledged seq (the top of its gap-free run in `scans`) only ever moves forward.
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
  const lives = new Set(batch.scans.map((s) => s.incarnation ?? ''));
  if (lives.size > 1)
    throw new AppError(
      'BAD_REQUEST',
      'scans: rows of one batch must come from one journal life (incarnation)',
    );
  const incarnation = [...lives][0]!;
  const ack = await deps.db.transaction(async (tx) => {
    await tx.select({ id: edgeNodes.id }).from(edgeNodes).where(eq(edgeNodes.id, node.id)).for('update');
    const [held] = await tx
      .select({ top: sql<string | null>`max(${scans.seq})` })
      .from(scans)
      .where(and(eq(scans.nodeId, node.id), eq(scans.incarnation, incarnation)));
    const plan = planIngest(Number(held?.top ?? 0), batch.scans);
    if (plan.apply.length > 0) {
      await tx
        .insert(scans)
        .values(
          plan.apply.map((s) => ({
            nodeId: node.id,
            incarnation,
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
      // Admissions are news for the organization's webhooks, in the same transaction as the scans.
      await noteCheckIns(
        tx,
        { id: node.id, incarnation },
        plan.apply.map((s) => s.seq),
        deps.now(),
      );
    }
    const now = deps.now();
    await touchLife(tx, { nodeId: node.id, incarnation, at: now });
    await recordUploadedScans(tx, node, plan.apply);
    await tx
      .update(edgeNodes)
      .set({ ackedSeq: plan.newAckedSeq, lastSeenAt: now })
      .where(eq(edgeNodes.id, node.id));
    return {
      ackedSeq: plan.newAckedSeq,
      accepted: plan.apply.length,
      ...(incarnation ? { incarnation } : {}),
      events: plan.apply.map((s) => s.eventId),
    };
  });
  for (const eventId of new Set(ack.events)) if (eventId) deps.live.eventChanged(eventId);
  const { events: _changed, ...answer } = ack;
  return answer;
}
