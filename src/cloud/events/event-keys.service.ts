import { and, asc, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { generateEventKey } from '../../shared/ticket-code.ts';
import type { CloudDeps } from '../context.ts';
import { eventKeys } from '../db/schema.ts';
import { MANAGERS } from '../orgs/access.ts';
import { notifyManifestChanged } from '../sync/wakeups.ts';
import { loadEventFor } from './events.service.ts';
import { sealedKeyRow } from './key-vault.ts';

export interface EventKeyView {
  kid: string;
  createdAt: string;
  revokedAt: string | null;
  /** The key new codes are signed with. */
  signing: boolean;
}

async function keyViews(deps: CloudDeps, eventId: string): Promise<EventKeyView[]> {
  const rows = await deps.db
    .select({ kid: eventKeys.kid, createdAt: eventKeys.createdAt, revokedAt: eventKeys.revokedAt })
    .from(eventKeys)
    .where(eq(eventKeys.eventId, eventId))
    .orderBy(asc(eventKeys.createdAt), asc(eventKeys.kid));
  const signing = rows.filter((r) => !r.revokedAt).at(-1)?.kid;
  return rows.map((r) => ({
    kid: r.kid,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    signing: r.kid === signing,
  }));
}

export async function listEventKeys({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  return { data: await keyViews(deps, eventId) };
}

/**
 * A new signing key: codes issued from now on are signed with it; codes signed with
 * older keys keep verifying at the gates until those keys are revoked.
 */
export async function rotateEventKey({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  if (event.status === 'DRAFT')
    throw new AppError('CONFLICT', 'a draft event has no keys yet: publish it first');
  const key = await generateEventKey(`${event.id}.${newId()}`);
  await deps.db.insert(eventKeys).values(sealedKeyRow(deps.config.keyEncryptionKey, eventId, key));
  notifyManifestChanged(deps, event.venueId);
  return { data: await keyViews(deps, eventId) };
}

/** Withdraws a key from the manifest: codes it signed stop verifying at the gates. The signing key cannot go. */
export async function revokeEventKey({
  deps,
  userId,
  eventId,
  kid,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  kid: string;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  const keys = await keyViews(deps, eventId);
  const key = keys.find((k) => k.kid === kid);
  if (!key) throw new AppError('NOT_FOUND', 'key not found');
  if (key.signing)
    throw new AppError('CONFLICT', 'this key signs new codes: rotate to a new key before revoking it');
  if (!key.revokedAt) {
    await deps.db.transaction(async (tx) => {
      // FOR UPDATE waits out orders signing with this key (they hold it FOR KEY SHARE).
      await tx.select({ kid: eventKeys.kid }).from(eventKeys).where(eq(eventKeys.kid, kid)).for('update');
      await tx
        .update(eventKeys)
        .set({ revokedAt: deps.now() })
        .where(and(eq(eventKeys.kid, kid), isNull(eventKeys.revokedAt)));
    });
    notifyManifestChanged(deps, event.venueId);
  }
  return { data: await keyViews(deps, eventId) };
}
