import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { startEdge } from '../../src/edge/runtime.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const METRICS = 'cloud-metrics-token-0123456789';
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function cloud(options: Parameters<typeof startTestCloud>[0] = {}): Promise<TestCloud> {
  const c = await startTestCloud(options);
  stops.push(() => c.close());
  return c;
}

async function proxyTo(url: string): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(url);
  const proxy = await startTcpProxy(Number(target.port));
  stops.push(() => proxy.close());
  target.port = String(proxy.port);
  return { proxy, url: target.toString() };
}

const readyz = async (c: TestCloud) => {
  const res = await fetch(`${c.url}/readyz`);
  return { status: res.status, body: await res.json() };
};

describe('cloud /healthz and /readyz', () => {
  it('embedded: alive and ready, Redis not configured', async () => {
    const c = await cloud();
    expect(await (await fetch(`${c.url}/healthz`)).json()).toEqual({ ok: true });
    expect(await readyz(c)).toEqual({
      status: 200,
      body: {
        ready: true,
        checks: { database: { ok: true }, redis: { ok: true, detail: 'not configured' } },
      },
    });
  });

  it('answers 503 naming the database or Redis while it cannot reach it, 200 again after', async () => {
    const db = await proxyTo(await createTestDatabase());
    const redis = await proxyTo(inject('redisUrl')!);
    const c = await cloud({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: `ops-${Date.now()}:` });
    expect((await readyz(c)).status).toBe(200);

    db.proxy.cut();
    let answer = await readyz(c);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      ready: false,
      checks: { database: { ok: false }, redis: { ok: true } },
    });
    db.proxy.heal();
    await eventually(async () => ((await readyz(c)).status === 200 ? true : undefined), 'database back');

    redis.proxy.cut();
    answer = await readyz(c);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      ready: false,
      checks: { database: { ok: true }, redis: { ok: false } },
    });
    redis.proxy.heal();
    await eventually(async () => ((await readyz(c)).status === 200 ? true : undefined), 'Redis back');
  });
});

describe('cloud /metrics', () => {
  it('requests by route pattern, orders, uploaded decisions and edge backlogs; behind TIXMO_METRICS_TOKEN', async () => {
    const c = await cloud({ env: { TIXMO_METRICS_TOKEN: METRICS } });
    const setup = await setupEvent(c.api);
    const { tickets } = await buyTickets(c.api, setup, 2);
    await fetch(`${c.url}/nowhere`);

    const edge = await startEdge({
      logger: silentLogger,
      config: parseEdgeConfig({
        cloudUrl: c.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-ops-edge-')),
        port: 0,
        host: '127.0.0.1',
        heartbeatIntervalMs: 200,
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    });
    stops.push(() => edge.close());
    await edge.syncNow();
    expect((await edge.scan('north-1', tickets[0]!.code))?.row.decision).toBe('admit');
    expect((await edge.scan('north-1', tickets[0]!.code))?.row.reason).toBe('already_inside');

    expect((await fetch(`${c.url}/metrics`)).status).toBe(401);
    const scrape = async () => {
      const res = await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const text = await eventually(async () => {
      const t = await scrape();
      return t.includes('reason="already_inside"} 1') &&
        t.includes(`tixmo_edge_upload_backlog{node="${setup.node.id}"} 0`)
        ? t
        : undefined;
    }, 'the edge’s uploads and heartbeat counted');
    expect(text).toContain('tixmo_scans_ingested_total{decision="admit",reason="ok"} 1');
    expect(text).toContain('tixmo_orders_placed_total{status="PENDING"} 1');
    expect(text).toMatch(
      /tixmo_http_requests_total\{method="POST",route="\/api\/v1\/orders",status="201"\} 1\n/,
    );
    expect(text).toMatch(
      /tixmo_http_requests_total\{method="POST",route="\/api\/v1\/orders\/:orderId\/confirm",status="200"\} 1\n/,
    );
    expect(text).toMatch(/tixmo_http_requests_total\{method="GET",route="unmatched",status="404"\} 1\n/);
    expect(text).toMatch(
      /tixmo_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/orders"\} 1\n/,
    );
    expect(text).not.toContain(tickets[0]!.id); // route patterns, never ids
    expect(text).toContain(`tixmo_edge_peers{node="${setup.node.id}",state="reachable"} 0`);
  });
});
