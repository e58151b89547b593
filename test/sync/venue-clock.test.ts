import { describe, expect, it } from 'vitest';
import { type ClockCorrection, VenueClock } from '../../src/sync/edge/venue-clock.ts';

const CLOUD = Date.UTC(2026, 5, 1, 18, 0, 0);

/** A gate whose clock is `skew` ms off, measuring against a cloud at CLOUD + t. */
function gate(
  initialSkew: number,
  options: { maxCorrectionMs?: number; saved?: ClockCorrection | null } = {},
) {
  let t = 0;
  let skew = initialSkew;
  const saved: ClockCorrection[] = [];
  const clock = new VenueClock({
    local: () => CLOUD + t + skew,
    maxCorrectionMs: options.maxCorrectionMs ?? 3_600_000,
    flagAboveMs: 2000,
    saved: options.saved ?? null,
    save: (c) => saved.push(c),
  });
  /** A round trip of `rtt` ms whose answer the cloud stamped `asymmetry` ms after the midpoint. */
  const roundTrip = (rtt: number, asymmetry = 0) => {
    const sent = CLOUD + t + skew;
    clock.record(sent, rtt, CLOUD + t + rtt / 2 + asymmetry);
    t += rtt;
  };
  return {
    clock,
    roundTrip,
    saved,
    setSkew: (ms: number) => {
      skew = ms;
    },
    cloudNow: () => CLOUD + t,
  };
}

describe('the venue clock at the edge', () => {
  it('uses this computer’s clock, unchecked, until the first measurement', () => {
    const g = gate(600_000);
    expect(g.clock.now()).toBe(g.cloudNow() + 600_000);
    expect(g.clock.status()).toMatchObject({
      source: 'none',
      offsetMs: null,
      correctionMs: 0,
      skewed: false,
    });
    expect(g.clock.status().explanation).toMatch(/unchecked/);
  });

  it('corrects by the offset of the shortest round trip among the recent ones', () => {
    const g = gate(-600_000);
    g.roundTrip(400, 150); // a slow trip with a one-sided delay: 150 ms off
    g.roundTrip(10, 2);
    g.roundTrip(300, -100);
    expect(g.clock.correctionMs()).toBe(-600_002);
    expect(Math.abs(g.clock.now() - g.cloudNow())).toBeLessThanOrEqual(5);
    const s = g.clock.status();
    expect(s).toMatchObject({ source: 'cloud', skewed: true, clamped: false, uncertaintyMs: 5 });
    expect(s.explanation).toMatch(
      /10\.0 min behind the cloud’s .*decisions use the cloud’s time — set this computer’s clock/,
    );
    expect(g.saved.at(-1)).toMatchObject({ offsetMs: -600_002 });
  });

  it('follows a local clock that was stepped at once, instead of trusting older, shorter trips', () => {
    const g = gate(600_000);
    g.roundTrip(4);
    g.roundTrip(4);
    // NTP fixed the clock: a slower trip now cannot be reconciled with the faster ones before.
    g.setSkew(0);
    g.roundTrip(40);
    expect(Math.abs(g.clock.correctionMs())).toBeLessThanOrEqual(20);
    expect(g.clock.status().skewed).toBe(false);
  });

  it('corrects at most maxCorrectionMs, and says the rest is off', () => {
    const g = gate(5 * 3_600_000, { maxCorrectionMs: 3_600_000 });
    g.roundTrip(10);
    expect(g.clock.correctionMs()).toBe(3_600_000);
    const s = g.clock.status();
    expect(s.clamped).toBe(true);
    expect(s.explanation).toMatch(/more than the 60\.0 min correction limit, so decisions are 4\.0 h off/);
  });

  it('starts from a saved correction, and says it is from before a restart and how old it is', () => {
    const measuredAt = new Date(CLOUD - 3_600_000).toISOString();
    const g = gate(-600_000, { saved: { offsetMs: -600_000, uncertaintyMs: 3, measuredAt } });
    expect(g.clock.now()).toBe(g.cloudNow());
    expect(g.clock.status()).toMatchObject({ source: 'saved', ageSeconds: 3600, correctionMs: -600_000 });
    expect(g.clock.status().explanation).toMatch(/measured 60\.0 min ago before a restart/);
    expect(g.clock.fromLocal(new Date(CLOUD - 600_000).toISOString())).toBe(new Date(CLOUD).toISOString());
  });
});
