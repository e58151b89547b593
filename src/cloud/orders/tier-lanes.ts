import type { CloudDb } from '../db/client.ts';
import { perDatabase } from '../db/client.ts';

interface Lane {
  running: number;
  waiting: (() => void)[];
}

const lanesOf = perDatabase<Lane>();

/** Orders that waited for their tier's lane, and the longest queue seen; for tests and diagnostics. */
export const tierLaneStats = { waited: 0, longestQueue: 0 };

/**
 * Runs `place` when fewer than `limit` orders of the same tier are at Postgres from this
 * instance. Every order of a tier updates the tier's one row, so Postgres runs them one
 * after another anyway; what a longer queue there adds is CPU: each backend waiting on
 * the row lock wakes, re-reads the newest row version and contends for the same buffer.
 * Measured on two cores, the order statement cost 0.45 ms of Postgres CPU with 2
 * backends on the tier and 1.1–1.4 ms with 20. Queueing here (FIFO, so buyers are served
 * in arrival order) keeps that work off the database; other tiers and events have lanes
 * of their own, so a hot on-sale never queues anyone else.
 */
export async function inTierLane<T>(
  db: CloudDb,
  tierId: string,
  limit: number,
  place: () => Promise<T>,
): Promise<T> {
  const lanes = lanesOf(db);
  let lane = lanes.get(tierId);
  if (!lane) {
    lane = { running: 0, waiting: [] };
    lanes.set(tierId, lane);
  }
  if (lane.running < limit) lane.running++;
  else {
    tierLaneStats.waited++;
    tierLaneStats.longestQueue = Math.max(tierLaneStats.longestQueue, lane.waiting.length + 1);
    // The slot is handed over by the order that leaves it: running stays as it is.
    await new Promise<void>((resolve) => lane!.waiting.push(resolve));
  }
  try {
    return await place();
  } finally {
    const next = lane.waiting.shift();
    if (next) next();
    else if (--lane.running === 0) lanes.delete(tierId);
  }
}
