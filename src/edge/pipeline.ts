import type { HybridClock } from '../shared/hlc.ts';
import type { Direction, ManifestEvent } from '../sync/protocol.ts';
import type { AdmissionState, Occupancy } from './admissions.ts';
import { checkTicketCode } from './code-check.ts';
import type { GroupCommit } from './group-commit.ts';
import type { KeyRing } from './keyring.ts';
import { decideScan, type Verdict } from './rules.ts';
import type { EdgeStore, JournalEntry, JournalRow } from './store.ts';

export interface ScanOutcome {
  row: JournalRow;
  /** Present after an admission (or annulment): the event's occupancy including it. */
  occupancy?: Occupancy;
}

/** What the rules need to know of a lane at the moment of a read. */
export interface LaneRules {
  id: string;
  direction: Direction;
  allowedTiers?: readonly string[];
}

export interface PipelineDeps {
  store: EdgeStore;
  keyring: KeyRing;
  admissions: AdmissionState;
  clock: HybridClock;
  commit: GroupCommit;
  events: () => Map<string, ManifestEvent>;
  /** False until the node has received a manifest at all (first boot without the cloud). */
  manifestLoaded?: () => boolean;
  now: () => Date;
  unknownTickets?: 'admit' | 'reject';
  onDecision: (outcome: ScanOutcome) => void;
  /** True when admission state cannot be confirmed with the peers (hard anti-passback). */
  unconfirmed?: () => boolean;
  /** True while a fresh journal learns who is inside (src/edge/rebuild.ts). */
  rebuilding?: () => boolean;
}

/**
 * device line → verify signature → rules + admission state (one synchronous step) →
 * group commit (durable) → announce. Because the check, the rules and the admission
 * state update run without an await between them, two lanes reading the same ticket
 * at once cannot both admit it.
 */
export class ScanPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /**
   * Decides at once (synchronously, so reads are decided in the order they arrive)
   * and resolves once the decision is durable. A lane's next read is decided while the
   * previous commit is in flight; commits complete in order.
   */
  scan(lane: LaneRules, raw: string): Promise<ScanOutcome | null> {
    try {
      return this.process(lane, raw) ?? Promise.resolve(null);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private process(lane: LaneRules, raw: string): Promise<ScanOutcome | null> | null {
    // Scanners pad with NULs, STX/ETX or spaces; a read of only that is no read at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const code = raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (code === '') return null;
    const { store, keyring, admissions } = this.deps;
    // From the bytes to the commit queue: synchronous (signature check included).
    const check = checkTicketCode(code, keyring);
    const now = this.deps.now();
    const event = check.claims ? this.deps.events().get(check.claims.e) : undefined;
    const ticketId = check.ok ? check.claims.t : undefined;
    const verdict = decideScan({
      check,
      keyEventId: check.ok ? keyring.get(check.kid)?.eventId : undefined,
      event,
      ticket: ticketId ? store.ticket(ticketId) : undefined,
      direction: lane.direction,
      isInside: ticketId ? admissions.isInside(ticketId) : false,
      hasEntered: ticketId ? admissions.hasEntered(ticketId) : false,
      allowedTiers: lane.allowedTiers,
      unknownTickets: this.deps.unknownTickets,
      now,
      unconfirmed: this.deps.unconfirmed?.() ?? false,
      manifestLoaded: this.deps.manifestLoaded?.() ?? true,
      rebuilding: this.deps.rebuilding?.() ?? false,
    });
    return this.record(verdict, { laneId: lane.id, direction: lane.direction });
  }

  /**
   * Applies a decided verdict to the admission state at once (so the next read sees
   * it), then waits for its durable commit before announcing it. Staff actions use
   * this too, so they are journalled, counted and uploaded exactly like scans.
   */
  record(
    verdict: Verdict,
    extra: { laneId: string; direction: Direction; kind?: JournalEntry['kind']; note?: string | null },
  ): Promise<ScanOutcome> {
    const { admissions, clock } = this.deps;
    const now = this.deps.now();
    const entry: JournalEntry = { ...verdict, ...extra, hlc: clock.tick(), at: now.toISOString() };
    if (verdict.decision === 'admit') admissions.apply(entry);
    return this.deps.commit.submit(entry).then((row) => {
      const outcome: ScanOutcome = { row };
      if (row.decision === 'admit' && row.eventId)
        outcome.occupancy = { ...admissions.occupancy(row.eventId) };
      this.deps.onDecision(outcome);
      return outcome;
    });
  }
}
