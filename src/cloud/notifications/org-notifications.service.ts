import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { deliveries, organizations, outbox } from '../db/schema.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';
import type { DeliveryStatus } from './kinds.ts';

type Delivery = typeof deliveries.$inferSelect;

export function mailSettingsView(org: typeof organizations.$inferSelect) {
  return {
    senderName: org.mailSenderName,
    replyTo: org.mailReplyTo,
    effectiveSenderName: org.mailSenderName || org.name,
  };
}

export async function getMailSettings({
  deps,
  userId,
  orgId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, orgId));
  return mailSettingsView(org!);
}

/** The name on the organization's mails to its buyers (From) and where their replies go (Reply-To). */
export async function updateMailSettings({
  deps,
  userId,
  orgId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  input: { senderName?: string | null | undefined; replyTo?: string | null | undefined };
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const patch: Partial<typeof organizations.$inferInsert> = {};
  if (input.senderName !== undefined) patch.mailSenderName = input.senderName;
  if (input.replyTo !== undefined) patch.mailReplyTo = input.replyTo;
  const [org] =
    Object.keys(patch).length > 0
      ? await deps.db.update(organizations).set(patch).where(eq(organizations.id, orgId)).returning()
      : await deps.db.select().from(organizations).where(eq(organizations.id, orgId));
  return mailSettingsView(org!);
}

function deliveryView(d: Delivery & { kind: string }) {
  return {
    id: d.id,
    channel: d.channel,
    template: d.template,
    kind: d.kind,
    address: d.address,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' || d.status === 'sending' ? d.nextAttemptAt.toISOString() : null,
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** The organization's deliveries, newest first, optionally of some states (`failed`, `pending`…). */
export async function listDeliveries({
  deps,
  userId,
  orgId,
  statuses,
  cursor,
  limit,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  statuses?: DeliveryStatus[] | undefined;
  cursor?: string | undefined;
  limit: number;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const page = await pageDeliveries(deps.db, { orgId, statuses, cursor, limit });
  return { data: page.rows.map(deliveryView), nextCursor: page.nextCursor };
}

/**
 * One page of an organization's deliveries with their outbox kind, newest first (by id,
 * time-ordered), optionally narrowed further (`only`, e.g. one webhook endpoint's).
 */
export async function pageDeliveries(
  db: CloudDb,
  options: {
    orgId: string;
    only?: SQL | undefined;
    statuses?: DeliveryStatus[] | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const { orgId, only, statuses, cursor, limit } = options;
  const rows = await db
    .select({ delivery: deliveries, kind: outbox.kind })
    .from(deliveries)
    .innerJoin(outbox, eq(outbox.id, deliveries.outboxId))
    .where(
      and(
        eq(deliveries.orgId, orgId),
        only,
        statuses && statuses.length > 0 ? inArray(deliveries.status, statuses) : undefined,
        cursor ? lt(deliveries.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(deliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({ ...r.delivery, kind: r.kind })),
    nextCursor: rows.length > limit ? page.at(-1)!.delivery.id : null,
  };
}

/** Sends a failed delivery again, now, with a fresh set of attempts (same message id). */
export async function retryDelivery({
  deps,
  userId,
  orgId,
  deliveryId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  deliveryId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const [row] = await deps.db
    .select({ status: deliveries.status })
    .from(deliveries)
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.orgId, orgId)));
  if (!row) throw new AppError('NOT_FOUND', 'delivery not found');
  if (row.status !== 'failed')
    throw new AppError('CONFLICT', `the delivery is ${row.status}: only a failed one can be retried`);
  await deps.db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: deps.now() })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, 'failed')));
  return loadDelivery(deps, orgId, deliveryId);
}

export async function getDelivery({
  deps,
  userId,
  orgId,
  deliveryId,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  deliveryId: string;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  return loadDelivery(deps, orgId, deliveryId);
}

async function loadDelivery(deps: CloudDeps, orgId: string, deliveryId: string) {
  const [row] = await deps.db
    .select({ delivery: deliveries, kind: outbox.kind })
    .from(deliveries)
    .innerJoin(outbox, eq(outbox.id, deliveries.outboxId))
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.orgId, orgId)));
  if (!row) throw new AppError('NOT_FOUND', 'delivery not found');
  return deliveryView({ ...row.delivery, kind: row.kind });
}
