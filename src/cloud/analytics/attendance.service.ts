import { and, eq, sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import { edgeNodes, scans } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES } from '../orgs/access.ts';

/**
 * Entries and exits the edges uploaded for an event. Only nodes of the event's own
 * venue count, so a node cannot inflate another venue's figures.
 */
export async function getAttendance({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: ALL_ROLES });
  const rows = await deps.db
    .select({
      direction: scans.direction,
      // An annulment undoes an admission in the same direction: it takes one off, never adds the other way.
      count: sql<number>`sum(case when ${scans.kind} = 'annul' then -1 else 1 end)::int`,
    })
    .from(scans)
    .innerJoin(edgeNodes, eq(edgeNodes.id, scans.nodeId))
    .where(and(eq(scans.eventId, eventId), eq(scans.decision, 'admit'), eq(edgeNodes.venueId, event.venueId)))
    .groupBy(scans.direction);
  const entries = Number(rows.find((r) => r.direction === 'entry')?.count ?? 0);
  const exits = Number(rows.find((r) => r.direction === 'exit')?.count ?? 0);
  return { eventId, entries, exits, inside: entries - exits };
}
