import type { PassageSensor } from '../devices/passage-sensor.ts';
import type { RelayBoard } from '../devices/relay-board.ts';
import type { Logger } from '../shared/logger.ts';
import type { JournalRow } from './store.ts';

export interface GateActuatorDeps {
  laneId: string;
  relay?: RelayBoard;
  passage?: { sensor: PassageSensor; timeoutMs: number };
  /** Undoes an admission nobody walked through (journalled as an annulment). */
  annul(row: JournalRow, note: string): Promise<unknown>;
  logger: Logger;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

/**
 * One lane's gate: pulses the relay on every admission (after its journal row is
 * durable), and where the turnstile reports passages, matches them to admissions in
 * order; an admission with no passage within the timeout is annulled, so occupancy
 * does not count someone who turned back.
 */
export class GateActuator {
  private readonly waiting: { row: JournalRow; timer: { cancel(): void } }[] = [];
  private readonly setTimer;
  private readonly pulses = new Set<Promise<void>>();
  private stopping = false;
  opened = 0;
  passages = 0;
  annulled = 0;

  constructor(private readonly deps: GateActuatorDeps) {
    this.setTimer = deps.setTimer ?? realTimer;
    deps.passage?.sensor.onPassage(() => this.passed());
  }

  /** Called with each durable admission of this lane. */
  admitted(row: JournalRow): void {
    this.opened++;
    if (this.deps.relay) {
      const pulse = this.deps.relay.pulse().then(
        (ok) => (ok ? undefined : this.couldNotOpen(row, 'unavailable')),
        (err) => this.couldNotOpen(row, err),
      );
      this.pulses.add(pulse);
      void pulse.finally(() => this.pulses.delete(pulse));
    }
    const passage = this.deps.passage;
    if (!passage) return;
    const waiting = {
      row,
      timer: this.setTimer(() => this.expired(waiting), passage.timeoutMs),
    };
    this.waiting.push(waiting);
  }

  /** Forgets an admission staff annulled by hand (no passage will come for it). */
  forget(ticketId: string): void {
    const i = this.waiting.findIndex((w) => w.row.ticketId === ticketId);
    if (i === -1) return;
    this.waiting[i]!.timer.cancel();
    this.waiting.splice(i, 1);
  }

  get awaitingPassage(): number {
    return this.waiting.length;
  }

  /**
   * The edge is stopping: from now on an admission whose relay cannot be reached is
   * annulled — the edge is going away, so nobody will open that gate for the person it
   * announced. (Running, a steward at the lane may still let them through by hand.)
   */
  beginStop(): void {
    this.stopping = true;
  }

  /** For a stop: waits until every pulse already started has finished (the relay is off again). */
  async settle(): Promise<void> {
    this.stopping = true;
    while (this.pulses.size > 0) await Promise.all([...this.pulses]);
    await this.deps.relay?.idle();
  }

  close(): void {
    for (const w of this.waiting.splice(0)) w.timer.cancel();
  }

  private async couldNotOpen(row: JournalRow, why: unknown): Promise<void> {
    const { logger, laneId } = this.deps;
    if (why === 'unavailable') logger.warn('gate relay unavailable', { lane: laneId });
    else logger.error('gate relay failed', { lane: laneId, err: why });
    if (!this.stopping) return;
    this.forget(row.ticketId ?? '');
    this.annulled++;
    await this.deps
      .annul(row, 'the gate could not open: its relay was unreachable while the edge was stopping')
      .catch((err) => logger.error('annulment failed', { lane: laneId, err }));
  }

  private passed(): void {
    this.passages++;
    const first = this.waiting.shift();
    first?.timer.cancel();
  }

  private expired(waiting: { row: JournalRow }): void {
    const i = this.waiting.indexOf(waiting as (typeof this.waiting)[number]);
    if (i === -1) return;
    this.waiting.splice(i, 1);
    this.annulled++;
    const seconds = Math.round((this.deps.passage?.timeoutMs ?? 0) / 1000);
    this.deps
      .annul(waiting.row, `no passage within ${seconds} s of the admission (turnstile)`)
      .catch((err) => this.deps.logger.error('annulment failed', { lane: this.deps.laneId, err }));
  }
}
