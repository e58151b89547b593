import { and, desc, eq, sql } from 'drizzle-orm';
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
    // The top seq through the primary key, backwards, one row. Not `max(seq)`: on a table
    // grown since its last analyse the planner expects one row and aggregates every row of
    // the life instead (12–15 ms a batch at 50,000 scans, growing with the journal).
    const [held] = await tx
      .select({ top: scans.seq })
      .from(scans)
      .where(and(eq(scans.nodeId, node.id), eq(scans.incarnation, incarnation)))
      .orderBy(desc(scans.seq))
      .limit(1);
    const plan = planIngest(Number(held?.top ?? 0), batch.scans);
    if (plan.apply.length > 0) {
      // One JSON parameter, not drizzle's multi-row VALUES: building that statement for a
      // batch of 500 rows (6,500 parameters) took ~60 ms of the cloud's CPU, more than
      // Postgres took to store it.
      const rows = plan.apply.map((s) => ({
        seq: s.seq,
        ticket_id: s.ticketId,
        event_id: s.eventId,
        lane_id: s.laneId,
        direction: s.direction,
        decision: s.decision,
        reason: s.reason,
        hlc: s.hlc,
        at: s.at,
        kind: s.kind ?? null,
        note: s.note ?? null,
      }));
      await tx.execute(sql`insert into scans
          (node_id, incarnation, seq, ticket_id, event_id, lane_id, direction, decision, reason, hlc, at, kind, note)
        select ${node.id}, ${incarnation}, v.seq, v.ticket_id, v.event_id, v.lane_id, v.direction, v.decision,
          v.reason, v.hlc, v.at, v.kind, v.note
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(seq bigint, ticket_id text, event_id text,
          lane_id text, direction text, decision text, reason text, hlc text, at timestamptz, kind text, note text)
        on conflict do nothing`);
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
