import { and, asc, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { sha256 } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { edgeNodes, venues } from '../db/schema.ts';
import { ALL_ROLES, MANAGERS, type OrgRole, requireOrgRole } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { loadVenueFor } from '../venues/venues.service.ts';

type EdgeNode = typeof edgeNodes.$inferSelect;

function nodeView(n: EdgeNode) {
  return {
    id: n.id,
    venueId: n.venueId,
    name: n.name,
    ackedSeq: n.ackedSeq,
    lastSeenAt: n.lastSeenAt?.toISOString() ?? null,
    heartbeatAt: n.heartbeatAt?.toISOString() ?? null,
    /** Set once the node was revoked (DELETE, or its organization deleted): its token no longer works. */
    revokedAt: n.revokedAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** Node tokens are `<nodeId>.<secret>`; only a hash is stored. */
function newNodeToken(id: string): string {
  return `${id}.${newSecret()}`;
}

/** One edge node, for a member of its venue's organization with one of `roles`; anyone else gets a 404. */
async function loadNodeFor(db: CloudDb, userId: string, nodeId: string, roles: OrgRole[]): Promise<EdgeNode> {
  const [row] = await db
    .select({ node: edgeNodes, orgId: venues.orgId })
    .from(edgeNodes)
    .innerJoin(venues, eq(venues.id, edgeNodes.venueId))
    .where(eq(edgeNodes.id, nodeId))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'edge node not found');
  await requireOrgRole(db, userId, row.orgId, roles, 'edge node');
  return row.node;
}

/** The token is returned here and never again; only its hash is kept. */
export async function registerEdgeNode({
  deps,
  userId,
  venueId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
  input: { name: string };
}) {
  await loadVenueFor(deps.db, userId, venueId, MANAGERS);
  const id = newId();
  const token = newNodeToken(id);
  await deps.db.insert(edgeNodes).values({ id, venueId, name: input.name, tokenHash: sha256(token) });
  return { id, venueId, name: input.name, token };
}

export async function listEdgeNodes({
  deps,
  userId,
  venueId,
}: {
  deps: CloudDeps;
  userId: string;
  venueId: string;
}) {
  await loadVenueFor(deps.db, userId, venueId, ALL_ROLES);
  const rows = await deps.db
    .select()
    .from(edgeNodes)
    .where(eq(edgeNodes.venueId, venueId))
    .orderBy(asc(edgeNodes.createdAt), asc(edgeNodes.id));
  return rows.map(nodeView);
}

export async function getEdgeNode({
  deps,
  userId,
  nodeId,
}: {
  deps: CloudDeps;
  userId: string;
  nodeId: string;
}) {
  return nodeView(await loadNodeFor(deps.db, userId, nodeId, ALL_ROLES));
}

export async function renameEdgeNode({
  deps,
  userId,
  nodeId,
  name,
}: {
  deps: CloudDeps;
  userId: string;
  nodeId: string;
  name: string;
}) {
  await loadNodeFor(deps.db, userId, nodeId, MANAGERS);
  const [row] = await deps.db.update(edgeNodes).set({ name }).where(eq(edgeNodes.id, nodeId)).returning();
  return nodeView(row!);
}

/**
 * Revokes a node (a lost or stolen gate computer): its token stops working on every
 * sync route at once, on every instance (the token is checked against the database on
 * each request). The row and its uploaded scans stay. Idempotent. A long-poll the node
 * holds open is woken so it hears the refusal now, not at its timeout.
 */
export async function revokeEdgeNode({
  deps,
  userId,
  nodeId,
}: {
  deps: CloudDeps;
  userId: string;
  nodeId: string;
}): Promise<void> {
  const node = await loadNodeFor(deps.db, userId, nodeId, MANAGERS);
  const [revoked] = await deps.db
    .update(edgeNodes)
    .set({ revokedAt: deps.now() })
    .where(and(eq(edgeNodes.id, nodeId), isNull(edgeNodes.revokedAt)))
    .returning({ id: edgeNodes.id });
  if (revoked) notifyManifestChanged(deps, node.venueId);
}

/**
 * A new token for a node (the old one leaked, or is being replaced on schedule): the old
 * token stops working at once; the new one is shown only in this answer. A revoked node
 * stays revoked: register a new one instead.
 */
export async function rotateEdgeNodeToken({
  deps,
  userId,
  nodeId,
}: {
  deps: CloudDeps;
  userId: string;
  nodeId: string;
}) {
  await loadNodeFor(deps.db, userId, nodeId, MANAGERS);
  const token = newNodeToken(nodeId);
  const [row] = await deps.db
    .update(edgeNodes)
    .set({ tokenHash: sha256(token) })
    .where(and(eq(edgeNodes.id, nodeId), isNull(edgeNodes.revokedAt)))
    .returning();
  if (!row)
    throw new AppError(
      'CONFLICT',
      'this edge node was revoked and stays so: register a new edge node instead',
    );
  notifyManifestChanged(deps, row.venueId);
  return { id: row.id, venueId: row.venueId, name: row.name, token };
}
