import { and, desc, eq, isNull } from 'drizzle-orm';
import type { JWK } from 'jose';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { type SigningKey, signingKeyFromJwk, signTicketCodeSync } from '../../shared/ticket-code.ts';
import type { CloudDb } from '../db/client.ts';
import { eventKeys, type events, type orderItems, type orders, tickets } from '../db/schema.ts';
import { openPrivateKey } from '../events/key-vault.ts';

const HOUR = 3600;
/**
 * Opened private keys by kid (a kid names one key pair forever, so entries never go
 * stale). A key is unsealed once per process, never per order: the order path reads
 * the kid and finds the key here.
 */
const keyObjects = new Map<string, SigningKey>();

/** The event's newest unrevoked key: the one that signs new codes. */
export async function currentSigningKey(db: CloudDb, eventId: string): Promise<SigningKey> {
  const [key] = await db
    .select({ kid: eventKeys.kid, sealed: eventKeys.privateKeySealed, legacy: eventKeys.privateJwk })
    .from(eventKeys)
    .where(and(eq(eventKeys.eventId, eventId), isNull(eventKeys.revokedAt)))
    .orderBy(desc(eventKeys.createdAt), desc(eventKeys.kid))
    .limit(1);
  if (!key) throw new AppError('CONFLICT', 'the event has no signing key: publish it first');
  let parsed = keyObjects.get(key.kid);
  if (!parsed) {
    // A row still in plain text was written by an older instance during an upgrade; the next start seals it.
    const jwk = key.sealed ? openPrivateKey(key.kid, key.sealed) : (key.legacy as JWK | null);
    if (!jwk) throw new AppError('INTERNAL', `signing key ${key.kid} has no private part`);
    parsed = signingKeyFromJwk(key.kid, jwk);
    keyObjects.set(key.kid, parsed);
  }
  return parsed;
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
  const rows = signTickets(await currentSigningKey(db, event.id), order, items, event);
  if (rows.length > 0) await db.insert(tickets).values(rows);
  return rows.length;
}

export type TicketRow = typeof tickets.$inferInsert & { id: string; code: string };

/** The ticket rows (ids and signed codes) for an order's items, not yet stored. */
export function signTickets(
  key: SigningKey,
  order: { id: string; userId: string },
  items: { tierId: string; quantity: number }[],
  event: Pick<typeof events.$inferSelect, 'id' | 'venueId' | 'startsAt' | 'endsAt'>,
): TicketRow[] {
  const { nbf, exp } = codeWindow(event);
  const rows: TicketRow[] = [];
  for (const item of items) {
    for (let i = 0; i < item.quantity; i++) {
      const id = newId();
      const code = signTicketCodeSync({ t: id, e: event.id, r: item.tierId, v: 1, nbf, exp }, key);
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

function codeWindow(event: Pick<typeof events.$inferSelect, 'startsAt' | 'endsAt'>) {
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
  return signTicketCodeSync(
    { t: ticket.id, e: event.id, r: ticket.tierId, v: version, ...codeWindow(event) },
    key,
  );
}
