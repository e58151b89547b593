import { describe, expect, it } from 'vitest';
import type { CloudDb } from '../../src/cloud/db/client.ts';
import { inTierLane, tierLaneStats } from '../../src/cloud/orders/tier-lanes.ts';

/** A step the test releases by hand, so it decides when each "statement" finishes. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("a tier's lane to Postgres", () => {
  it('lets at most `limit` orders of one tier run at once and serves the rest in arrival order', async () => {
    const db = {} as CloudDb;
    const gates = Array.from({ length: 6 }, gate);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const waitedBefore = tierLaneStats.waited;
    const all = gates.map((g, i) =>
      inTierLane(db, 'tier-a', 2, async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await g.done;
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (const g of gates) g.open();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(tierLaneStats.waited - waitedBefore).toBe(4);
  });

  it('never holds up another tier, and a failed order frees its place', async () => {
    const db = {} as CloudDb;
    const first = gate();
    const blocked = inTierLane(db, 'tier-a', 1, () => first.done);
    const queued = inTierLane(db, 'tier-a', 1, async () => 'after the failure');
    expect(await inTierLane(db, 'tier-b', 1, async () => 'other tier')).toBe('other tier');
    first.fail(new Error('statement failed'));
    await expect(blocked).rejects.toThrow('statement failed');
    expect(await queued).toBe('after the failure');
    // The lane is empty again: the next order runs at once.
    expect(await inTierLane(db, 'tier-a', 1, async () => 'next')).toBe('next');
  });
});
