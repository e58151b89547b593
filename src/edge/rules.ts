import type { CodeCheck } from '../shared/ticket-claims.ts';
import type { Decision, Direction, ManifestEvent, ScanReason } from '../sync/protocol.ts';
import type { ManifestTicketRow } from './store.ts';

export interface ScanFacts {
  check: CodeCheck;
  /** Event whose key verified the code (when it verified). */
  keyEventId: string | undefined;
  event: ManifestEvent | undefined;
  ticket: ManifestTicketRow | undefined;
  direction: Direction;
  isInside: boolean;
  /** Whether the ticket ever entered (the `single` re-entry policy). */
  hasEntered?: boolean;
  /** The lane's allowed tiers (ids or names); absent or empty = every tier. */
  allowedTiers?: readonly string[];
  /** `reject`: a validly signed code the manifest does not list is refused (strict venues). */
  unknownTickets?: 'admit' | 'reject';
  now: Date;
  /** Hard anti-passback with peers out of reach: entries cannot be confirmed. */
  unconfirmed?: boolean;
  /** False on a node that never synced: an unknown event then means "no manifest", not "another event". */
  manifestLoaded?: boolean;
  /** A fresh journal still learning who is inside (src/edge/rebuild.ts). */
  rebuilding?: boolean;
}

export interface Verdict {
  decision: Decision;
  reason: ScanReason;
  ticketId: string | null;
  eventId: string | null;
}

/**
 * The gate's decision rules (docs/architecture.md §5), pure and synchronous: signature, event,
 * validity window, manifest status, then admission state. A ticket the manifest does
 * not know yet is admitted on its signature alone (sold after the last sync).
 */
export function decideScan(f: ScanFacts): Verdict {
  const reject = (
    reason: ScanReason,
    ticketId: string | null = null,
    eventId: string | null = null,
  ): Verdict => ({
    decision: 'reject',
    reason,
    ticketId,
    eventId,
  });
  const { check } = f;
  const noEvent = f.manifestLoaded === false ? 'no_manifest' : 'wrong_event';
  if (!check.ok) {
    if (check.reason === 'malformed') return reject('malformed');
    // An unverified code's claims are only good enough to say which way it is wrong.
    if (check.reason === 'unknown_key' && !f.event) return reject(noEvent);
    return reject('bad_signature');
  }
  const { claims } = check;
  if (!f.event) return reject(noEvent);
  if (f.keyEventId !== claims.e) return reject('bad_signature');
  const ticketId = claims.t;
  const eventId = claims.e;
  if (f.event.status === 'CANCELLED') return reject('cancelled', ticketId, eventId);

  const nowSec = f.now.getTime() / 1000;
  if (claims.nbf !== undefined && nowSec < claims.nbf) return reject('not_yet_valid', ticketId, eventId);
  if (f.event.doorsAt && f.direction === 'entry' && f.now < new Date(f.event.doorsAt)) {
    return reject('not_yet_valid', ticketId, eventId);
  }
  if (claims.exp !== undefined && nowSec > claims.exp) return reject('expired', ticketId, eventId);

  if (f.ticket) {
    if (f.ticket.status === 'CANCELLED') return reject('cancelled', ticketId, eventId);
    if (f.ticket.status === 'REFUNDED') return reject('revoked', ticketId, eventId);
    if (f.ticket.version > claims.v) return reject('revoked', ticketId, eventId);
  } else if (f.unknownTickets === 'reject') {
    return reject('unknown_ticket', ticketId, eventId);
  }

  // The manifest's tier wins over the code's: a re-issued ticket may have moved tier.
  const tierId = f.ticket?.tierId ?? claims.r;
  const tier = f.event.tiers.find((t) => t.id === tierId);
  if (f.direction === 'entry' && tier) {
    if (tier.validFrom && f.now < new Date(tier.validFrom)) return reject('not_yet_valid', ticketId, eventId);
    if (tier.validUntil && f.now > new Date(tier.validUntil)) return reject('expired', ticketId, eventId);
  }
  if (f.allowedTiers && f.allowedTiers.length > 0) {
    const allowed = f.allowedTiers.includes(tierId) || (tier && f.allowedTiers.includes(tier.name));
    if (!allowed) return reject('tier_not_allowed', ticketId, eventId);
  }

  const policy = f.event.reentryPolicy ?? 'reentry';
  if (policy !== 'unlimited') {
    if (f.direction === 'entry' && f.isInside) return reject('already_inside', ticketId, eventId);
    if (f.direction === 'entry' && policy === 'single' && f.hasEntered)
      return reject('already_inside', ticketId, eventId);
    // A fresh journal does not know yet who is inside: only an exit of someone known inside is safe.
    if (f.rebuilding && (f.direction === 'entry' || !f.isInside))
      return reject('rebuilding', ticketId, eventId);
    // Hard anti-passback: peers out of reach too long, so "not inside" cannot be confirmed.
    if (f.direction === 'entry' && f.unconfirmed) return reject('unconfirmed', ticketId, eventId);
    if (f.direction === 'exit' && !f.isInside) return reject('not_inside', ticketId, eventId);
  }
  return { decision: 'admit', reason: 'ok', ticketId, eventId };
}
