import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { newId } from '../../shared/ids.ts';
import type { CloudDb } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { deliveries, outbox } from '../db/schema.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome } from './channel.ts';
import type { OutboxKind } from './kinds.ts';

const MAX_BACKOFF_MS = 6 * 3600_000;

/**
 * Fans due outbox rows out into deliveries, one transaction per batch: the rows are taken
 * FOR UPDATE SKIP LOCKED (another instance takes the next ones), every channel plans its
 * deliveries, and the rows are marked fanned out. A crash before the commit leaves them
 * to be fanned out again; the unique key on deliveries makes that harmless.
 */
export async function fanOut(db: CloudDb, channels: Channel[], now: Date, limit = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.fannedOutAt), isNull(outbox.cancelledAt), lte(outbox.dueAt, now)))
      .orderBy(asc(outbox.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    for (const channel of channels) {
      const planned = await channel.plan(tx, rows);
      for (let i = 0; i < planned.length; i += 1000) {
        const chunk = planned.slice(i, i + 1000);
        // One array per column instead of a VALUES row per delivery: at hundreds of
        // orders a second, building thousands of parameters cost more than the insert.
        await tx.execute(sql`insert into deliveries (id, outbox_id, channel, template, recipient, org_id,
            next_attempt_at, created_at)
          select v.id, v.outbox_id, ${channel.name}, v.template, v.recipient, v.org_id,
            ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
          from unnest(${sql.param(chunk.map(() => newId()))}::text[], ${sql.param(chunk.map((p) => p.outboxId))}::text[],
            ${sql.param(chunk.map((p) => p.template))}::text[], ${sql.param(chunk.map((p) => p.recipient))}::text[],
            ${sql.param(chunk.map((p) => p.orgId))}::text[]) as v(id, outbox_id, template, recipient, org_id)
          on conflict do nothing`);
      }
    }
    await tx.execute(
      sql`update outbox set fanned_out_at = ${now.toISOString()}::timestamptz
        where id = any(${sql.param(rows.map((r) => r.id))}::text[])`,
    );
    return rows.length;
  });
}

interface ClaimRow {
  id: string;
  outbox_id: string;
  channel: string;
  template: string;
  recipient: string;
  org_id: string | null;
  attempts: number;
  kind: OutboxKind;
  ref_id: string | null;
  user_id: string | null;
  payload: Record<string, unknown> | string | null;
  happened_at: Date | string;
}

/**
 * Claims up to `limit` due deliveries: pending ones whose time has come, and `sending`
 * ones whose lease ran out (their instance died mid-delivery). FOR UPDATE SKIP LOCKED
 * keeps two instances from claiming one row; the lease (`next_attempt_at`) keeps a
 * claimed row from being claimed again while its instance is still at it.
 */
export async function claimDeliveries(
  db: CloudDb,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimRow>(
    db,
    sql`with due as (
      select id from deliveries
      where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update deliveries d set status = 'sending', attempts = d.attempts + 1,
      next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
    from due, outbox o
    where d.id = due.id and o.id = d.outbox_id
    returning d.id, d.outbox_id, d.channel, d.template, d.recipient, d.org_id, d.attempts,
      o.kind, o.ref_id, o.user_id, o.payload, o.created_at as happened_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    outboxId: r.outbox_id,
    channel: r.channel,
    template: r.template,
    recipient: r.recipient,
    orgId: r.org_id,
    attempts: Number(r.attempts),
    kind: r.kind,
    refId: r.ref_id,
    userId: r.user_id,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    happenedAt: new Date(r.happened_at),
  }));
}

/** The wait before retry number `attempts` (1 = the first retry): doubling, capped, with jitter. */
export function backoffMs(attempts: number, baseSeconds: number, random = Math.random()): number {
  const plain = Math.min(MAX_BACKOFF_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
  // Up to +20 %, so messages that failed together do not all come back at the same instant.
  return Math.round(plain * (1 + 0.2 * random));
}

export interface Settled {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

/**
 * Records what became of claimed deliveries. Only rows still `sending` are touched: a
 * row whose lease ran out and that another instance took over is theirs now.
 */
export async function settleDeliveries(
  db: CloudDb,
  results: [ClaimedDelivery, DeliveryOutcome][],
  options: { now: Date; maxAttempts: number; retrySeconds: number },
): Promise<Settled & { failures: { delivery: ClaimedDelivery; error: string; final: boolean }[] }> {
  const { now } = options;
  const settled = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const failures: { delivery: ClaimedDelivery; error: string; final: boolean }[] = [];
  const sent: { id: string; address: string | null }[] = [];
  for (const [d, outcome] of results) {
    const mine = and(eq(deliveries.id, d.id), eq(deliveries.status, 'sending'));
    if ('skip' in outcome) {
      settled.skipped++;
      await db.update(deliveries).set({ status: 'cancelled', lastError: outcome.skip }).where(mine);
    } else if (outcome.ok) {
      settled.sent++;
      sent.push({ id: d.id, address: outcome.address ?? null });
    } else {
      const final = outcome.permanent || (!outcome.retryAt && d.attempts >= options.maxAttempts);
      if (final) settled.failed++;
      else settled.retrying++;
      failures.push({ delivery: d, error: outcome.error, final });
      await db
        .update(deliveries)
        .set({
          status: final ? 'failed' : 'pending',
          lastError: outcome.error.slice(0, 1000),
          address: outcome.address ?? null,
          nextAttemptAt: final
            ? now
            : (outcome.retryAt ?? new Date(now.getTime() + backoffMs(d.attempts, options.retrySeconds))),
        })
        .where(mine);
    }
  }
  // Sent rows in one statement per chunk: at hundreds of messages a second, one each would add up.
  for (let i = 0; i < sent.length; i += 1000) {
    const chunk = sent.slice(i, i + 1000);
    await db.execute(sql`update deliveries d set status = 'sent', sent_at = ${now.toISOString()}::timestamptz,
        last_error = null, address = v.address
      from unnest(${sql.param(chunk.map((s) => s.id))}::text[], ${sql.param(chunk.map((s) => s.address))}::text[])
        as v(id, address)
      where d.id = v.id and d.status = 'sending'`);
  }
  return { ...settled, failures };
}

/** Renews the lease of deliveries still being sent by this instance (they wait in its mail queue). */
export async function extendLeases(db: CloudDb, ids: string[], until: Date): Promise<void> {
  await db.execute(sql`update deliveries set next_attempt_at = ${until.toISOString()}::timestamptz
    where id = any(${sql.param(ids)}::text[]) and status = 'sending'`);
}

/** Gives claimed deliveries back at once (this instance is stopping before it sent them). */
export async function releaseClaims(db: CloudDb, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(deliveries)
    .set({ status: 'pending', nextAttemptAt: now, attempts: sql`greatest(${deliveries.attempts} - 1, 0)` })
    .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'sending')));
}
