import { eq } from 'drizzle-orm';
import { newId, newSecret } from '../../shared/ids.ts';
import { sha256 } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { edgeNodes } from '../db/schema.ts';
import { ALL_ROLES, MANAGERS } from '../orgs/access.ts';
import { loadVenueFor } from '../venues/venues.service.ts';

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
  const token = `${id}.${newSecret()}`;
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
  const rows = await deps.db.select().from(edgeNodes).where(eq(edgeNodes.venueId, venueId));
  return rows.map((n) => ({
    id: n.id,
    venueId: n.venueId,
    name: n.name,
    ackedSeq: n.ackedSeq,
    lastSeenAt: n.lastSeenAt?.toISOString() ?? null,
  }));
}
