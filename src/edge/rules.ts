import type { CodeCheck } from '../shared/ticket-code.ts';
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
  now: Date;
  /** Hard anti-passback with peers out of reach: entries cannot be confirmed. */
  unconfirmed?: boolean;
}

export interface Verdict {
  decision: Decision;
  reason: ScanReason;
  ticketId: string | null;
  eventId: string | null;
}

/**
 * The gate's decision rules (DESIGN.md §5), pure and synchronous: signature, event,
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
  if (!check.ok) {
    if (check.reason === 'malformed') return reject('malformed');
    // An unverified code's claims are only good enough to say which way it is wrong.
    if (check.reason === 'unknown_key' && !f.event) return reject('wrong_event');
    return reject('bad_signature');
  }
  const { claims } = check;
  if (!f.event) return reject('wrong_event');
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
  }

  if (f.direction === 'entry' && f.isInside) return reject('already_inside', ticketId, eventId);
  if (f.direction === 'entry' && f.unconfirmed) return reject('unconfirmed', ticketId, eventId);
  if (f.direction === 'exit' && !f.isInside) return reject('not_inside', ticketId, eventId);
  return { decision: 'admit', reason: 'ok', ticketId, eventId };
}
