import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypes, generateCommand, schemaFile } from '../../scripts/openapi.ts';
import { createApiRoutes } from '../../src/cloud/api.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/*
 * The OpenAPI document is good enough to generate a client from: a real linter finds
 * nothing in it, every operation is named and described and lists the errors it can
 * answer, and the types the demo and the CLI are compiled against are the document's.
 */

// biome-ignore lint/suspicious/noExplicitAny: the document is walked loosely
type Json = any;
interface Op {
  key: string;
  path: string;
  op: Json;
}

const publicUrl = 'https://tickets.tixmo.test';
let cloud: TestCloud;
let doc: Json;
let ops: Op[];

beforeAll(async () => {
  cloud = await startTestCloud({ flags: { publicUrl } });
  const res = await fetch(`${cloud.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
  ops = Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
  );
});
afterAll(async () => {
  await cloud?.close();
});

const secured = (op: Json, scheme: string) => op.security.some((s: Json) => scheme in s);

describe('the served OpenAPI document', () => {
  it('passes the Redocly linter (recommended rules) without an error or a warning', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // The package is UNLICENSED (proprietary): there is no licence to name.
      rules: { 'info-license': 'off' },
    });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });

  it('names the configured public URL as its server', () => {
    expect(doc.servers).toEqual([{ url: `${publicUrl}/api/v1`, description: 'This TixMo cloud' }]);
  });

  it('holds every route of the API, the Stripe webhook included', () => {
    const documented = new Set(ops.map((o) => o.key));
    const routes = createApiRoutes()
      .routes.filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    const webhook = doc.paths['/payments/webhook'].post;
    expect(webhook.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'stripe-signature', required: true }),
    );
    expect(webhook.security).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId, a summary and a description', () => {
    const missing = ops.filter(({ op }) => !op.operationId || !op.summary || !op.description);
    expect(missing.map((o) => o.key)).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]+$/.test(id))).toEqual([]);
  });

  it('lists the errors each operation can answer, all in the one Error schema', () => {
    const lacking: string[] = [];
    const want = (o: Op, status: string, why: boolean) => {
      if (why && !o.op.responses[status]) lacking.push(`${o.key} lacks ${status}`);
    };
    for (const o of ops) {
      want(o, '429', true); // every /api request is rate limited
      want(o, '401', secured(o.op, 'bearer') || secured(o.op, 'edgeNode'));
      want(o, '403', secured(o.op, 'bearer'));
      want(o, '404', o.path.includes('{'));
      want(o, '400', Boolean(o.op.parameters?.length || o.op.requestBody));
      for (const [status, response] of Object.entries<Json>(o.op.responses)) {
        if (Number(status) < 400) continue;
        expect(response.content['application/json'].schema, `${o.key} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
        expect(response.description, `${o.key} ${status}`).not.toBe('Error');
      }
    }
    expect(lacking).toEqual([]);
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'requestId']);
  });

  it('names its schemas in components, each one used, and gives the main request bodies examples', () => {
    const schemas = Object.keys(doc.components.schemas);
    expect(schemas).toEqual(expect.arrayContaining(['Error', 'Event', 'Tier', 'Order', 'Ticket', 'Venue']));
    const text = JSON.stringify(doc.paths);
    expect(schemas.filter((name) => !text.includes(`"#/components/schemas/${name}"`))).toEqual([]);
    for (const key of [
      'POST /auth/register',
      'POST /events',
      'POST /events/{eventId}/tiers',
      'POST /orders',
      'POST /organizations/{orgId}/venues',
    ]) {
      const o = ops.find((x) => x.key === key)!;
      expect(o.op.requestBody.content['application/json'].example, key).toBeDefined();
    }
  });
});

describe('the generated client types', () => {
  it(`are those of the served document (stale: run \`${generateCommand}\`)`, async () => {
    const committed = readFileSync(schemaFile, 'utf8');
    const fresh = await apiTypes(doc);
    expect(
      committed === fresh,
      `${schemaFile} is not what the served OpenAPI document generates: run \`${generateCommand}\` and commit it`,
    ).toBe(true);
  });
});
