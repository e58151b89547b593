import type { CloudApi } from '../../src/demo/api-client.ts';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export interface Account {
  api: CloudApi;
  user: { id: string; email: string; name: string };
  accessToken: string;
  refreshToken: string;
}

export async function registerAccount(api: CloudApi, name = 'Test User'): Promise<Account> {
  const email = `user-${unique()}@test.tixmo`;
  const session = await api.post('/auth/register', { email, password: 'correct horse battery', name });
  return { ...session, api: api.as(session.accessToken) };
}

export interface PromoterSetup {
  promoter: Account;
  orgId: string;
  venueId: string;
  eventId: string;
  tierId: string;
  freeTierId: string;
  node: { id: string; token: string };
}

/** A promoter with an organization, a venue, an edge node and a published event with a paid and a free tier. */
export async function setupEvent(
  api: CloudApi,
  options: { quantity?: number; startsInMs?: number; publish?: boolean } = {},
): Promise<PromoterSetup> {
  const promoter = await registerAccount(api, 'Promoter');
  const org = await promoter.api.post('/organizations', { name: `Org ${unique()}` });
  const venue = await promoter.api.post(`/organizations/${org.id}/venues`, { name: 'Arena', capacity: 1000 });
  const node = await promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'Gate A' });
  const startsAt = new Date(Date.now() + (options.startsInMs ?? -3600_000));
  const event = await promoter.api.post('/events', {
    venueId: venue.id,
    name: 'Show',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
  });
  const tier = await promoter.api.post(`/events/${event.id}/tiers`, {
    name: 'GA',
    priceCents: 2500,
    quantity: options.quantity ?? 100,
  });
  const freeTier = await promoter.api.post(`/events/${event.id}/tiers`, {
    name: 'Guest list',
    priceCents: 0,
    quantity: 50,
  });
  if (options.publish !== false) await promoter.api.post(`/events/${event.id}/publish`);
  return {
    promoter,
    orgId: org.id,
    venueId: venue.id,
    eventId: event.id,
    tierId: tier.id,
    freeTierId: freeTier.id,
    node: { id: node.id, token: node.token },
  };
}

/** Buys `quantity` tickets as a new buyer, confirmed at the box office; returns the buyer and their codes. */
export async function buyTickets(api: CloudApi, setup: PromoterSetup, quantity: number) {
  const buyer = await registerAccount(api, 'Buyer');
  const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity }] });
  // A reason, so the OWNER may confirm by hand with card payments on too.
  await setup.promoter.api.post(`/orders/${order.id}/confirm`, { reason: 'box office sale (test)' });
  const tickets = await buyer.api.get('/me/tickets');
  return { buyer, orderId: order.id as string, tickets: tickets.data as { id: string; code: string }[] };
}

export async function expectApiError(
  promise: Promise<unknown>,
  status: number,
  code?: string,
): Promise<{ code: string; message: string; requestId: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as {
      status?: number;
      body?: { error: { code: string; message: string; requestId: string } };
    };
    if (e.status !== status)
      throw new Error(`expected HTTP ${status}, got ${e.status}: ${JSON.stringify(e.body)}`);
    if (code && e.body?.error.code !== code) throw new Error(`expected ${code}, got ${e.body?.error.code}`);
    if (!e.body?.error.requestId || !e.body.error.message)
      throw new Error(`error body misses message or requestId: ${JSON.stringify(e.body)}`);
    return e.body.error;
  }
  throw new Error(`expected HTTP ${status}, but the call succeeded`);
}
