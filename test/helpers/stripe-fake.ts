import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import Stripe from 'stripe';

/**
 * Stands in for Stripe's HTTP API (which cannot be reached here) with msw. It keeps
 * Stripe's idempotency semantics — the same Idempotency-Key returns the same object —
 * so tests can prove a retried request never charges or refunds twice.
 */
export interface FakeStripe {
  intents: Map<string, Record<string, unknown>>;
  refunds: Record<string, unknown>[];
  /** Every request: path, idempotency key and form body. */
  requests: { path: string; idempotencyKey: string | null; body: URLSearchParams }[];
  /** Status codes to answer the next requests to a path with, before behaving normally. */
  failNext(path: '/v1/payment_intents' | '/v1/refunds', ...statuses: number[]): void;
  close(): void;
}

export const STRIPE_SECRET_KEY = 'sk_test_tixmo_fake';
export const STRIPE_WEBHOOK_SECRET = 'whsec_tixmo_fake_secret';

export function startFakeStripe(): FakeStripe {
  const intents = new Map<string, Record<string, unknown>>();
  const refunds: Record<string, unknown>[] = [];
  const requests: FakeStripe['requests'] = [];
  const byKey = new Map<string, unknown>();
  const failures = new Map<string, number[]>();
  let n = 0;

  const stripeError = (status: number) =>
    HttpResponse.json(
      {
        error: {
          type: status === 429 ? 'rate_limit_error' : 'api_error',
          message: `fake Stripe answered ${status}`,
        },
      },
      { status },
    );

  const handle = (path: string, create: (body: URLSearchParams) => Record<string, unknown>) =>
    http.post(`https://api.stripe.com${path}`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      const idempotencyKey = request.headers.get('idempotency-key');
      requests.push({ path, idempotencyKey, body });
      const fail = failures.get(path)?.shift();
      if (fail) return stripeError(fail);
      if (idempotencyKey && byKey.has(idempotencyKey))
        return HttpResponse.json(byKey.get(idempotencyKey) as object);
      const created = create(body);
      if (idempotencyKey) byKey.set(idempotencyKey, created);
      return HttpResponse.json(created);
    });

  const server = setupServer(
    handle('/v1/payment_intents', (body) => {
      const id = `pi_fake_${++n}`;
      const intent = {
        id,
        object: 'payment_intent',
        amount: Number(body.get('amount')),
        amount_received: 0,
        currency: body.get('currency'),
        client_secret: `${id}_secret_${n}`,
        status: 'requires_payment_method',
        metadata: { orderId: body.get('metadata[orderId]') },
      };
      intents.set(id, intent);
      return intent;
    }),
    handle('/v1/refunds', (body) => {
      const refund = {
        id: `re_fake_${++n}`,
        object: 'refund',
        amount: Number(body.get('amount')),
        payment_intent: body.get('payment_intent'),
        status: 'succeeded',
      };
      refunds.push(refund);
      return refund;
    }),
  );
  server.listen({
    onUnhandledRequest(request, print) {
      // The tests' own calls to the cloud and edge on loopback pass through; anything else is a bug.
      if (['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) return;
      print.error();
    },
  });
  return {
    intents,
    refunds,
    requests,
    failNext(path, ...statuses) {
      failures.set(path, [...(failures.get(path) ?? []), ...statuses]);
    },
    close: () => server.close(),
  };
}

/** A webhook delivery as Stripe would send it, signed with the shared secret. */
export function signedWebhook(
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify({
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    ...event,
  });
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STRIPE_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { payload, header };
}
