import { sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { decodeCursor, type ManifestCursor } from '../../sync/cloud/cursor.ts';
import type { AuthedNode, CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { venueSection } from './manifest.service.ts';

/**
 * How soon a change committed but not yet below the horizon is looked at again (doubling to
 * the cap). At a busy venue the horizon is held back by the ingest transactions running
 * when the change committed, for tens of milliseconds: a cap of 250 ms could add most of it
 * again to a refund's way to the gates. A look is one index probe, and only while a change
 * is pending.
 */
const RECHECK_FIRST_MS = 10;
const RECHECK_MAX_MS = 50;

/**
 * Long-poll (GET /sync/wait): answers `changed: true` once the node's next manifest pull
 * would bring something new — a ticket change after its cursor that is below the
 * cursor's horizon, or events, keys, tiers or the venue different from what its cursor
 * was issued with — and `false` at the timeout.
 *
 * A wake-up is only a hint to look again, never the answer. The ticket feed hands out a
 * change only once every older transaction has finished (`pg_snapshot_xmin`, cursor.ts):
 * a wake-up can arrive while some older transaction — anywhere on the server — still
 * holds the horizon back. Answering `changed` then would send the edge to pull nothing,
 * and with no further wake-up coming it would hear of the change only at its next timer.
 * So a change that is committed but not yet visible is looked at again, at short
 * intervals, until it is; and a wake-up for something the cursor already covers (a late
 * or coalesced one) does not end the wait. The subscription starts before the first
 * look and lasts the whole wait, so no wake-up falls between two looks.
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
  const deadline = Date.now() + timeoutMs;
  const wakeups = deps.wakeups.subscribe(node.venueId);
  try {
    let recheckMs = RECHECK_FIRST_MS;
    let lookAtVenue = true;
    for (;;) {
      const tickets = await ticketChanges(deps, node.venueId, cursor);
      if (tickets.visible) return { changed: true };
      if (lookAtVenue && (await venueSection(deps, node.venueId)).stamp !== cursor.venue)
        return { changed: true };
      // Revoked while waiting: answer now, so the node's next call hears the refusal at once.
      if (lookAtVenue && (await isRevoked(deps, node.id))) return { changed: true };
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return { changed: false };
      // A committed change still above the horizon: look again soon, wake-up or not.
      const waitMs = tickets.pending ? Math.min(recheckMs, left) : left;
      const woken = await wakeups.next(waitMs, signal);
      if (signal?.aborted || deps.wakeups.closed) return { changed: false };
      lookAtVenue = woken;
      recheckMs = woken ? RECHECK_FIRST_MS : Math.min(recheckMs * 2, RECHECK_MAX_MS);
    }
  } finally {
    wakeups.close();
  }
}

async function isRevoked(deps: CloudDeps, nodeId: string): Promise<boolean> {
  const [row] = await queryRows<{ revoked: boolean }>(
    deps.db,
    sql`select revoked_at is not null as revoked from edge_nodes where id = ${nodeId}`,
  );
  return row?.revoked ?? true;
}

/**
 * Ticket changes of the venue after the cursor: `visible` ones a pull would hand out
 * now (below the horizon), and `pending` ones already committed but still above it.
 */
async function ticketChanges(
  deps: CloudDeps,
  venueId: string,
  cursor: ManifestCursor,
): Promise<{ visible: boolean; pending: boolean }> {
  const after = sql`venue_id = ${venueId} and (change_xid, id) > (${cursor.xid.toString()}::xid8, ${cursor.ticketId})`;
  const [row] = await queryRows<{ visible: boolean; pending: boolean }>(
    deps.db,
    sql`select
      exists (select 1 from tickets where ${after} and change_xid < h.xmin) as visible,
      exists (select 1 from tickets where ${after} and change_xid >= h.xmin) as pending
    from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) h`,
  );
  return { visible: Boolean(row?.visible), pending: Boolean(row?.pending) };
}
