import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, HybridClock } from '../../src/shared/hlc.ts';

describe('HybridClock', () => {
  it('orders ticks in the same millisecond by counter', () => {
    const clock = new HybridClock('a', () => 1000);
    const [t1, t2, t3] = [clock.tick(), clock.tick(), clock.tick()];
    expect(t1 < t2 && t2 < t3).toBe(true);
    expect(decodeHlc(t3)).toEqual({ ms: 1000, counter: 2, node: 'a' });
  });

  it('never goes backwards when the wall clock does', () => {
    let wall = 5000;
    const clock = new HybridClock('a', () => wall);
    const before = clock.tick();
    wall = 1000;
    const after = clock.tick();
    expect(after > before).toBe(true);
  });

  it('moves past a timestamp observed from a node whose clock is ahead', () => {
    const clock = new HybridClock('a', () => 1000);
    clock.observe(encodeHlc({ ms: 9000, counter: 3, node: 'b' }));
    expect(decodeHlc(clock.tick())).toMatchObject({ ms: 9000, counter: 5 });
  });

  it('stays sortable past 99,999 ticks in one millisecond (a clock corrected backwards holds it)', () => {
    const clock = new HybridClock('a', () => 1000);
    let last = clock.tick();
    for (let i = 0; i < 150_000; i++) {
      const next = clock.tick();
      if (!(next > last)) throw new Error(`${next} does not sort after ${last}`);
      last = next;
    }
    expect(decodeHlc(last)).toMatchObject({ ms: 1001 });
    clock.observe(encodeHlc({ ms: 1001, counter: 99_999, node: 'b' }));
    expect(decodeHlc(clock.tick()).ms).toBe(1002);
  });

  it('sorts as strings the way it sorts as times', () => {
    expect(
      encodeHlc({ ms: 999, counter: 0, node: 'z' }) < encodeHlc({ ms: 1000, counter: 0, node: 'a' }),
    ).toBe(true);
    expect(() => decodeHlc('garbage')).toThrow(/not an HLC/);
  });
});
