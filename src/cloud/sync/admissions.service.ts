import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { VenueAdmission, VenueAdmissionsPage } from '../../sync/protocol.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { edgeNodes, events, scans } from '../db/schema.ts';

/** Events that ended longer ago than this decide nothing at a gate any more. */
const ENDED_GRACE_MS = 24 * 3600_000;

type Position = [nodeId: string, incarnation: string, seq: number];

function encodePosition(p: Position): string {
  return Buffer.from(JSON.stringify(p), 'utf8').toString('base64url');
}

function decodePosition(text: string): Position | null {
  if (text === '') return ['', '', 0];
  try {
    const p = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(p) &&
      p.length === 3 &&
      typeof p[0] === 'string' &&
      typeof p[1] === 'string' &&
      Number.isSafeInteger(p[2])
    )
      return p as Position;
  } catch {
    // not ours: answered below
  }
  return null;
}

/**
 * The admissions (entries, exits, annulments) every node of the caller's venue uploaded
 * for the venue's current events, all journal lives, in (nodeId, incarnation, seq)
 * order and paged by that key. A node that starts with an empty journal reads them
 * to learn who is inside before it admits anyone (src/edge/rebuild.ts).
 */
export async function readVenueAdmissions({
  deps,
  node,
  cursor,
  limit,
}: {
  deps: CloudDeps;
  node: AuthedNode;
  cursor: string;
  limit: number;
}): Promise<VenueAdmissionsPage> {
  const after = decodePosition(cursor);
  if (!after)
    throw new AppError(
      'BAD_REQUEST',
      'cursor: not a cursor this server issued; start again with an empty cursor',
    );
  const endedBefore = new Date(deps.now().getTime() - ENDED_GRACE_MS);
  const rows = await deps.db
    .select({
      nodeId: scans.nodeId,
      incarnation: scans.incarnation,
      seq: scans.seq,
      ticketId: scans.ticketId,
      eventId: scans.eventId,
      laneId: scans.laneId,
      direction: scans.direction,
      decision: scans.decision,
      reason: scans.reason,
      hlc: scans.hlc,
      at: scans.at,
      kind: scans.kind,
      note: scans.note,
    })
    .from(scans)
    .innerJoin(edgeNodes, eq(edgeNodes.id, scans.nodeId))
    .innerJoin(events, eq(events.id, scans.eventId))
    .where(
      and(
        eq(edgeNodes.venueId, node.venueId),
        eq(events.venueId, node.venueId),
        eq(scans.decision, 'admit'),
        gt(events.endsAt, endedBefore),
        sql`(${scans.nodeId}, ${scans.incarnation}, ${scans.seq}) > (${after[0]}, ${after[1]}, ${after[2]})`,
      ),
    )
    .orderBy(asc(scans.nodeId), asc(scans.incarnation), asc(scans.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(
      (r): VenueAdmission => ({
        nodeId: r.nodeId,
        ...(r.incarnation ? { incarnation: r.incarnation } : {}),
        seq: Number(r.seq),
        ticketId: r.ticketId,
        eventId: r.eventId,
        laneId: r.laneId,
        direction: r.direction as VenueAdmission['direction'],
        decision: r.decision as VenueAdmission['decision'],
        reason: r.reason as VenueAdmission['reason'],
        hlc: r.hlc,
        at: r.at.toISOString(),
        ...(r.kind ? { kind: r.kind as VenueAdmission['kind'] } : {}),
        note: r.note,
      }),
    ),
    cursor: last ? encodePosition([last.nodeId, last.incarnation, Number(last.seq)]) : cursor,
    hasMore: rows.length > limit,
  };
}
