import type { CryptoKey, JWK } from 'jose';
import { generateEventKey, importEventKey, signTicketCode } from '../../src/shared/ticket-code.ts';
import type { ManifestEvent, ManifestPage, ManifestTicket } from '../../src/sync/protocol.ts';

/**
 * A venue's manifest built by hand, with real Ed25519 keys and real signed codes, for
 * rules the cloud does not send yet (re-entry policy, tier windows) and for benchmarks.
 */
export interface HandEvent {
  event: ManifestEvent;
  sign(ticket: { id: string; tierId: string; version?: number; nbf?: Date; exp?: Date }): Promise<string>;
}

export async function handEvent(
  id: string,
  over: Partial<Omit<ManifestEvent, 'id' | 'keys'>> = {},
  now = new Date(),
): Promise<HandEvent> {
  const key = await generateEventKey(`${id}-k1`);
  const privateKey: CryptoKey = await importEventKey(key.privateJwk as JWK);
  const event: ManifestEvent = {
    id,
    name: `Event ${id}`,
    status: 'PUBLISHED',
    startsAt: new Date(now.getTime() - 3600_000).toISOString(),
    endsAt: new Date(now.getTime() + 4 * 3600_000).toISOString(),
    doorsAt: null,
    keys: [{ kid: key.kid, publicJwk: key.publicJwk as Record<string, unknown> }],
    tiers: [
      { id: `${id}-ga`, name: 'GA' },
      { id: `${id}-vip`, name: 'VIP' },
    ],
    ...over,
  };
  return {
    event,
    sign: (t) =>
      signTicketCode(
        {
          t: t.id,
          e: id,
          r: t.tierId,
          v: t.version ?? 1,
          ...(t.nbf ? { nbf: Math.floor(t.nbf.getTime() / 1000) } : {}),
          ...(t.exp ? { exp: Math.floor(t.exp.getTime() / 1000) } : {}),
        },
        { kid: key.kid, privateKey },
      ),
  };
}

export function manifestPage(
  events: ManifestEvent[],
  tickets: ManifestTicket[],
  cursor = 'hand-1',
): ManifestPage {
  return {
    node: { id: 'node-hand', venueId: 'venue-hand', name: 'Gate A' },
    venue: { id: 'venue-hand', name: 'Hand Hall', capacity: 500, timezone: 'UTC' },
    events,
    tickets,
    cursor,
    hasMore: false,
    remaining: 0,
  };
}
