import type { Redis } from 'ioredis';

/**
 * Commands that ioredis and @socket.io/redis-adapter send without keeping the promise:
 * ioredis re-subscribes a subscriber after every reconnect, and the adapter publishes
 * every broadcast and request (even io.disconnectSockets() at shutdown) without waiting.
 * While Redis is unreachable those promises reject ("Reached the max retries per
 * request limit", "Connection is closed."), nobody handles them, and an unhandled
 * rejection ends a Node process: a Redis outage would take the cloud down with it.
 * Losing them is what an outage means anyway (the adapter has no retry; a re-subscribe
 * happens again on the next reconnect), so each such promise gets a handler here and is
 * returned unchanged: a caller that awaits one still sees it fail.
 */
const FIRE_AND_FORGET = [
  'publish',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'select',
];

export function handleDroppedPromises(redis: Redis): Redis {
  const commands = redis as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of FIRE_AND_FORGET) {
    const send = commands[name]!.bind(redis);
    commands[name] = (...args: unknown[]) => {
      const answer = send(...args);
      if (answer instanceof Promise) answer.catch(() => undefined);
      return answer;
    };
  }
  return redis;
}

/** Closes politely (QUIT) when Redis answers, at once when it does not: shutdown never fails on an outage. */
export async function closeRedis(redis: Redis | undefined): Promise<void> {
  if (!redis) return;
  await redis.quit().then(
    () => undefined,
    () => redis.disconnect(),
  );
}
