import { describe, expect, it } from 'vitest';
import { RetryLoop } from '../../src/sync/retry-loop.ts';
import { eventually } from '../helpers/processes.ts';

describe('RetryLoop wake-ups', () => {
  it('nudge() (after each scan) leaves a failure backoff alone; wake() cuts it short', async () => {
    let attempts = 0;
    const loop = new RetryLoop(
      async () => {
        attempts++;
        throw new Error('cloud unreachable');
      },
      { intervalMs: 60_000, maxBackoffMs: 60_000, onError: () => undefined },
    );
    loop.start();
    await eventually(() => (attempts === 1 ? true : undefined), 'first attempt');
    for (let i = 0; i < 20; i++) {
      loop.nudge();
      await new Promise((r) => setImmediate(r));
    }
    expect(attempts).toBe(1);
    loop.wake();
    await eventually(() => (attempts === 2 ? true : undefined), 'attempt after wake');
    await loop.stop();
  });
});
