import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { safeEqual, sha256 } from '../../shared/passwords.ts';
import type { CloudDeps } from '../context.ts';
import { apiKeys, organizations } from '../db/schema.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';
import type { ApiKeyScope } from './scopes.ts';

/** Keys look like `tixmo_<10 hex>_<43 base64url>`: told apart from a JWT at a glance, and greppable in leaks. */
export const API_KEY_PREFIX = 'tixmo_';
const KEY_PATTERN = /^(tixmo_[0-9a-f]{10})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is written at most this often per key, so a busy key costs no extra write per request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

type ApiKeyRow = typeof apiKeys.$inferSelect;

export function apiKeyView(k: ApiKeyRow) {
  return {
    id: k.id,
    orgId: k.orgId,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes as ApiKeyScope[],
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Made by an OWNER or ADMIN; the key itself is in this answer only, the database keeps its hash. */
export async function createApiKey({
  deps,
  userId,
  orgId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  input: { name: string; scopes: ApiKeyScope[] };
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const prefix = `${API_KEY_PREFIX}${randomBytes(5).toString('hex')}`;
  const key = `${prefix}_${newSecret()}`;
  const [row] = await deps.db
    .insert(apiKeys)
    .values({
      id: newId(),
      orgId,
      name: input.name,
      prefix,
      keyHash: sha256(key),
      scopes: [...new Set(input.scopes)],
      createdBy: userId,
    })
    .returning();
  return { ...apiKeyView(row!), key };
}

export async function listApiKeys({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(apiKeyView);
}

/** Takes effect on the next request: every request reads the key's row (see authenticateApiKey). Idempotent. */
export async function revokeApiKey({
  deps,
  userId,
  orgId,
  keyId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  keyId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const [row] = await deps.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, orgId)))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'API key not found');
  await deps.db
    .update(apiKeys)
    .set({ revokedAt: deps.now() })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
}

export interface AuthedApiKey {
  id: string;
  orgId: string;
  scopes: ApiKeyScope[];
}

/**
 * The key's row, read on every request (one primary-key-like lookup, as for edge node
 * tokens) so a revocation is refused at once on every instance; the hash is compared in
 * constant time. Never echoes the key.
 */
export async function authenticateApiKey(deps: CloudDeps, key: string): Promise<AuthedApiKey> {
  const m = KEY_PATTERN.exec(key);
  if (!m) throw new AppError('UNAUTHORIZED', 'invalid API key');
  const [row] = await deps.db
    .select({ key: apiKeys, orgDeletedAt: organizations.deletedAt })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.prefix, m[1]!))
    .limit(1);
  if (!row || !safeEqual(row.key.keyHash, sha256(key))) throw new AppError('UNAUTHORIZED', 'invalid API key');
  if (row.key.revokedAt)
    throw new AppError(
      'UNAUTHORIZED',
      `API key ${row.key.prefix} was revoked at ${row.key.revokedAt.toISOString()}: create a new one`,
    );
  if (row.orgDeletedAt)
    throw new AppError('UNAUTHORIZED', `API key ${row.key.prefix}: its organization was deleted`);
  const now = deps.now();
  const stale = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
  if (!row.key.lastUsedAt || row.key.lastUsedAt < stale) {
    // The condition repeats the check so concurrent first uses in a minute write once.
    await deps.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return { id: row.key.id, orgId: row.key.orgId, scopes: row.key.scopes as ApiKeyScope[] };
}
