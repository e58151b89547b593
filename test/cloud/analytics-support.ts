import type { CloudApi } from '../../src/demo/api-client.ts';
import type { TestCloud } from '../helpers/cloud.ts';
import { type Account, registerAccount } from '../helpers/factories.ts';
import { FACTORY_PASSWORD } from './support.ts';

/**
 * Runs `fn` with the cloud's clock standing at `iso` (orders confirm and refunds record at
 * that instant). Access tokens are checked against that clock too: `as` signs an account
 * in at that time and gives its client.
 */
export async function atTime<T>(
  cloud: TestCloud,
  iso: string,
  fn: (as: (account: Account) => Promise<CloudApi>) => Promise<T>,
): Promise<T> {
  const original = cloud.deps.now;
  cloud.deps.now = () => new Date(iso);
  const as = async (account: Account) => {
    const session = await cloud.api.post('/auth/login', {
      email: account.user.email,
      password: FACTORY_PASSWORD,
    });
    return cloud.api.as(session.accessToken);
  };
  try {
    return await fn(as);
  } finally {
    cloud.deps.now = original;
  }
}

export interface ShopSetup {
  promoter: Account;
  orgId: string;
  venueId: string;
  eventId: string;
  ga: string;
  vip: string;
  node: { id: string; token: string };
}

let n = 0;

/** An organization with a venue in `timezone` and a published event with GA (25.00) and VIP (40.00) tiers and a 10 % code TENOFF. */
export async function shop(
  api: CloudApi,
  options: {
    timezone?: string;
    currency?: string;
    promoter?: Account;
    orgId?: string;
    capacity?: number;
  } = {},
): Promise<ShopSetup> {
  const promoter = options.promoter ?? (await registerAccount(api, 'Promoter'));
  const orgId = options.orgId ?? (await promoter.api.post('/organizations', { name: `Analytics ${n++}` })).id;
  const venue = await promoter.api.post(`/organizations/${orgId}/venues`, {
    name: 'Hall',
    capacity: options.capacity ?? 200,
    timezone: options.timezone ?? 'Europe/Berlin',
  });
  const node = await promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'North gate' });
  const event = await promoter.api.post('/events', {
    venueId: venue.id,
    name: `Show ${n++}`,
    startsAt: '2028-06-01T18:00:00Z',
    endsAt: '2028-06-01T23:00:00Z',
  });
  const currency = options.currency ?? 'EUR';
  const ga = await promoter.api.post(`/events/${event.id}/tiers`, {
    name: 'GA',
    priceCents: 2500,
    quantity: 100,
    currency,
  });
  const vip = await promoter.api.post(`/events/${event.id}/tiers`, {
    name: 'VIP',
    priceCents: 4000,
    quantity: 20,
    currency,
  });
  await promoter.api.post(`/events/${event.id}/promo-codes`, { code: 'TENOFF', kind: 'PERCENT', amount: 10 });
  await promoter.api.post(`/events/${event.id}/publish`);
  return { promoter, orgId, venueId: venue.id, eventId: event.id, ga: ga.id, vip: vip.id, node };
}

/** A buyer's order placed and confirmed at the box office at `iso`; returns its id. */
export async function sell(
  cloud: TestCloud,
  s: ShopSetup,
  buyer: Account,
  iso: string,
  items: { tierId: string; quantity: number }[],
  promoCode?: string,
): Promise<string> {
  return atTime(cloud, iso, async (as) => {
    const order = await (await as(buyer)).post('/orders', { items, ...(promoCode ? { promoCode } : {}) });
    await (await as(s.promoter)).post(`/orders/${order.id}/confirm`);
    return order.id as string;
  });
}

export function refund(cloud: TestCloud, s: ShopSetup, orderId: string, iso: string, amountCents?: number) {
  return atTime(cloud, iso, async (as) =>
    (await as(s.promoter)).post(
      `/orders/${orderId}/refunds`,
      amountCents === undefined ? {} : { amountCents },
    ),
  );
}

/** Figures of one currency line, all fields, for exact comparisons. */
export function figures(
  currency: string,
  f: Partial<{
    orders: number;
    tickets: number;
    gross: number;
    discount: number;
    refunds: number;
    refunded: number;
  }>,
) {
  const g = f.gross ?? 0;
  const d = f.discount ?? 0;
  const r = f.refunded ?? 0;
  return {
    currency,
    orders: f.orders ?? 0,
    tickets: f.tickets ?? 0,
    grossCents: g,
    discountCents: d,
    refunds: f.refunds ?? 0,
    refundedCents: r,
    netCents: g - d - r,
  };
}
