import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { decodeCursor } from '../../sync/cloud/cursor.ts';
import type { Heartbeat, HeartbeatAck } from '../../sync/protocol.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
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

/**
 * Long-poll: answers `changed: true` as soon as the node's venue has a manifest change
 * after `cursor` (at once when one is already there), `false` at the timeout. The
 * wake-up subscription starts before the check, so a change committed in between is
 * not lost.
 */
export async function waitForManifestChange({
  deps,
  node,
  cursor: cursorText,
  timeoutMs,
  signal,
}: {
  deps: CloudDeps;
  node: AuthedNode;
  cursor: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<{ changed: boolean }> {
  const cursor = decodeCursor(cursorText);
  if (!cursor)
    throw new AppError(
      'BAD_REQUEST',
      'cursor: not a cursor this server issued; send the last manifest cursor',
    );
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort());
  const woken = deps.wakeups.waitFor(node.venueId, timeoutMs, stop.signal);
  const pending = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from (select 1 from tickets
      where venue_id = ${node.venueId}
        and (change_xid, id) > (${cursor.xid.toString()}::xid8, ${cursor.ticketId})
        and change_xid < pg_snapshot_xmin(pg_current_snapshot()) limit 1) t`,
  );
  if (Number(pending[0]?.n ?? 0) > 0) {
    stop.abort();
    await woken;
    return { changed: true };
  }
  return { changed: await woken };
}
