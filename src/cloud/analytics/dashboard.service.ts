import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { checkTimezone } from './range.ts';
import { orgTimezone } from './sales.service.ts';
import { type SalesRow, totalsOf } from './sales-figures.ts';

export const dashboardQuerySchema = z.object({
  timezone: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Zone "today" is counted in (default: the venues’)' }),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

type Num = number | string;

/**
 * An organization at a glance (OWNER/ADMIN): sales today, over the last 7 and 30 days
 * (calendar days in the zone, today included, up to now), upcoming events with what they
 * sold against their capacity, and the top events by tickets sold among those still on or
 * ended in the last 30 days.
 */
export async function getDashboard({
  deps,
  userId,
  orgId,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  query: DashboardQuery;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const timezone = await checkTimezone(deps.db, query.timezone ?? (await orgTimezone(deps.db, orgId)));
  const now = deps.now().toISOString();
  const periods = await queryRows<SalesRow & { period: string }>(
    deps.db,
    sql`with starts as (
        select p.period, ((date_trunc('day', ${now}::timestamptz, ${timezone}) at time zone ${timezone})
          - (p.days - 1) * interval '1 day') at time zone ${timezone} as since
        from (values ('today', 1), ('last7Days', 7), ('last30Days', 30)) p(period, days))
      select st.period, st.since as bucket, s.currency, sum(s.orders) as orders, sum(s.tickets) as tickets,
        sum(s.gross_cents) as gross, sum(s.discount_cents) as discount, sum(s.refunds) as refunds,
        sum(s.refunded_cents) as refunded
      from starts st join sales_slots s on s.org_id = ${orgId} and s.slot >= st.since
        and s.slot <= ${now}::timestamptz
      group by st.period, st.since, s.currency`,
  );
  const events = await queryRows<{
    id: string;
    name: string;
    status: string;
    starts_at: string | Date;
    ends_at: string | Date;
    capacity: number;
    quantity: Num;
    sold: Num;
    held: Num;
  }>(
    deps.db,
    sql`select e.id, e.name, e.status, e.starts_at, e.ends_at, v.capacity,
        coalesce(sum(t.quantity), 0) as quantity, coalesce(sum(t.sold), 0) as sold,
        coalesce(sum(t.reserved - t.sold), 0) as held
      from events e join venues v on v.id = e.venue_id left join tiers t on t.event_id = e.id
      where e.org_id = ${orgId} and e.status <> 'CANCELLED'
        and e.ends_at > ${now}::timestamptz - interval '30 days'
      group by e.id, v.capacity`,
  );
  const view = (e: (typeof events)[number]) => {
    const sold = Number(e.sold);
    return {
      eventId: e.id,
      name: e.name,
      status: e.status,
      startsAt: new Date(e.starts_at).toISOString(),
      capacity: e.capacity,
      ticketsOnSale: Number(e.quantity),
      sold,
      held: Number(e.held),
      /** Sold as a percentage of the venue's capacity. */
      soldPercent: e.capacity > 0 ? Math.round((sold / e.capacity) * 1000) / 10 : 0,
    };
  };
  const upcoming = events
    .filter((e) => new Date(e.starts_at).toISOString() > now)
    .sort(
      (a, b) => new Date(a.starts_at).getTime() - new Date(b.starts_at).getTime() || (a.id < b.id ? -1 : 1),
    )
    .slice(0, 10)
    .map(view);
  const top = events
    .map(view)
    .sort((a, b) => b.sold - a.sold || (a.eventId < b.eventId ? -1 : 1))
    .slice(0, 5);
  const of = (period: string) => totalsOf(periods.filter((p) => p.period === period));
  return {
    orgId,
    timezone,
    asOf: now,
    sales: { today: of('today'), last7Days: of('last7Days'), last30Days: of('last30Days') },
    upcomingEvents: upcoming,
    topEvents: top,
  };
}
