import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../src/cloud/db/schema.ts';
import { keyEncryptionKey } from '../../src/cloud/events/key-vault.ts';
import { openSecret, sealLegacySecret } from '../../src/cloud/notifications/webhooks/secret.ts';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const flags = {
  outboxPollMs: 50,
  webhooksAllowPrivate: 'true',
  webhookRetrySeconds: 0.2,
  // A late answer on a busy machine would be retried and counted as the next message.
  webhookTimeoutSeconds: 5,
};
// One deployment's secrets, given as the CLI would get them, so a restart keeps them.
const env = {
  TIXMO_JWT_SECRET: 'jwt-secret-of-the-webhook-vault-test-0123456789',
  TIXMO_KEY_ENCRYPTION_KEY: 'kek-of-the-webhook-vault-test-0123456789abcdef',
};

/** The secret's random part and its other spellings: none may be in a stored row. */
function spellings(secret: string): string[] {
  const raw = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return [secret.slice('whsec_'.length), raw.toString('base64url'), raw.toString('hex')];
}

describe('webhook signing secrets in the key-encryption vault', () => {
  let receiver: WebhookReceiver;
  const clouds: TestCloud[] = [];
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    for (const c of clouds.splice(0)) await c.close();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  /** An order placed on `cloud`'s event, and the verified message it sends to `path`. */
  async function deliveredTo(cloud: TestCloud, setup: { freeTierId: string }, path: string, seen: number) {
    const buyer = await registerAccount(cloud.api, 'Buyer');
    await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
    const got = await eventually(
      () => (receiver.on(path).length > seen ? receiver.on(path) : undefined),
      `message ${seen + 1} at ${path}`,
    );
    return got[seen]!;
  }

  it('a new endpoint’s secret is sealed under the KEK: the row holds none of it, and messages verify', async () => {
    const cloud = await startTestCloud({ flags });
    clouds.push(cloud);
    const setup = await setupEvent(cloud.api);
    const created = await setup.promoter.api.post(`/organizations/${setup.orgId}/webhooks`, {
      url: receiver.url('/vault-new'),
      eventTypes: ['order.paid'],
    });
    receiver.secrets.set('/vault-new', created.secret);

    const [row] = await cloud.deps.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, created.id));
    const kek = keyEncryptionKey(cloud.deps.config.keyEncryptionKey);
    expect(row!.secretSealed.startsWith(`v2.${kek.id}.`)).toBe(true);
    for (const s of spellings(created.secret)) expect(JSON.stringify(row)).not.toContain(s);
    // Sealed under the KEK, not the JWT secret: another JWT secret still opens it.
    expect(
      openSecret({ ...cloud.deps.config, jwtSecret: 'x'.repeat(40) }, created.id, row!.secretSealed),
    ).toBe(created.secret);
    // …and it belongs to its endpoint only.
    expect(openSecret(cloud.deps.config, 'another-endpoint', row!.secretSealed)).toBeNull();

    const message = await deliveredTo(cloud, setup, '/vault-new', 0);
    expect(message.verifyError).toBeNull();
    expect(message.verified?.type).toBe('order.paid');
  });

  it('an endpoint an older cloud sealed under its JWT secret still verifies, and the next start moves it into the vault', async () => {
    const databaseUrl = await createTestDatabase();
    const first = await startTestCloud({ flags, env, databaseUrl });
    clouds.push(first);
    const setup = await setupEvent(first.api);
    // The row as a cloud before the vault wrote it (no public call makes one any more).
    const id = 'endpoint-sealed-the-old-way';
    const secret = 'whsec_T2xkRm9ybWF0U2VjcmV0T2ZUaGVUZXN0MDEy';
    receiver.secrets.set('/vault-old', secret);
    const legacy = sealLegacySecret(env.TIXMO_JWT_SECRET, id, secret);
    await first.deps.db.insert(webhookEndpoints).values({
      id,
      orgId: setup.orgId,
      url: receiver.url('/vault-old'),
      eventTypes: ['order.paid'],
      secretSealed: legacy,
    });
    const before = await deliveredTo(first, setup, '/vault-old', 0);
    expect(before.verifyError).toBeNull();

    await first.close();
    clouds.splice(0);
    const second = await startTestCloud({ flags, env, databaseUrl });
    clouds.push(second);
    const [row] = await second.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    const kek = keyEncryptionKey(env.TIXMO_KEY_ENCRYPTION_KEY);
    expect(row!.secretSealed.startsWith(`v2.${kek.id}.`)).toBe(true);
    for (const s of spellings(secret)) expect(JSON.stringify(row)).not.toContain(s);
    const after = await deliveredTo(second, setup, '/vault-old', 1);
    expect(after.verifyError).toBeNull();
    expect(after.verified?.type).toBe('order.paid');
  });
});
