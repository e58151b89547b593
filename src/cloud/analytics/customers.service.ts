import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { MANAGERS, requireOrgRole } from '../orgs/access.ts';

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z',
});
export const customersQuerySchema = z.object({
  from: instant.optional().openapi({ description: 'Start (default: 30 days before `to`)' }),
  to: instant.optional().openapi({ description: 'End, exclusive (default: now)' }),
  limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: 'Top buyers listed' }),
});
export type CustomersQuery = z.infer<typeof customersQuerySchema>;

type Num = number | string;

/**
 * Who bought from the organization in a range (confirmed orders of its events only):
 * new buyers (their first order with this organization is in the range) against returning
 * ones, the top buyers by what they spent net of refunds (per currency), and buyers per
 * event. Personal data: OWNER and ADMIN only, and never another organization's buyers.
 */
export async function getCustomers({
  deps,
  userId,
  orgId,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  query: CustomersQuery;
}) {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const to = query.to ? new Date(query.to) : deps.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to) throw new AppError('BAD_REQUEST', 'from: must be before to');
  const f = from.toISOString();
  const t = to.toISOString();
  const sold = sql`orders o join events e on e.id = o.event_id and e.org_id = ${orgId}`;
  const inRange = sql`o.confirmed_at >= ${f}::timestamptz and o.confirmed_at < ${t}::timestamptz`;
  const [counts] = await queryRows<{ buyers: Num; new_buyers: Num }>(
    deps.db,
    sql`with buyers as (select distinct o.user_id from ${sold} where ${inRange}),
        firsts as (select o.user_id, min(o.confirmed_at) as first_at from ${sold}
          where o.confirmed_at is not null and o.user_id in (select user_id from buyers) group by o.user_id)
      select (select count(*) from buyers) as buyers,
        (select count(*) from firsts where first_at >= ${f}::timestamptz) as new_buyers`,
  );
  const top = await queryRows<{
    user_id: string;
    name: string;
    email: string;
    deleted: boolean;
    currency: string;
    orders: Num;
    tickets: Num;
    spent: Num;
  }>(
    deps.db,
    sql`select o.user_id, u.name, u.email, u.deleted_at is not null as deleted, o.currency, count(*) as orders,
        coalesce(sum((select sum(i.quantity) from order_items i where i.order_id = o.id)), 0) as tickets,
        sum(o.total_cents - o.refunded_cents) as spent
      from ${sold} join users u on u.id = o.user_id
      where ${inRange}
      group by o.user_id, u.name, u.email, u.deleted_at, o.currency
      order by spent desc, orders desc, o.user_id
      limit ${query.limit}`,
  );
  const perEvent = await queryRows<{ event_id: string; name: string; buyers: Num; orders: Num }>(
    deps.db,
    sql`select e.id as event_id, e.name, count(distinct o.user_id) as buyers, count(*) as orders
      from ${sold} where ${inRange}
      group by e.id, e.name order by buyers desc, e.id`,
  );
  const buyers = Number(counts?.buyers ?? 0);
  const newBuyers = Number(counts?.new_buyers ?? 0);
  return {
    orgId,
    from: f,
    to: t,
    buyers,
    newBuyers,
    returningBuyers: buyers - newBuyers,
    topBuyers: top.map((b) => ({
      userId: b.user_id,
      // An account deleted since keeps its orders, not its name or address.
      name: b.deleted ? null : b.name,
      email: b.deleted ? null : b.email,
      currency: b.currency,
      orders: Number(b.orders),
      tickets: Number(b.tickets),
      spentCents: Number(b.spent),
    })),
    buyersPerEvent: perEvent.map((e) => ({
      eventId: e.event_id,
      name: e.name,
      buyers: Number(e.buyers),
      orders: Number(e.orders),
    })),
  };
}
