import { describe, expect, it } from 'vitest';
import { pullProgressDisplay } from '../../src/edge/pull-progress.ts';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, write: (s: string) => written.push(s), written };
}

describe('manifest pull progress in the CLI', () => {
  it('redraws a bar with count, rate and time left on a terminal', () => {
    let t = 0;
    const out = sink(true);
    const show = pullProgressDisplay(out, () => t);
    show({ pages: 1, tickets: 5000, remaining: 95_000 });
    t = 1000;
    show({ pages: 2, tickets: 10_000, remaining: 90_000 });
    t = 10_000;
    show({ pages: 20, tickets: 100_000, remaining: 0 });
    expect(out.written[1]).toBe(
      '\r[##......................] manifest 10,000/100,000 tickets (10%), 10,000/s, ~9 s left\u001b[K',
    );
    expect(out.written[2]).toBe(
      `\r[${'#'.repeat(24)}] manifest 100,000/100,000 tickets (100%), 10,000/s, done in 10.0 s\u001b[K\n`,
    );
  });

  it('writes plain lines at most every 2 s to a pipe, and nothing for a routine poll', () => {
    let t = 0;
    const out = sink(false);
    const show = pullProgressDisplay(out, () => t);
    show({ pages: 1, tickets: 0, remaining: 0 });
    show({ pages: 1, tickets: 3, remaining: 0 });
    expect(out.written).toEqual([]);
    show({ pages: 1, tickets: 5000, remaining: 15_000 });
    t = 500;
    show({ pages: 2, tickets: 10_000, remaining: 10_000 });
    t = 2500;
    show({ pages: 3, tickets: 15_000, remaining: 5000 });
    t = 3000;
    show({ pages: 4, tickets: 20_000, remaining: 0 });
    expect(out.written).toHaveLength(3);
    expect(out.written.every((l) => !l.includes('\r') && l.endsWith('\n'))).toBe(true);
    expect(out.written[2]).toBe('manifest 20,000/20,000 tickets (100%), 6,667/s, done in 3.0 s\n');
  });
});
