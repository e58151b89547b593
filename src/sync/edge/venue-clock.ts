/**
 * The venue's true time at the edge: this computer's clock minus the offset measured
 * against the cloud on heartbeat round trips. Every time rule (validity windows, doors,
 * the HLC, journal times, manifest age) reads `now()` from here, so a gate whose clock
 * is minutes off still decides like the cloud would.
 *
 * - Measurement (NTP's clock filter, simplified): offset = local midpoint of the round
 *   trip − cloud time, true within ± half the round trip. Of the last samples the one
 *   with the shortest round trip wins; a sample whose interval cannot overlap the
 *   current one means the local clock was stepped, so older samples are dropped.
 * - Bound: at most `maxCorrectionMs` is applied (README explains the default of one
 *   hour): enough for any drift of a clock that was once set, small enough that a
 *   wrong answer from the cloud's side (an instance with a bad clock, a proxy, an
 *   attacker on a plain-http link) can move ticket windows by at most that; a clock
 *   further off is misconfigured and status says to fix it.
 * - Persistence: the correction in use is saved, so a restart without the cloud keeps
 *   deciding on the venue's time (status shows `source: saved` and its age).
 */
export interface ClockCorrection {
  /** This node's clock minus the cloud's, in ms (positive: this clock is ahead). */
  offsetMs: number;
  /** Half the round trip it was measured on: the true offset is within ± this. */
  uncertaintyMs: number;
  /** When it was last confirmed, in the cloud's time. */
  measuredAt: string;
}

export interface VenueClockStatus {
  /** The offset in use (measured, or saved before a restart); null before the first measurement. */
  offsetMs: number | null;
  /** Offsets larger than this are flagged (`skewed`). */
  boundMs: number;
  skewed: boolean;
  measuredAt: string | null;
  /** What every time rule subtracts from this computer's clock now. */
  correctionMs: number;
  maxCorrectionMs: number;
  /** The offset is larger than the correction limit: decisions are off by the rest. */
  clamped: boolean;
  /** cloud: measured since this start; saved: from before the restart; none: local clock, unchecked. */
  source: 'cloud' | 'saved' | 'none';
  uncertaintyMs: number | null;
  ageSeconds: number | null;
  /** The venue's time as the gate uses it. */
  now: string;
  explanation: string;
}

const KEEP_SAMPLES = 8;

export class VenueClock {
  private samples: ClockCorrection[] = [];
  private current: ClockCorrection | null;
  private source: VenueClockStatus['source'];

  constructor(
    private readonly options: {
      /** This computer's clock (ms since the epoch). */
      local: () => number;
      maxCorrectionMs: number;
      flagAboveMs: number;
      saved: ClockCorrection | null;
      save?: (correction: ClockCorrection) => void;
    },
  ) {
    this.current = options.saved;
    this.source = options.saved ? 'saved' : 'none';
  }

  /** The offset measured (or saved) in use, before the bound; null before the first. */
  offsetMs(): number | null {
    return this.current?.offsetMs ?? null;
  }

  /** The offset every time rule applies, within ± maxCorrectionMs. */
  correctionMs(): number {
    const offset = this.current?.offsetMs ?? 0;
    const max = this.options.maxCorrectionMs;
    return Math.max(-max, Math.min(max, offset));
  }

  /** The venue's time in ms since the epoch. */
  now(): number {
    return this.options.local() - this.correctionMs();
  }

  /** A time this computer's clock stamped, as the venue's (corrected) time. */
  fromLocal(iso: string | null): string | null {
    return iso === null ? null : new Date(Date.parse(iso) - this.correctionMs()).toISOString();
  }

  /**
   * One heartbeat round trip: sent at `sentLocalMs` by this clock, answered `cloudMs`,
   * back `roundTripMs` later (measured on a monotonic clock).
   */
  record(sentLocalMs: number, roundTripMs: number, cloudMs: number): ClockCorrection {
    const rtt = Math.max(0, roundTripMs);
    const sample: ClockCorrection = {
      offsetMs: Math.round(sentLocalMs + rtt / 2 - cloudMs),
      uncertaintyMs: Math.ceil(rtt / 2),
      measuredAt: new Date(cloudMs + rtt / 2).toISOString(),
    };
    const best = this.best();
    const stepped =
      best !== null &&
      Math.abs(sample.offsetMs - best.offsetMs) > sample.uncertaintyMs + best.uncertaintyMs + 1;
    this.samples = stepped ? [sample] : [...this.samples, sample].slice(-KEEP_SAMPLES);
    const chosen = this.best()!;
    this.current = { ...chosen, measuredAt: sample.measuredAt };
    this.source = 'cloud';
    this.options.save?.(this.current);
    return this.current;
  }

  private best(): ClockCorrection | null {
    let best: ClockCorrection | null = null;
    for (const s of this.samples) if (!best || s.uncertaintyMs <= best.uncertaintyMs) best = s;
    return best;
  }

  status(): VenueClockStatus {
    const c = this.current;
    const now = this.now();
    const correction = this.correctionMs();
    const offset = c?.offsetMs ?? null;
    const skewed = offset !== null && Math.abs(offset) > this.options.flagAboveMs;
    const clamped = offset !== null && offset !== correction;
    const ageSeconds = c ? Math.max(0, Math.round((now - Date.parse(c.measuredAt)) / 1000)) : null;
    return {
      offsetMs: offset,
      boundMs: this.options.flagAboveMs,
      skewed,
      measuredAt: c?.measuredAt ?? null,
      correctionMs: correction,
      maxCorrectionMs: this.options.maxCorrectionMs,
      clamped,
      source: this.source,
      uncertaintyMs: c?.uncertaintyMs ?? null,
      ageSeconds,
      now: new Date(now).toISOString(),
      explanation: this.explain(skewed, clamped, ageSeconds),
    };
  }

  private explain(skewed: boolean, clamped: boolean, ageSeconds: number | null): string {
    const c = this.current;
    if (!c) return 'not yet measured against the cloud: decisions use this computer’s clock, unchecked';
    const way = c.offsetMs >= 0 ? 'ahead of' : 'behind';
    const off = `this computer’s clock is ${span(Math.abs(c.offsetMs))} ${way} the cloud’s (±${span(c.uncertaintyMs)})`;
    const when =
      this.source === 'saved'
        ? `, as measured ${span((ageSeconds ?? 0) * 1000)} ago before a restart (the cloud has not answered since)`
        : '';
    if (clamped)
      return `${off}${when}: more than the ${span(this.options.maxCorrectionMs)} correction limit, so decisions are ${span(Math.abs(c.offsetMs) - Math.abs(this.correctionMs()))} off — set this computer’s clock`;
    return `${off}${when}; decisions use the cloud’s time${skewed ? ' — set this computer’s clock (NTP)' : ''}`;
  }
}

function span(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
