import { eq, sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import { type CloudDb, queryRows } from '../db/client.ts';
import { venues } from '../db/schema.ts';
import { loadEventFor } from '../events/events.service.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { bucketsOf, type Range, type RangeQuery, resolveRange } from './range.ts';
import { bucketed, type SalesRow, totalsOf } from './sales-figures.ts';

const iso = (d: Date) => d.toISOString();

/** An organization's sales per bucket, from the 15-minute rollup the order and refund triggers keep. */
export async function orgSalesRows(db: CloudDb, orgId: string, range: Range): Promise<SalesRow[]> {
  return queryRows<SalesRow>(
    db,
    sql`select date_trunc(${range.interval}, slot, ${range.timezone}) as bucket, currency,
        sum(orders) as orders, sum(tickets) as tickets, sum(gross_cents) as gross,
        sum(discount_cents) as discount, sum(refunds) as refunds, sum(refunded_cents) as refunded
      from sales_slots
      where org_id = ${orgId} and slot >= ${iso(range.from)}::timestamptz and slot < ${iso(range.to)}::timestamptz
      group by 1, 2`,
  );
}

/** One event's sales per bucket, straight from its orders and refunds (an event has few enough). */
export async function eventSalesRows(db: CloudDb, eventId: string, range: Range): Promise<SalesRow[]> {
  const from = iso(range.from);
  const to = iso(range.to);
  return queryRows<SalesRow>(
    db,
    sql`select date_trunc(${range.interval}, o.confirmed_at, ${range.timezone}) as bucket, o.currency,
        count(*) as orders,
        coalesce(sum((select sum(i.quantity) from order_items i where i.order_id = o.id)), 0) as tickets,
        sum(o.subtotal_cents) as gross, sum(o.discount_cents) as discount, 0 as refunds, 0 as refunded
      from orders o
      where o.event_id = ${eventId} and o.confirmed_at >= ${from}::timestamptz and o.confirmed_at < ${to}::timestamptz
      group by 1, 2
      union all
      select date_trunc(${range.interval}, r.created_at, ${range.timezone}), o.currency, 0, 0, 0, 0,
        count(*), sum(r.amount_cents)
      from refunds r join orders o on o.id = r.order_id
      where o.event_id = ${eventId} and o.confirmed_at is not null and r.status <> 'failed'
        and r.created_at >= ${from}::timestamptz and r.created_at < ${to}::timestamptz
      group by 1, 2`,
  );
}

/** The zone an organization's figures default to: its venues' zone when they share one, else UTC. */
export async function orgTimezone(db: CloudDb, orgId: string): Promise<string> {
  const zones = await db.selectDistinct({ tz: venues.timezone }).from(venues).where(eq(venues.orgId, orgId));
  return zones.length === 1 ? zones[0]!.tz : 'UTC';
}

function view(range: Range) {
  return {
    from: iso(range.from),
    to: iso(range.to),
    interval: range.interval,
    timezone: range.timezone,
  };
}

/** Sales of all the organization's events (OWNER/ADMIN: revenue is not for the door staff). */
export async function getOrgSales({
  deps,
  userId,
  orgId,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  query: RangeQuery;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const range = await resolveRange(deps.db, query, {
    now: deps.now(),
    timezone: await orgTimezone(deps.db, orgId),
  });
  const rows = await orgSalesRows(deps.db, orgId, range);
  return {
    orgId,
    ...view(range),
    totals: totalsOf(rows),
    buckets: bucketed(await bucketsOf(deps.db, range), rows),
  };
}

/** One event's sales: buckets, and what each tier and each promo code brought in over the range. */
export async function eventSales({
  deps,
  eventId,
  range,
}: {
  deps: CloudDeps;
  eventId: string;
  range: Range;
}) {
  const from = iso(range.from);
  const to = iso(range.to);
  // Every query starts from the event's orders (orders_event_idx), never from a tier's
  // items or a code's orders, which have no index by tier or code and would scan the
  // whole table; the three run side by side on a pool (PGlite queues them).
  const [rows, tiers, promos] = await Promise.all([
    eventSalesRows(deps.db, eventId, range),
    queryRows<TierSalesRow>(
      deps.db,
      sql`select t.id as tier_id, t.name, t.currency,
          count(distinct x.order_id) as orders, coalesce(sum(x.quantity), 0) as tickets,
          coalesce(sum(x.quantity * x.unit_price_cents), 0) as gross
        from tiers t
        left join (select i.tier_id, i.order_id, i.quantity, i.unit_price_cents
            from orders o join order_items i on i.order_id = o.id
            where o.event_id = ${eventId} and o.confirmed_at >= ${from}::timestamptz and o.confirmed_at < ${to}::timestamptz) x
          on x.tier_id = t.id
        where t.event_id = ${eventId}
        group by t.id, t.name, t.currency, t.sort_order
        order by t.sort_order, t.name, t.id`,
    ),
    queryRows<{
      promo_code_id: string;
      code: string;
      currency: string | null;
      uses: string | number;
      discount: string | number;
      revenue: string | number;
    }>(
      deps.db,
      sql`select p.id as promo_code_id, p.code, o.currency, count(o.id) as uses,
          coalesce(sum(o.discount_cents), 0) as discount, coalesce(sum(o.total_cents), 0) as revenue
        from promo_codes p
        left join orders o on o.promo_code_id = p.id and o.event_id = ${eventId}
          and o.confirmed_at >= ${from}::timestamptz and o.confirmed_at < ${to}::timestamptz
        where p.event_id = ${eventId}
        group by p.id, p.code, o.currency
        order by p.code, o.currency`,
    ),
  ]);
  return {
    eventId,
    ...view(range),
    totals: totalsOf(rows),
    buckets: bucketed(await bucketsOf(deps.db, range), rows),
    byTier: mergeTiers(tiers),
    byPromoCode: promos.map((p) => ({
      promoCodeId: p.promo_code_id,
      code: p.code,
      currency: p.currency,
      uses: Number(p.uses),
      discountCents: Number(p.discount),
      revenueCents: Number(p.revenue),
    })),
  };
}

/** One tier's sales in the range, as Postgres returns them (counts may come as strings). */
interface TierSalesRow {
  tier_id: string;
  name: string;
  currency: string;
  orders: string | number;
  tickets: string | number;
  gross: string | number;
}

/** A tier sold in no order of the range still gets its line (the left join leaves one row per tier). */
function mergeTiers(rows: TierSalesRow[]) {
  return rows.map((t) => ({
    tierId: t.tier_id,
    name: t.name,
    currency: t.currency,
    orders: Number(t.orders),
    tickets: Number(t.tickets),
    grossCents: Number(t.gross),
  }));
}

export async function getEventSales({
  deps,
  userId,
  eventId,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  query: RangeQuery;
}) {
  const event = await loadEventFor(deps.db, userId, eventId, { roles: MANAGERS });
  const [venue] = await deps.db
    .select({ tz: venues.timezone })
    .from(venues)
    .where(eq(venues.id, event.venueId));
  const range = await resolveRange(deps.db, query, { now: deps.now(), timezone: venue!.tz });
  return eventSales({ deps, eventId, range });
}
