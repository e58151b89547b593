import type { ChildProcess } from 'node:child_process';

/**
 * Waits until a cloud started as its own process (`tixmo cloud`) answers /healthz. If it
 * exits first, or does not answer within `seconds`, `stop` runs and this throws (the
 * cloud's stderr is inherited, so its reason is printed above).
 */
export async function untilHealthy(
  url: string,
  child: ChildProcess,
  stop: () => Promise<void>,
  seconds = 60,
): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      if (i > seconds * 10 || child.exitCode !== null) {
        await stop();
        throw new Error('the cloud did not start (its stderr is above)');
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
