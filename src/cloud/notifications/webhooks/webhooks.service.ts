import { and, eq, inArray, isNull } from 'drizzle-orm';
import { AppError } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import type { CloudDeps } from '../../context.ts';
import { deliveries, outbox, webhookEndpoints } from '../../db/schema.ts';
import { MANAGERS, requireOrgRole } from '../../orgs/access.ts';
import type { DeliveryStatus } from '../kinds.ts';
import { pageDeliveries } from '../org-notifications.service.ts';
import type { WebhookEventType } from './event-types.ts';
import { setAsideDeliveries } from './health.ts';
import { newSigningSecret, sealSecret } from './secret.ts';
import { resolveTarget, TargetRefused } from './target.ts';

type Endpoint = typeof webhookEndpoints.$inferSelect;
type Who = { deps: CloudDeps; userId: string; orgId: string };

export function endpointView(e: Endpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes as WebhookEventType[],
    enabled: !e.disabledAt,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince?.toISOString() ?? null,
    lastSuccessAt: e.lastSuccessAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

/**
 * A target must be http(s) and, unless the deployment allows it, reach only public
 * addresses. A name that does not resolve yet is accepted (its DNS may come later);
 * every delivery resolves and checks again.
 */
async function checkTarget(deps: CloudDeps, raw: string): Promise<string> {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('BAD_REQUEST', 'url: must be an http:// or https:// URL');
  if (url.hash) throw new AppError('BAD_REQUEST', 'url: must not have a #fragment');
  try {
    await resolveTarget(url, deps.config.webhooksAllowPrivate);
  } catch (err) {
    if (err instanceof TargetRefused) throw new AppError('BAD_REQUEST', `url: ${err.message}`);
  }
  return url.toString();
}

async function loadEndpoint({ deps, userId, orgId }: Who, endpointId: string): Promise<Endpoint> {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const [row] = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, endpointId),
        eq(webhookEndpoints.orgId, orgId),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND', 'webhook endpoint not found');
  return row;
}

/** A new endpoint; the answer carries its signing secret, which is never shown again. */
export async function createEndpoint({
  input,
  ...who
}: Who & {
  input: { url: string; eventTypes: WebhookEventType[]; description?: string | null | undefined };
}) {
  await requireOrgRole(who.deps.db, who.userId, who.orgId, MANAGERS, 'organization');
  const url = await checkTarget(who.deps, input.url);
  const id = newId();
  const secret = newSigningSecret();
  const [row] = await who.deps.db
    .insert(webhookEndpoints)
    .values({
      id,
      orgId: who.orgId,
      url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.eventTypes)],
      secretSealed: sealSecret(who.deps.config.keyEncryptionKey, id, secret),
      createdBy: who.userId,
      createdAt: who.deps.now(),
    })
    .returning();
  return { ...endpointView(row!), secret };
}

export async function listEndpoints(who: Who) {
  await requireOrgRole(who.deps.db, who.userId, who.orgId, MANAGERS, 'organization');
  const rows = await who.deps.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, who.orgId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(webhookEndpoints.id);
  return { data: rows.map(endpointView) };
}

export async function getEndpoint({ endpointId, ...who }: Who & { endpointId: string }) {
  return endpointView(await loadEndpoint(who, endpointId));
}

/** Changes the URL, the event types or the description; `enabled: true` revives a disabled endpoint. */
export async function updateEndpoint({
  endpointId,
  input,
  ...who
}: Who & {
  endpointId: string;
  input: {
    url?: string | undefined;
    eventTypes?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    enabled?: boolean | undefined;
  };
}) {
  const current = await loadEndpoint(who, endpointId);
  const patch: Partial<typeof webhookEndpoints.$inferInsert> = {};
  if (input.url !== undefined) patch.url = await checkTarget(who.deps, input.url);
  if (input.eventTypes !== undefined) patch.eventTypes = [...new Set(input.eventTypes)];
  if (input.description !== undefined) patch.description = input.description;
  if (input.enabled === true && current.disabledAt)
    Object.assign(patch, { disabledAt: null, disabledReason: null, failingSince: null });
  if (input.enabled === false && !current.disabledAt)
    Object.assign(patch, { disabledAt: who.deps.now(), disabledReason: 'disabled by a member' });
  if (Object.keys(patch).length === 0) return endpointView(current);
  const row = await who.deps.db.transaction(async (tx) => {
    if (patch.disabledAt) await setAsideDeliveries(tx, endpointId, 'the endpoint was disabled by a member');
    const [updated] = await tx
      .update(webhookEndpoints)
      .set(patch)
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    return updated!;
  });
  return endpointView(row);
}

/** Removes the endpoint; its messages still waiting are cancelled. */
export async function deleteEndpoint({ endpointId, ...who }: Who & { endpointId: string }) {
  await loadEndpoint(who, endpointId);
  await who.deps.db.transaction(async (tx) => {
    await setAsideDeliveries(tx, endpointId, 'the endpoint was deleted');
    await tx
      .update(webhookEndpoints)
      .set({ deletedAt: who.deps.now() })
      .where(eq(webhookEndpoints.id, endpointId));
  });
}

function deliveryView(d: typeof deliveries.$inferSelect & { kind: string }) {
  return {
    id: d.id,
    eventType: d.template,
    kind: d.kind,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    address: d.address,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' || d.status === 'sending' ? d.nextAttemptAt.toISOString() : null,
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** The endpoint's deliveries, newest first (the delivery log). */
export async function listEndpointDeliveries({
  endpointId,
  statuses,
  cursor,
  limit,
  ...who
}: Who & {
  endpointId: string;
  statuses?: DeliveryStatus[] | undefined;
  cursor?: string | undefined;
  limit: number;
}) {
  await loadEndpoint(who, endpointId);
  const page = await pageDeliveries(who.deps.db, {
    orgId: who.orgId,
    only: and(eq(deliveries.channel, 'webhook'), eq(deliveries.recipient, endpointId)),
    statuses,
    cursor,
    limit,
  });
  return { data: page.rows.map(deliveryView), nextCursor: page.nextCursor };
}

/**
 * Sends a message again, now, with the whole retry schedule ahead of it and the same
 * `webhook-id` (receivers deduplicate on it). Whatever became of it before: sent, failed
 * or cancelled (the endpoint was disabled then).
 */
export async function redeliver({
  endpointId,
  deliveryId,
  ...who
}: Who & { endpointId: string; deliveryId: string }) {
  const endpoint = await loadEndpoint(who, endpointId);
  if (endpoint.disabledAt)
    throw new AppError('CONFLICT', 'the endpoint is disabled: enable it (PATCH enabled: true) first');
  const mine = and(
    eq(deliveries.id, deliveryId),
    eq(deliveries.channel, 'webhook'),
    eq(deliveries.recipient, endpointId),
    eq(deliveries.orgId, who.orgId),
  );
  const [row] = await who.deps.db.select({ status: deliveries.status }).from(deliveries).where(mine);
  if (!row) throw new AppError('NOT_FOUND', 'delivery not found');
  if (row.status === 'pending' || row.status === 'sending')
    throw new AppError('CONFLICT', `the delivery is ${row.status}: it is on its way already`);
  const [updated] = await who.deps.db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: who.deps.now(), lastError: null })
    .where(and(mine, inArray(deliveries.status, ['sent', 'failed', 'cancelled'])))
    .returning();
  if (!updated) throw new AppError('CONFLICT', 'the delivery changed meanwhile; look again');
  const [kind] = await who.deps.db
    .select({ kind: outbox.kind })
    .from(outbox)
    .where(eq(outbox.id, updated.outboxId));
  return deliveryView({ ...updated, kind: kind?.kind ?? '' });
}
