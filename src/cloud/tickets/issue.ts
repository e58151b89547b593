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
  const key = await currentSigningKey(db, event.id);
  const nbf = Math.floor(event.startsAt.getTime() / 1000) - 24 * HOUR;
  const exp = Math.floor(event.endsAt.getTime() / 1000) + 6 * HOUR;
  const rows: (typeof tickets.$inferInsert)[] = [];
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
  if (rows.length > 0) await db.insert(tickets).values(rows);
  return rows.length;
}
