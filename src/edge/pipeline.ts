import type { HybridClock } from '../shared/hlc.ts';
import { verifyTicketCode } from '../shared/ticket-code.ts';
import type { Direction, ManifestEvent } from '../sync/protocol.ts';
import type { AdmissionState, Occupancy } from './admissions.ts';
import type { KeyRing } from './keyring.ts';
import { decideScan } from './rules.ts';
import type { EdgeStore, JournalRow } from './store.ts';

export interface ScanOutcome {
  row: JournalRow;
  /** Present after an admission: the event's occupancy including it. */
  occupancy?: Occupancy;
}

export interface PipelineDeps {
  store: EdgeStore;
  keyring: KeyRing;
  admissions: AdmissionState;
  clock: HybridClock;
  events: () => Map<string, ManifestEvent>;
  now: () => Date;
  onDecision: (outcome: ScanOutcome) => void;
  /** True when admission state cannot be confirmed with the peers (hard anti-passback). */
  unconfirmed?: () => boolean;
}

/**
 * device line → verify signature (async) → rules + journal (one synchronous step) →
 * announce. Because the rules and the journal append run without an await between
 * them, two lanes reading the same ticket at once cannot both admit it. Reads of one
 * lane are handled in order.
 */
export class ScanPipeline {
  private readonly laneTails = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: PipelineDeps) {}

  scan(laneId: string, direction: Direction, raw: string): Promise<ScanOutcome | null> {
    const tail = this.laneTails.get(laneId) ?? Promise.resolve();
    const next = tail.then(() => this.process(laneId, direction, raw));
    this.laneTails.set(
      laneId,
      next.catch(() => undefined),
    );
    return next;
  }

  private async process(laneId: string, direction: Direction, raw: string): Promise<ScanOutcome | null> {
    // Scanners pad with NULs, STX/ETX or spaces; a read of only that is no read at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const code = raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (code === '') return null;
    const { store, keyring, admissions, clock } = this.deps;
    const check = await verifyTicketCode(code, (kid) => keyring.get(kid)?.key);

    // From here to the end: synchronous.
    const now = this.deps.now();
    const event = check.claims ? this.deps.events().get(check.claims.e) : undefined;
    const ticketId = check.ok ? check.claims.t : undefined;
    const verdict = decideScan({
      check,
      keyEventId: check.ok ? keyring.get(check.kid)?.eventId : undefined,
      event,
      ticket: ticketId ? store.ticket(ticketId) : undefined,
      direction,
      isInside: ticketId ? admissions.isInside(ticketId) : false,
      now,
      unconfirmed: this.deps.unconfirmed?.() ?? false,
    });
    const [row] = store.appendJournal([
      { ...verdict, laneId, direction, hlc: clock.tick(), at: now.toISOString() },
    ]);
    const outcome: ScanOutcome = { row: row! };
    if (verdict.decision === 'admit') {
      admissions.apply(row!);
      outcome.occupancy = { ...admissions.occupancy(verdict.eventId!) };
    }
    this.deps.onDecision(outcome);
    return outcome;
  }
}
