import Stripe from 'stripe';
import type { CloudConfig } from '../config.ts';

export type StripeClient = Stripe;

/**
 * The Stripe SDK on fetch (so tests can stand in for Stripe's API with msw), with
 * network retries: the SDK retries 429/5xx/connection errors with the same
 * idempotency key, so a retried create never charges twice.
 */
export function createStripeClient(config: CloudConfig): StripeClient | null {
  if (!config.stripeSecretKey || !config.stripeWebhookSecret) return null;
  return new Stripe(config.stripeSecretKey, {
    httpClient: Stripe.createFetchHttpClient((input, init) => fetch(input, init)),
    maxNetworkRetries: 3,
    timeout: 20_000,
    appInfo: { name: 'tixmo' },
  });
}

/** Webhook signature checks need no API key; the SDK's static helper does them. */
export const stripeWebhooks = Stripe.webhooks;
