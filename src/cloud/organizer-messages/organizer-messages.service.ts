import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, queryRows } from '../db/client.ts';
import { events, organizations, organizerMessages, tiers, users, venues } from '../db/schema.ts';
import type { ClaimedDelivery } from '../notifications/channel.ts';
import type { MailData } from '../notifications/email/context.ts';
import { organizerMessageMail } from '../notifications/email/templates/messages.ts';
import { enqueue } from '../notifications/outbox.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';

export interface MessageInput {
  subject: string;
  body: string;
  tierId?: string | undefined;
}

/** The event (with its venue) if the caller may message its holders: OWNER/ADMIN; others' events are a 404. */
async function eventForSender(deps: CloudDeps, userId: string, eventId: string, tierId?: string) {
  const [row] = await deps.db
    .select({ event: events, venue: venues })
    .from(events)
    .innerJoin(venues, eq(venues.id, events.venueId))
    .where(eq(events.id, eventId));
  if (!row) throw new AppError('NOT_FOUND', 'event not found');
  await requireOrgRole(deps.db, userId, row.event.orgId, MANAGERS, 'event');
  if (tierId) {
    const [tier] = await deps.db
      .select({ id: tiers.id })
      .from(tiers)
      .where(and(eq(tiers.id, tierId), eq(tiers.eventId, eventId)));
    if (!tier) throw new AppError('BAD_REQUEST', 'tierId: no such tier in this event');
  }
  return { ...row.event, venue: row.venue };
}

/** Holders of valid tickets (of the tier, if given) with a live account: who the message goes to. */
async function countRecipients(db: CloudDb, eventId: string, tierId?: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(distinct t.holder_id) as n from tickets t join users u on u.id = t.holder_id
      where t.event_id = ${eventId} and t.status = 'VALID' and u.deleted_at is null
        ${tierId ? sql`and t.tier_id = ${tierId}` : sql``}`,
  );
  return Number(row?.n ?? 0);
}

/** The message as its recipients will see it (for a recipient called "Ticket holder"), without sending. */
export async function previewMessage({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: MessageInput;
}) {
  const event = await eventForSender(deps, userId, eventId, input.tierId);
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, event.orgId));
  const message = {
    id: 'preview',
    eventId,
    tierId: input.tierId ?? null,
    subject: input.subject,
    body: input.body,
  };
  const mail = organizerMessageMail(
    {
      d: { template: 'organizer_message', recipient: '', refId: message.id } as ClaimedDelivery,
      to: { id: '', email: '', name: 'Ticket holder', deletedAt: null },
      org: org ?? null,
      data: {} as MailData,
      env: { publicUrl: deps.config.publicUrl ?? '', jwtSecret: deps.config.jwtSecret, now: deps.now() },
    },
    message,
    event,
  );
  return {
    recipientCount: await countRecipients(deps.db, eventId, input.tierId),
    subject: mail.subject,
    text: mail.text,
    html: mail.html.value,
  };
}

/**
 * Records the message with who sent it and queues it (one outbox row; the holders are
 * found when it is fanned out, each one's preferences applied). At most
 * `organizerMessagesPerHour` per organization in an hour (counted in Redis with REDIS_URL).
 */
export async function sendMessage({
  deps,
  userId,
  eventId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  input: MessageInput;
}) {
  const event = await eventForSender(deps, userId, eventId, input.tierId);
  const now = deps.now();
  const limit = deps.config.organizerMessagesPerHour;
  if (!(await deps.limiters.organizerMessages.reserve(event.orgId, now.getTime())).allowed)
    throw new AppError(
      'RATE_LIMITED',
      `this organization may send ${limit} messages an hour; try again later`,
    );
  const recipientCount = await countRecipients(deps.db, eventId, input.tierId);
  const id = newId();
  await deps.db.transaction(async (tx) => {
    await tx.insert(organizerMessages).values({
      id,
      orgId: event.orgId,
      eventId,
      tierId: input.tierId ?? null,
      senderId: userId,
      subject: input.subject,
      body: input.body,
      recipientCount,
      createdAt: now,
    });
    await enqueue(tx, { kind: 'organizer.message', orgId: event.orgId, userId, refId: id }, now);
  });
  const [view] = await listQuery(deps.db, eventId, id);
  return view!;
}

function listQuery(db: CloudDb, eventId: string, id?: string) {
  return db
    .select({
      id: organizerMessages.id,
      eventId: organizerMessages.eventId,
      tierId: organizerMessages.tierId,
      subject: organizerMessages.subject,
      body: organizerMessages.body,
      recipientCount: organizerMessages.recipientCount,
      sentBy: { id: users.id, name: users.name, email: users.email },
      createdAt: organizerMessages.createdAt,
    })
    .from(organizerMessages)
    .innerJoin(users, eq(users.id, organizerMessages.senderId))
    .where(and(eq(organizerMessages.eventId, eventId), id ? eq(organizerMessages.id, id) : undefined))
    .orderBy(desc(organizerMessages.id))
    .limit(200)
    .then((rows) => rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })));
}

/** The event's messages, newest first, with who sent each (OWNER/ADMIN). */
export async function listMessages({
  deps,
  userId,
  eventId,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
}) {
  await eventForSender(deps, userId, eventId);
  return { data: await listQuery(deps.db, eventId) };
}
