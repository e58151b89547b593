import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { CloudDeps } from '../../context.ts';
import type { CloudDb } from '../../db/client.ts';
import { deliveries, webhookEndpoints } from '../../db/schema.ts';
import { enqueue } from '../outbox.ts';

const MAX_DELAY_MS = 8 * 3600_000;

/** The wait after failed attempt number `attempts` (1 = the first): doubling from `baseSeconds`, at most 8 hours. */
export function webhookDelayMs(attempts: number, baseSeconds: number): number {
  return Math.min(MAX_DELAY_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * When to try again after failed attempt number `attempts`, or null when the schedule is
 * spent: the waits so far add up to the retry window (three days by default). Counted
 * in attempts, not from the first one's time, so a redelivered message gets the whole
 * window again.
 */
export function webhookRetryAt(
  attempts: number,
  now: Date,
  config: { webhookRetrySeconds: number; webhookRetryHours: number },
  random = Math.random(),
): Date | null {
  let spent = 0;
  for (let i = 1; i <= attempts; i++) spent += webhookDelayMs(i, config.webhookRetrySeconds);
  if (spent > config.webhookRetryHours * 3600_000) return null;
  // Up to +10 %, so endpoints that failed together do not all come back at the same instant.
  return new Date(now.getTime() + webhookDelayMs(attempts, config.webhookRetrySeconds) * (1 + 0.1 * random));
}

type Deps = Pick<CloudDeps, 'db' | 'now' | 'config' | 'logger'>;

/**
 * Records how a batch went for each endpoint. Any success clears its failing streak; a
 * failure starts one. An endpoint whose streak is older than `webhookDisableHours` is
 * disabled, and its organization's owners are mailed (an outbox row in the same
 * transaction as the disabling). Returns the endpoints disabled now.
 */
export async function recordEndpointHealth(
  deps: Deps,
  succeeded: Set<string>,
  failed: Map<string, string>,
): Promise<Set<string>> {
  const now = deps.now();
  if (succeeded.size > 0) {
    await deps.db
      .update(webhookEndpoints)
      .set({ failingSince: null, lastSuccessAt: now })
      .where(inArray(webhookEndpoints.id, [...succeeded]));
  }
  const failing = [...failed.keys()].filter((id) => !succeeded.has(id));
  const disabled = new Set<string>();
  if (failing.length === 0) return disabled;
  await deps.db
    .update(webhookEndpoints)
    .set({ failingSince: now })
    .where(and(inArray(webhookEndpoints.id, failing), isNull(webhookEndpoints.failingSince)));
  const since = new Date(now.getTime() - deps.config.webhookDisableHours * 3600_000);
  const due = await deps.db
    .select({ id: webhookEndpoints.id, failingSince: webhookEndpoints.failingSince })
    .from(webhookEndpoints)
    .where(
      and(
        inArray(webhookEndpoints.id, failing),
        isNull(webhookEndpoints.disabledAt),
        lte(webhookEndpoints.failingSince, since),
      ),
    );
  for (const { id, failingSince } of due) {
    const reason = `every delivery failed since ${failingSince?.toISOString()}; the last: ${failed.get(id)}`;
    if (await disableFailing(deps, id, reason.slice(0, 500), now)) disabled.add(id);
  }
  return disabled;
}

async function disableFailing(deps: Deps, id: string, reason: string, now: Date): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ disabledAt: now, disabledReason: reason })
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.disabledAt)))
      .returning();
    if (!row) return false;
    await setAsideDeliveries(tx, id, 'the endpoint was disabled after sustained failure');
    const url = new URL(row.url);
    await enqueue(
      tx,
      {
        kind: 'webhook.disabled',
        orgId: row.orgId,
        refId: row.id,
        // Origin and path only: a URL's query or user part may hold the receiver's own token.
        payload: { url: `${url.origin}${url.pathname}`, reason },
      },
      now,
    );
    deps.logger.warn('webhooks: endpoint disabled after sustained failure', {
      endpointId: row.id,
      orgId: row.orgId,
      failingSince: row.failingSince?.toISOString(),
    });
    return true;
  });
}

/**
 * Cancels an endpoint's messages still waiting (not one being sent: its outcome decides).
 * They stay in its log, and a redeliver sends any of them once the endpoint is back.
 */
export async function setAsideDeliveries(db: CloudDb, endpointId: string, why: string): Promise<void> {
  await db
    .update(deliveries)
    .set({ status: 'cancelled', lastError: why })
    .where(
      and(
        eq(deliveries.channel, 'webhook'),
        eq(deliveries.recipient, endpointId),
        eq(deliveries.status, 'pending'),
      ),
    );
}
