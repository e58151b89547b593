import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/cloud/db/schema.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { runCli } from '../helpers/processes.ts';
import { expectErrorBody, rawRequest } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

async function createKey(setup: PromoterSetup, scopes: string[]) {
  return (await setup.promoter.api.post(`/organizations/${setup.orgId}/api-keys`, {
    name: `key ${scopes.join('+')}`,
    scopes,
  })) as { id: string; key: string };
}

describe('tixmo CLI with an API key', () => {
  it('tixmo sync status runs on TIXMO_API_KEY against a running cloud', async () => {
    const setup = await setupEvent(cloud.api);
    const key = (await createKey(setup, ['sync-ops'])).key;
    const status = runCli(['sync', 'status', '--venue', setup.venueId, '--json'], {
      TIXMO_CLOUD_URL: cloud.url,
      TIXMO_API_KEY: key,
      TIXMO_TOKEN: '',
    });
    const code = await status.exited();
    expect(status.stderr()).toBe('');
    expect(JSON.parse(status.stdout()).nodes[0]).toMatchObject({ nodeId: setup.node.id });
    expect(code).toBe(1); // the node never synced: it needs attention
    const readOnly = (await createKey(setup, ['read'])).key;
    const denied = runCli(['sync', 'reconcile', '--event', setup.eventId], {
      TIXMO_CLOUD_URL: cloud.url,
      TIXMO_API_KEY: readOnly,
      TIXMO_TOKEN: '',
    });
    expect(await denied.exited()).toBe(2);
    expect(denied.stderr()).toMatch(/403 FORBIDDEN: .*"sync-ops"/);
    const malformed = runCli(['sync', 'status', '--venue', setup.venueId], {
      TIXMO_CLOUD_URL: cloud.url,
      TIXMO_API_KEY: 'not-a-key',
    });
    expect(await malformed.exited()).toBe(2);
    expect(malformed.stderr()).toMatch(/apiKey: must be an API key/);
  });
});

describe('API keys in use', () => {
  it('counts per key: one key over its limit is 429 while another key goes on', async () => {
    const limited = await startTestCloud({ flags: { apiKeyRateLimitPerMinute: 3 } });
    try {
      const setup = await setupEvent(limited.api);
      const make = async () =>
        (await limited.api.as(setup.promoter.accessToken).post(`/organizations/${setup.orgId}/api-keys`, {
          name: 'k',
          scopes: ['read'],
        })) as { key: string };
      const [a, b] = [await make(), await make()];
      const get = (key: string) => rawRequest(limited, 'GET', `/events/${setup.eventId}`, { token: key });
      for (let i = 0; i < 3; i++) expect((await get(a.key)).status).toBe(200);
      const over = await get(a.key);
      expectErrorBody(over, 429, 'RATE_LIMITED');
      expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await get(b.key)).status).toBe(200);
      // The member who made them is not slowed down by their keys.
      expect(
        (await rawRequest(limited, 'GET', `/events/${setup.eventId}`, { token: setup.promoter.accessToken }))
          .status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe.skipIf(!postgresAvailable())('API keys on a real Postgres server', () => {
  it('a key is hashed at rest, works in its organization and is refused once revoked', async () => {
    const pgCloud = await startTestCloud({ engine: 'postgres' });
    try {
      const setup = await setupEvent(pgCloud.api, { publish: false });
      const created = await pgCloud.api
        .as(setup.promoter.accessToken)
        .post(`/organizations/${setup.orgId}/api-keys`, { name: 'ci', scopes: ['read', 'catalog'] });
      const [row] = await pgCloud.deps.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
      expect(row!.keyHash).toBe(createHash('sha256').update(created.key).digest('base64url'));
      const publish = await rawRequest(pgCloud, 'POST', `/events/${setup.eventId}/publish`, {
        token: created.key,
      });
      expect(publish.body.status).toBe('PUBLISHED');
      const revoke = `/organizations/${setup.orgId}/api-keys/${created.id}`;
      expect(
        (await rawRequest(pgCloud, 'DELETE', revoke, { token: setup.promoter.accessToken })).status,
      ).toBe(204);
      expectErrorBody(
        await rawRequest(pgCloud, 'GET', `/events/${setup.eventId}`, { token: created.key }),
        401,
        'UNAUTHORIZED',
      );
    } finally {
      await pgCloud.close();
    }
  });
});
