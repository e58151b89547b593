import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, registerAccount, setupEvent } from '../helpers/factories.ts';
import { type Finding, walkOpenApi } from '../helpers/openapi-walker.ts';
import { expectErrorBody, rawRequest } from './support.ts';

/**
 * Every route of the OpenAPI document, walked with hostile values (NUL, unpaired
 * surrogates, 2^31, -1, 10 kB strings, wrong types) in each path parameter, query
 * parameter and body field, as the organization's OWNER, as its edge node and signed
 * out. No answer may be a 5xx; every 4xx is the one error envelope; text that cannot be
 * stored is a 400 naming the field. Routes added later are walked the same way.
 */

/** Ids of a small world (an OWNER's organization with an event on sale, an order, tickets…). */
async function seedWorld(cloud: TestCloud) {
  const setup = await setupEvent(cloud.api);
  const owner = setup.promoter;
  const staff = await registerAccount(cloud.api, 'Staff');
  await owner.api.post(`/organizations/${setup.orgId}/members`, { email: staff.user.email, role: 'STAFF' });
  const { orderId, tickets } = await buyTickets(cloud.api, setup, 2);
  const promo = await owner.api.post(`/events/${setup.eventId}/promo-codes`, {
    code: 'WALKER10',
    kind: 'PERCENT',
    amount: 10,
  });
  const keys = await owner.api.get(`/events/${setup.eventId}/keys`);
  // A sold-out tier with a waitlist entry.
  const scarce = await owner.api.post(`/events/${setup.eventId}/tiers`, {
    name: 'Scarce',
    priceCents: 100,
    quantity: 1,
  });
  const first = await registerAccount(cloud.api, 'First');
  await first.api.post('/orders', { items: [{ tierId: scarce.id, quantity: 1 }] });
  const waiting = await staff.api.post(`/tiers/${scarce.id}/waitlist`, { quantity: 1 });
  const identities = [
    { label: 'OWNER', authorization: `Bearer ${owner.accessToken}` },
    { label: 'edge node', authorization: `Bearer ${setup.node.token}` },
    { label: 'signed out' },
  ];
  const named: Record<string, unknown> = {
    orgId: setup.orgId,
    venueId: setup.venueId,
    eventId: setup.eventId,
    tierId: setup.tierId,
    orderId,
    ticketId: tickets[0]!.id,
    userId: staff.user.id,
    promoId: promo.id,
    kid: (keys.data ?? keys)[0]?.kid,
    entryId: waiting.id,
    nodeId: setup.node.id,
    // Never the accounts' real password: the walk must not delete or re-key its OWNER.
    password: 'walker password',
    currentPassword: 'walker password',
    currency: 'USD',
    timezone: 'Europe/Berlin',
  };
  return { identities, named };
}

const walkLast = (method: string, path: string) =>
  method === 'DELETE' || /\/(cancel|revoke|rotate|transfer)$/.test(path);

function report(findings: Finding[]): string[] {
  return findings.map((f) => `${f.request} → ${f.status} ${f.body}`);
}

describe.each([
  { engine: 'pglite' as const, subset: false },
  { engine: 'postgres' as const, subset: true },
])('hostile input on every route ($engine)', ({ engine, subset }) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ engine });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('never answers 5xx, always the error envelope, and refuses unstorable text naming the field', async () => {
    const doc = (await (await fetch(`${cloud.url}/api/v1/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
    const { identities, named } = await seedWorld(cloud);
    const findings = await walkOpenApi(doc, {
      baseUrl: `${cloud.url}/api/v1`,
      named,
      alwaysQuery: { timeoutMs: '0' },
      identities,
      last: walkLast,
      // On the real server: the values that broke it (NUL, surrogates, int32 overflow), not the whole matrix.
      ...(subset ? { filter: (h) => /NUL|surrogate|2\^31/.test(h.label) } : {}),
    });
    expect(report(findings)).toEqual([]);
  }, 600_000);
});

describe.each(['pglite', 'postgres'] as const)('money that does not fit a column (%s)', (engine) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ engine });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('refuses an order whose total passes 2^31 - 1 cents, on the one-tier and the many-tier path', async () => {
    const setup = await setupEvent(cloud.api);
    const owner = setup.promoter.api;
    const dear = await owner.post(`/events/${setup.eventId}/tiers`, {
      name: 'Dear',
      priceCents: 100_000_000,
      quantity: 1000,
      maxPerOrder: 100,
    });
    const dearer = await owner.post(`/events/${setup.eventId}/tiers`, {
      name: 'Dearer',
      priceCents: 100_000_000,
      quantity: 1000,
      maxPerOrder: 100,
    });
    const buyer = await registerAccount(cloud.api, 'Rich');
    for (const items of [
      [{ tierId: dear.id, quantity: 22 }],
      [
        { tierId: dear.id, quantity: 11 },
        { tierId: dearer.id, quantity: 11 },
      ],
    ]) {
      const res = await rawRequest(cloud, 'POST', '/orders', { token: buyer.accessToken, json: { items } });
      const error = expectErrorBody(res, 400, 'BAD_REQUEST');
      expect(error.message).toMatch(/^items: the order comes to 2200000000 cents/);
    }
    // Nothing was held by the refused orders; 21 of them still fit.
    const ok = await buyer.api.post('/orders', { items: [{ tierId: dear.id, quantity: 21 }] });
    expect(ok.totalCents).toBe(2_100_000_000);
    const availability = await buyer.api.get(`/tiers/${dear.id}/availability`);
    expect(availability.held).toBe(21);
  });

  it('refuses promo amounts, uses and minimums and refund amounts past 2^31 - 1, naming the field', async () => {
    const setup = await setupEvent(cloud.api);
    const token = setup.promoter.accessToken;
    const base = { code: `BIG${Date.now()}`, kind: 'FIXED', amount: 100 };
    for (const [field, over] of [
      ['amount', { amount: 2 ** 31 }],
      ['maxUses', { maxUses: 2 ** 31 }],
      ['minOrderCents', { minOrderCents: 2 ** 31 }],
    ] as const) {
      const res = await rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, {
        token,
        json: { ...base, ...over },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(new RegExp(`^${field}: `));
    }
    const promo = await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, base);
    for (const field of ['maxUses', 'minOrderCents']) {
      const res = await rawRequest(cloud, 'PATCH', `/promo-codes/${promo.id}`, {
        token,
        json: { [field]: 2 ** 31 },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(new RegExp(`^${field}: `));
    }
    const { orderId } = await buyTickets(cloud.api, setup, 1);
    const refund = await rawRequest(cloud, 'POST', `/orders/${orderId}/refunds`, {
      token,
      json: { amountCents: 2 ** 31 },
    });
    expect(expectErrorBody(refund, 400, 'BAD_REQUEST').message).toMatch(/^amountCents: /);
  });
});
