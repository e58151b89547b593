import { inArray, sql } from 'drizzle-orm';
import { newId } from '../../../shared/ids.ts';
import type { CloudDb } from '../../db/client.ts';
import { notifications, organizerMessages } from '../../db/schema.ts';
import { categoryOf } from '../categories.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome, OutboxRow, PlannedDelivery } from '../channel.ts';
import { planEmail } from '../email/planner.ts';
import { notificationView } from '../inbox.service.ts';
import { dropTurnedOff } from '../preferences.ts';
import type { LivePush } from './live.ts';
import { inAppTexts } from './texts.ts';

export const PUSH_EVENT = 'notification';

/**
 * In-app: at fan-out, each recipient's inbox row is written (the same people the mail
 * goes to, minus those who turned the category off in the app), and one `push` delivery
 * per row carries it live to the account's sockets. The delivery's `template` is the
 * inbox row's id. A push nobody is connected for is still `sent`: the inbox has it.
 */
export function createInAppChannel(db: CloudDb, live: LivePush): Channel {
  async function plan(tx: CloudDb, rows: OutboxRow[]): Promise<PlannedDelivery[]> {
    const wanted = (await planEmail(tx, rows)).filter(
      (p) => p.template === 'organizer_message' || inAppTexts[p.template],
    );
    const planned = await dropTurnedOff(tx, wanted, 'inApp');
    if (planned.length === 0) return [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const messageIds = [
      ...new Set(rows.filter((r) => r.kind === 'organizer.message' && r.refId).map((r) => r.refId!)),
    ];
    const messages = messageIds.length
      ? await tx.select().from(organizerMessages).where(inArray(organizerMessages.id, messageIds))
      : [];
    const messageById = new Map(messages.map((m) => [m.id, m]));
    const values = planned.flatMap((p) => {
      const row = byId.get(p.outboxId)!;
      const message = row.refId ? messageById.get(row.refId) : undefined;
      const text =
        p.template === 'organizer_message'
          ? message && { title: message.subject, body: message.body }
          : inAppTexts[p.template];
      if (!text) return [];
      return [
        {
          id: newId(),
          userId: p.recipient,
          outboxId: p.outboxId,
          orgId: p.orgId,
          kind: row.kind,
          category: categoryOf(p.template),
          title: text.title,
          body: text.body,
          refId: message ? message.eventId : row.refId,
          createdAt: row.createdAt,
        },
      ];
    });
    const inserted: { id: string; user_id: string; outbox_id: string; org_id: string | null }[] = [];
    for (let i = 0; i < values.length; i += 1000) {
      const chunk = values.slice(i, i + 1000);
      const col = <K extends keyof (typeof chunk)[number]>(k: K) => sql.param(chunk.map((v) => v[k]));
      // Arrays per column, not a VALUES row per notification: cheaper to build at an on-sale's rate.
      const result = (await tx.execute(sql`insert into notifications (id, user_id, outbox_id, org_id, kind,
          category, title, body, ref_id, created_at)
        select * from unnest(${col('id')}::text[], ${col('userId')}::text[], ${col('outboxId')}::text[],
          ${col('orgId')}::text[], ${col('kind')}::text[], ${col('category')}::text[], ${col('title')}::text[],
          ${col('body')}::text[], ${col('refId')}::text[],
          ${sql.param(chunk.map((v) => v.createdAt.toISOString()))}::timestamptz[])
        on conflict do nothing
        returning id, user_id, outbox_id, org_id`)) as unknown as { rows: typeof inserted };
      inserted.push(...result.rows);
    }
    return inserted.map((n) => ({
      outboxId: n.outbox_id,
      template: n.id,
      recipient: n.user_id,
      orgId: n.org_id,
    }));
  }

  async function deliver(
    batch: ClaimedDelivery[],
    report: (id: string, outcome: DeliveryOutcome) => void,
  ): Promise<void> {
    const rows = await db
      .select()
      .from(notifications)
      .where(
        inArray(
          notifications.id,
          batch.map((d) => d.template),
        ),
      );
    const byId = new Map(rows.map((n) => [n.id, n]));
    for (const d of batch) {
      const n = byId.get(d.template);
      if (!n || n.userId !== d.recipient) {
        report(d.id, { skip: 'the notification is gone' });
        continue;
      }
      live.push(n.userId, PUSH_EVENT, notificationView(n));
      report(d.id, { ok: true });
    }
  }

  return { name: 'inapp', plan, deliver, close: async () => {} };
}
