import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Heartbeat } from '../../sync/protocol.ts';
import {
  type NodeFacts,
  nodeHealth,
  type ReconcileScan,
  type Reconciliation,
  reconcileEvent,
  type SyncStatus,
  type TicketFacts,
} from '../../sync/reconcile.ts';
import type { CloudDeps } from '../context.ts';
import { edgeNodeLives, edgeNodes, scans, tickets } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES } from '../orgs/access.ts';
import { loadVenueFor } from '../venues/venues.service.ts';

async function venueNodes(deps: CloudDeps, venueId: string): Promise<NodeFacts[]> {
  const rows = await deps.db
    .select()
    .from(edgeNodes)
    .where(eq(edgeNodes.venueId, venueId))
    .orderBy(asc(edgeNodes.name));
  const lives = await deps.db
    .select({
      nodeId: edgeNodeLives.nodeId,
      incarnation: edgeNodeLives.incarnation,
      firstSeenAt: edgeNodeLives.firstSeenAt,
      lastSeenAt: edgeNodeLives.lastSeenAt,
      reportedSeq: edgeNodeLives.reportedSeq,
      // Each life's ack is the top of its gap-free run (ingest only ever extends it).
      // (order by … limit 1 walks the primary key backwards whatever the statistics say)
      ackedSeq: sql<string>`coalesce((select ${scans.seq} from ${scans}
        where ${scans.nodeId} = ${edgeNodeLives.nodeId} and ${scans.incarnation} = ${edgeNodeLives.incarnation}
        order by ${scans.seq} desc limit 1), 0)`,
    })
    .from(edgeNodeLives)
    .innerJoin(edgeNodes, eq(edgeNodes.id, edgeNodeLives.nodeId))
    .where(eq(edgeNodes.venueId, venueId))
    .orderBy(asc(edgeNodeLives.firstSeenAt));
  return rows.map((n) => ({
    id: n.id,
    name: n.name,
    ackedSeq: Number(n.ackedSeq),
    lives: lives
      .filter((l) => l.nodeId === n.id)
      .map((l) => ({
        incarnation: l.incarnation,
        firstSeenAt: l.firstSeenAt.toISOString(),
        lastSeenAt: l.lastSeenAt.toISOString(),
        reportedSeq: Number(l.reportedSeq),
        ackedSeq: Number(l.ackedSeq),
      })),
    lastSeenAt: n.lastSeenAt?.toISOString() ?? null,
    heartbeatAt: n.heartbeatAt?.toISOString() ?? null,
    state: (n.state as Heartbeat | null) ?? null,
    revokedAt: n.revokedAt?.toISOString() ?? null,
  }));
}

/** Per node of a venue: manifest cursor and age, backlog, last ack, clock offset, peers (members only). */
export async function getVenueSyncStatus({
  deps,
  userId,
  venueId,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
}): Promise<SyncStatus> {
  await loadVenueFor(deps.db, userId, venueId, ALL_ROLES);
  const now = deps.now();
  const nodes = (await venueNodes(deps, venueId)).map((n) =>
    nodeHealth(n, now, deps.config.syncLagSeconds * 1000),
  );
  return { venueId, nodes, needsAttention: nodes.some((n) => n.problems.length > 0) };
}

/** The event's scans from its venue's nodes, merged per ticket, with conflicts and lagging nodes. */
export async function getEventReconciliation({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}): Promise<Reconciliation> {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: ALL_ROLES });
  const rows = await deps.db
    .select({
      nodeId: scans.nodeId,
      incarnation: scans.incarnation,
      seq: scans.seq,
      laneId: scans.laneId,
      ticketId: scans.ticketId,
      direction: scans.direction,
      decision: scans.decision,
      reason: scans.reason,
      kind: scans.kind,
      note: scans.note,
      hlc: scans.hlc,
      at: scans.at,
    })
    .from(scans)
    .innerJoin(edgeNodes, eq(edgeNodes.id, scans.nodeId))
    .where(and(eq(scans.eventId, eventId), eq(edgeNodes.venueId, event.venueId)));
  const list: ReconcileScan[] = rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  const ticketIds = [...new Set(list.filter((s) => s.decision === 'admit').map((s) => s.ticketId!))].filter(
    Boolean,
  );
  const facts = new Map<string, TicketFacts>();
  for (let i = 0; i < ticketIds.length; i += 5000) {
    const chunk = await deps.db
      .select({ id: tickets.id, status: tickets.status, statusChangedAt: tickets.statusChangedAt })
      .from(tickets)
      .where(and(eq(tickets.eventId, eventId), inArray(tickets.id, ticketIds.slice(i, i + 5000))));
    for (const t of chunk)
      facts.set(t.id, { status: t.status, statusChangedAt: t.statusChangedAt?.toISOString() ?? null });
  }
  return reconcileEvent({
    eventId,
    scans: list,
    tickets: facts,
    nodes: await venueNodes(deps, event.venueId),
    now: deps.now(),
    lagAfterMs: deps.config.syncLagSeconds * 1000,
  });
}
