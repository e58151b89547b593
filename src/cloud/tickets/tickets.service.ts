import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { checkinsOf, refuseIfCheckedIn } from '../checkins/checkins.service.ts';
import type { CloudDeps } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { changedNow, events, orders, tickets, tiers, users } from '../db/schema.ts';
import { noteTicketCancelled, noteTicketTransferred } from '../notifications/hooks.ts';
import { MANAGERS, membershipRole, type OrgRole } from '../orgs/access.ts';
import { notifyEventManifestChanged } from '../sync/wakeups.ts';
import { serveWaitlists } from '../waitlist/waitlist.service.ts';
import { resignTicket } from './issue.ts';

type Ticket = typeof tickets.$inferSelect;

export function ticketView(t: Ticket) {
  return {
    id: t.id,
    orderId: t.orderId,
    eventId: t.eventId,
    tierId: t.tierId,
    status: t.status,
    version: t.version,
    code: t.code,
    attendeeName: t.attendeeName,
    attendeeEmail: t.attendeeEmail,
  };
}

/**
 * A ticket the caller may see: its holder, or a member of its event's organization.
 * Anyone else gets the same 404 as for a ticket that does not exist.
 */
async function loadTicketFor(db: CloudDb, userId: string, ticketId: string, lock = false) {
  const query = db.select().from(tickets).where(eq(tickets.id, ticketId));
  const [ticket] = lock ? await query.for('update') : await query.limit(1);
  if (!ticket) throw new AppError('NOT_FOUND', 'ticket not found');
  const [event] = await db.select().from(events).where(eq(events.id, ticket.eventId));
  const role: OrgRole | null = await membershipRole(db, userId, event!.orgId);
  if (ticket.holderId !== userId && !role) throw new AppError('NOT_FOUND', 'ticket not found');
  return { ticket, event: event!, role, holder: ticket.holderId === userId };
}

export async function listMyTickets({ deps, userId }: { deps: CloudDeps; userId: string }) {
  const rows = await deps.db
    .select()
    .from(tickets)
    .where(eq(tickets.holderId, userId))
    .orderBy(desc(tickets.id));
  const checkins = await checkinsOf(
    deps.db,
    rows.map((t) => t.id),
  );
  return rows.map((t) => ({ ...ticketView(t), ...checkins.get(t.id)! }));
}

export async function getTicket({
  deps,
  userId,
  ticketId,
}: {
  deps: CloudDeps;
  userId: string;
  ticketId: string;
}) {
  const { ticket, event } = await loadTicketFor(deps.db, userId, ticketId);
  const checkin = (await checkinsOf(deps.db, [ticket.id])).get(ticket.id)!;
  return { ...ticketView(ticket), eventName: event.name, startsAt: event.startsAt.toISOString(), ...checkin };
}

/** The code to draw as a QR image; only a VALID ticket has one worth showing. */
export async function ticketCodeFor({
  deps,
  userId,
  ticketId,
}: {
  deps: CloudDeps;
  userId: string;
  ticketId: string;
}) {
  const { ticket } = await loadTicketFor(deps.db, userId, ticketId);
  if (ticket.status !== 'VALID')
    throw new AppError('CONFLICT', `the ticket is ${ticket.status.toLowerCase()}`);
  return ticket.code;
}

/** The holder names who will use the ticket. The code does not carry it, so it is not re-issued. */
export async function setAttendee({
  deps,
  userId,
  ticketId,
  input,
}: {
  deps: CloudDeps;
  userId: string;
  ticketId: string;
  input: { attendeeName?: string | null | undefined; attendeeEmail?: string | null | undefined };
}) {
  const { ticket, holder } = await loadTicketFor(deps.db, userId, ticketId);
  if (!holder) throw new AppError('FORBIDDEN', 'only the ticket’s holder may name its attendee');
  if (ticket.status !== 'VALID')
    throw new AppError('CONFLICT', `the ticket is ${ticket.status.toLowerCase()}`);
  await refuseIfCheckedIn(deps.db, ticketId, 'given another attendee');
  const [row] = await deps.db
    .update(tickets)
    .set({
      ...(input.attendeeName !== undefined ? { attendeeName: input.attendeeName } : {}),
      ...(input.attendeeEmail !== undefined ? { attendeeEmail: input.attendeeEmail } : {}),
      changeXid: changedNow,
    })
    .where(eq(tickets.id, ticketId))
    .returning();
  return ticketView(row!);
}

/**
 * Gives a ticket to another account. The recipient gets a new code (version + 1) and the
 * old code is revoked: the row's new change stamp carries the new version to the gates.
 */
export async function transferTicket({
  deps,
  userId,
  ticketId,
  email,
}: {
  deps: CloudDeps;
  userId: string;
  ticketId: string;
  email: string;
}) {
  const transferred = await deps.db.transaction(async (tx) => {
    const { ticket, event, holder } = await loadTicketFor(tx, userId, ticketId, true);
    if (!holder) throw new AppError('FORBIDDEN', 'only the ticket’s holder may transfer it');
    if (ticket.status !== 'VALID')
      throw new AppError('CONFLICT', `the ticket is ${ticket.status.toLowerCase()}`);
    if (event.status === 'CANCELLED') throw new AppError('CONFLICT', 'the event is cancelled');
    if (event.endsAt <= deps.now()) throw new AppError('CONFLICT', 'the event has ended');
    await refuseIfCheckedIn(tx, ticketId, 'transferred');
    const [tier] = await tx.select().from(tiers).where(eq(tiers.id, ticket.tierId));
    if (!tier!.transferable) throw new AppError('CONFLICT', `"${tier!.name}" tickets cannot be transferred`);
    const [recipient] = await tx
      .select({ id: users.id, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.email, email.trim().toLowerCase()))
      .limit(1);
    if (!recipient || recipient.deletedAt)
      throw new AppError(
        'UNPROCESSABLE',
        'email: no TixMo account has this address; ask them to sign up first',
      );
    if (recipient.id === userId) throw new AppError('BAD_REQUEST', 'email: you already hold this ticket');
    const version = ticket.version + 1;
    const code = await resignTicket(tx, ticket, event, version);
    const [row] = await tx
      .update(tickets)
      .set({
        holderId: recipient.id,
        version,
        code,
        attendeeName: null,
        attendeeEmail: null,
        changeXid: changedNow,
      })
      .where(eq(tickets.id, ticketId))
      .returning();
    await noteTicketTransferred(
      tx,
      { ticketId, fromUserId: userId, toUserId: recipient.id, orgId: event.orgId },
      deps.now(),
    );
    const { code: _hidden, ...view } = ticketView(row!);
    // The giver no longer holds it, so they no longer see its code.
    return { ...view, holderEmail: email.trim().toLowerCase() };
  });
  notifyEventManifestChanged(deps, transferred.eventId);
  return transferred;
}

/**
 * The organization's OWNER/ADMIN cancels one ticket: the gates reject it once the
 * manifest carries the change, its seat goes back on sale, and a paid order is marked
 * for refund.
 */
export async function cancelTicket({
  deps,
  userId,
  ticketId,
}: {
  deps: CloudDeps;
  userId: string;
  ticketId: string;
}) {
  const cancelled = await deps.db.transaction(async (tx) => {
    const { ticket, event, role } = await loadTicketFor(tx, userId, ticketId, true);
    if (!role || !MANAGERS.includes(role))
      throw new AppError('FORBIDDEN', 'only the organization’s OWNER or ADMIN may cancel a ticket');
    if (ticket.status !== 'VALID')
      throw new AppError('CONFLICT', `the ticket is already ${ticket.status.toLowerCase()}`);
    const [row] = await tx
      .update(tickets)
      .set({ status: 'CANCELLED', changeXid: changedNow, statusChangedAt: deps.now() })
      .where(eq(tickets.id, ticketId))
      .returning();
    await tx
      .update(tiers)
      .set({ reserved: sql`${tiers.reserved} - 1`, sold: sql`${tiers.sold} - 1` })
      .where(eq(tiers.id, ticket.tierId));
    await tx
      .update(orders)
      .set({ refundDue: sql`${orders.totalCents} > 0` })
      .where(and(eq(orders.id, ticket.orderId), eq(orders.status, 'CONFIRMED')));
    await noteTicketCancelled(tx, { ticketId, holderId: ticket.holderId, orgId: event.orgId }, deps.now());
    return ticketView(row!);
  });
  await serveWaitlists({ deps, tierIds: [cancelled.tierId] });
  notifyEventManifestChanged(deps, cancelled.eventId);
  return cancelled;
}
