import { and, desc, eq, isNull } from 'drizzle-orm';
import type { CryptoKey, JWK } from 'jose';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { importEventKey, signTicketCode } from '../../shared/ticket-code.ts';
import type { CloudDb } from '../db/client.ts';
import { eventKeys, type events, type orderItems, type orders, tickets } from '../db/schema.ts';

const HOUR = 3600;
const privateKeys = new Map<string, CryptoKey>();

async function currentSigningKey(
  db: CloudDb,
  eventId: string,
): Promise<{ kid: string; privateKey: CryptoKey }> {
  const [key] = await db
    .select()
    .from(eventKeys)
    .where(and(eq(eventKeys.eventId, eventId), isNull(eventKeys.revokedAt)))
    .orderBy(desc(eventKeys.createdAt))
    .limit(1);
  if (!key) throw new AppError('CONFLICT', 'the event has no signing key: publish it first');
  let privateKey = privateKeys.get(key.kid);
  if (!privateKey) {
    privateKey = await importEventKey(key.privateJwk as JWK);
    privateKeys.set(key.kid, privateKey);
  }
  return { kid: key.kid, privateKey };
}

/**
 * Issues one ticket per unit of a confirmed order, each with a signed code valid from
 * a day before the event starts until six hours after it ends (the gate applies the
 * event's own doors rules on top). Runs inside the confirming transaction.
 */
export async function issueTickets(
  db: CloudDb,
  order: typeof orders.$inferSelect,
  items: (typeof orderItems.$inferSelect)[],
  event: typeof events.$inferSelect,
): Promise<number> {
  const rows = await signTickets(db, order, items, event);
  if (rows.length > 0) await db.insert(tickets).values(rows);
  return rows.length;
}

/** The ticket rows (ids and signed codes) for an order's items, not yet stored. */
export async function signTickets(
  db: CloudDb,
  order: { id: string; userId: string },
  items: { tierId: string; quantity: number }[],
  event: typeof events.$inferSelect,
): Promise<(typeof tickets.$inferInsert & { id: string; code: string })[]> {
  const key = await currentSigningKey(db, event.id);
  const { nbf, exp } = codeWindow(event);
  const rows: (typeof tickets.$inferInsert & { id: string; code: string })[] = [];
  for (const item of items) {
    for (let i = 0; i < item.quantity; i++) {
      const id = newId();
      const code = await signTicketCode({ t: id, e: event.id, r: item.tierId, v: 1, nbf, exp }, key);
      rows.push({
        id,
        orderId: order.id,
        eventId: event.id,
        venueId: event.venueId,
        tierId: item.tierId,
        holderId: order.userId,
        code,
      });
    }
  }
  return rows;
}

function codeWindow(event: typeof events.$inferSelect) {
  return {
    nbf: Math.floor(event.startsAt.getTime() / 1000) - 24 * HOUR,
    exp: Math.floor(event.endsAt.getTime() / 1000) + 6 * HOUR,
  };
}

/**
 * A new code for a ticket at `version` (transfer, re-issue). The edge rejects any code
 * whose `v` is below the manifest's version, so the old code dies once this reaches it.
 */
export async function resignTicket(
  db: CloudDb,
  ticket: { id: string; tierId: string },
  event: typeof events.$inferSelect,
  version: number,
): Promise<string> {
  const key = await currentSigningKey(db, event.id);
  return signTicketCode(
    { t: ticket.id, e: event.id, r: ticket.tierId, v: version, ...codeWindow(event) },
    key,
  );
}
