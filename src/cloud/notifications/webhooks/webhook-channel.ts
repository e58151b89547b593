import { and, inArray, isNull } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { CloudDeps } from '../../context.ts';
import type { CloudDb } from '../../db/client.ts';
import { webhookEndpoints } from '../../db/schema.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome, OutboxRow, PlannedDelivery } from '../channel.ts';
import type { OutboxKind } from '../kinds.ts';
import { eventTypesOfKind } from './event-types.ts';
import { recordEndpointHealth, webhookRetryAt } from './health.ts';
import { loadWebhookData } from './payload.ts';
import { postTo } from './post.ts';
import { openSecret } from './secret.ts';
import { resolveTarget, TargetRefused } from './target.ts';

type Endpoint = typeof webhookEndpoints.$inferSelect;

/**
 * One delivery per subscribed endpoint and event type; read at fan-out, not in the
 * producer's transaction. An endpoint gets only what happened once it existed: without
 * that, whether it got an earlier event would depend on how late the fan-out ran (a busy
 * instance yields for seconds), not on anything its owner did.
 */
async function planWebhooks(db: CloudDb, rows: OutboxRow[]): Promise<PlannedDelivery[]> {
  const relevant = rows.filter((r) => r.orgId && eventTypesOfKind[r.kind as OutboxKind]);
  if (relevant.length === 0) return [];
  const orgIds = [...new Set(relevant.map((r) => r.orgId!))];
  const endpoints = await db
    .select({
      id: webhookEndpoints.id,
      orgId: webhookEndpoints.orgId,
      eventTypes: webhookEndpoints.eventTypes,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .where(
      and(
        inArray(webhookEndpoints.orgId, orgIds),
        isNull(webhookEndpoints.disabledAt),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (endpoints.length === 0) return [];
  const planned: PlannedDelivery[] = [];
  for (const row of relevant) {
    for (const type of eventTypesOfKind[row.kind as OutboxKind] ?? []) {
      for (const e of endpoints) {
        if (e.orgId === row.orgId && e.eventTypes.includes(type) && e.createdAt <= row.createdAt)
          planned.push({ outboxId: row.id, template: type, recipient: e.id, orgId: row.orgId });
      }
    }
  }
  return planned;
}

/**
 * Webhooks to organizations' own systems, signed per Standard Webhooks (`webhook-id` is
 * the delivery id, stable across retries and redeliveries). Every delivery in a batch is
 * sent at once, each with its own timeout, so a slow or dead endpoint holds up nobody;
 * each failure is retried on the webhook schedule (doubling, for `webhookRetryHours`).
 */
export function createWebhookChannel(deps: Pick<CloudDeps, 'db' | 'now' | 'config' | 'logger'>): Channel {
  const { config } = deps;
  const timeoutMs = config.webhookTimeoutSeconds * 1000;

  async function sendOne(
    d: ClaimedDelivery,
    endpoint: Endpoint | undefined,
    data: unknown,
  ): Promise<DeliveryOutcome> {
    if (!endpoint || endpoint.deletedAt) return { skip: 'the endpoint was deleted' };
    if (endpoint.disabledAt) return { skip: 'the endpoint is disabled' };
    if (data === undefined) return { skip: `what the ${d.template} was about is gone` };
    const secret = openSecret(config, endpoint.id, endpoint.secretSealed);
    if (!secret)
      return { ok: false, permanent: true, error: 'the signing secret does not open with this cloud’s key' };
    const now = deps.now();
    const failure = (error: string, permanent: boolean, address?: string): DeliveryOutcome => {
      const retryAt = permanent ? null : webhookRetryAt(d.attempts, now, config);
      return { ok: false, permanent: permanent || !retryAt, error, address, retryAt: retryAt ?? undefined };
    };
    const url = new URL(endpoint.url);
    let target: { address: string; family: 4 | 6 };
    try {
      [target] = (await resolveTarget(url, config.webhooksAllowPrivate)) as [typeof target];
    } catch (err) {
      if (err instanceof TargetRefused) return failure(`refused: ${err.message}`, true);
      return failure(`cannot resolve ${url.hostname}: ${(err as Error).message}`, false);
    }
    const body = JSON.stringify({ type: d.template, timestamp: d.happenedAt.toISOString(), data });
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'TixMo-Webhooks/1',
      'webhook-id': d.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(d.id, now, body),
    };
    const address = target.family === 6 ? `[${target.address}]` : target.address;
    try {
      const res = await postTo(url, target, headers, body, timeoutMs);
      if (res.status >= 200 && res.status < 300) return { ok: true, address };
      const said = `HTTP ${res.status}${res.snippet ? `: ${res.snippet}` : ''}`;
      // A 4xx is the receiver refusing this message for good, except "timeout" and "slow down".
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      return failure(
        res.status >= 300 && res.status < 400 ? `${said} (redirects are not followed)` : said,
        permanent,
        address,
      );
    } catch (err) {
      return failure((err as Error).message, false, address);
    }
  }

  return {
    name: 'webhook',
    plan: planWebhooks,
    async deliver(batch, report) {
      const ids = [...new Set(batch.map((d) => d.recipient))];
      const endpoints = new Map(
        (await deps.db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, ids))).map((e) => [
          e.id,
          e,
        ]),
      );
      const data = await loadWebhookData(deps.db, batch);
      const succeeded = new Set<string>();
      const failed = new Map<string, string>();
      const failures: [ClaimedDelivery, Extract<DeliveryOutcome, { ok: false }>][] = [];
      await Promise.all(
        batch.map(async (d) => {
          const outcome = await sendOne(d, endpoints.get(d.recipient), data.get(d.id));
          if ('ok' in outcome && !outcome.ok) {
            failed.set(d.recipient, outcome.error);
            failures.push([d, outcome]);
            return;
          }
          if ('ok' in outcome) succeeded.add(d.recipient);
          report(d.id, outcome);
        }),
      );
      // Failures are reported once the endpoints' health is recorded: the message that
      // made its endpoint disabled is set aside with it (cancelled, for a later redeliver).
      let disabled = new Set<string>();
      try {
        disabled = await recordEndpointHealth(deps, succeeded, failed);
      } catch (err) {
        deps.logger.warn('webhooks: could not record endpoint health', { err });
      }
      for (const [d, outcome] of failures) {
        report(
          d.id,
          disabled.has(d.recipient)
            ? { skip: `the endpoint was disabled; last error: ${outcome.error}` }
            : outcome,
        );
      }
    },
    async close() {},
  };
}
