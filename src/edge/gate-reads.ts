import type { ScannerDevice } from '../devices/scanner.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Direction, ScanReason } from '../sync/protocol.ts';
import { isStorageError, type JournalHealth } from './journal-health.ts';
import { actOnDecision, type Lane } from './lanes.ts';
import type { LiveFeed } from './live.ts';
import type { ScanOutcome, ScanPipeline } from './pipeline.ts';

/** A read the gate refused without journalling it (the journal cannot be written, or the edge is stopping). */
export class GateRefusal extends AppError {
  constructor(
    message: string,
    readonly refusal: {
      laneId: string;
      direction: Direction;
      decision: 'reject';
      reason: ScanReason;
      at: string;
    },
  ) {
    super('UNAVAILABLE', message);
  }
}

/**
 * Every read of every lane (scanners and handhelds) goes through here, so two promises
 * hold for all of them. A read always gets an answer: a decision, or — when the journal
 * cannot be written — a refusal with reason `storage` and a bad beep, never silence and
 * never an open gate. And a stop lets every read already decided finish: journalled,
 * announced, its gate pulsed, before any device closes.
 */
export class GateReads {
  private accepting = true;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      lanes: Map<string, Lane>;
      pipeline: ScanPipeline;
      health: JournalHealth;
      live: LiveFeed;
      /** Commits whatever decisions are queued now (the group commit's flush). */
      flush: () => void;
      logger: Logger;
    },
  ) {}

  get open(): boolean {
    return this.accepting;
  }

  read(laneId: string, code: string, source?: ScannerDevice): Promise<ScanOutcome | null> {
    const lane = this.deps.lanes.get(laneId);
    if (!lane) return Promise.reject(new Error(`no lane ${laneId}`));
    if (!this.accepting) {
      void source?.feedback?.(false);
      return Promise.reject(
        new AppError('UNAVAILABLE', 'the gate is shutting down; scan again in a moment or at another gate'),
      );
    }
    const done = this.decide(lane, code, source);
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /**
   * Stops taking reads and waits until every read already decided is durable, announced
   * and acted on (relay pulsed, or its admission annulled where the gate cannot open).
   */
  async stop(): Promise<{ inFlight: number }> {
    this.accepting = false;
    for (const lane of this.deps.lanes.values()) lane.gate.beginStop();
    const inFlight = this.inFlight.size;
    this.deps.flush();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await Promise.all([...this.deps.lanes.values()].map((l) => l.gate.settle()));
    return { inFlight };
  }

  private async decide(lane: Lane, code: string, source?: ScannerDevice): Promise<ScanOutcome | null> {
    const { health } = this.deps;
    if (!health.healthy) throw this.storageRefusal(lane, source);
    let outcome: ScanOutcome | null;
    try {
      outcome = await this.deps.pipeline.scan(lane, code);
    } catch (err) {
      if (!isStorageError(err)) {
        void source?.feedback?.(false);
        throw err;
      }
      health.failed(err);
      throw this.storageRefusal(lane, source);
    }
    if (outcome) await actOnDecision(lane, outcome, source);
    return outcome;
  }

  private storageRefusal(lane: Lane, source?: ScannerDevice): GateRefusal {
    const { health } = this.deps;
    health.refused++;
    void source?.feedback?.(false);
    const refusal = new GateRefusal(
      `the journal cannot be written (${health.error}); nothing was admitted and the gate stays shut`,
      {
        laneId: lane.id,
        direction: lane.direction,
        decision: 'reject',
        reason: 'storage',
        at: new Date().toISOString(),
      },
    );
    this.deps.live.refused(refusal.refusal);
    return refusal;
  }
}
