import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

/** An HTTP proxy to the cloud that notes how many scans each upload request carried (and may hold uploads up). */
async function uploadCounter(target: string, holdUploadsMs = 0) {
  const uploads: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isUpload = req.method === 'POST' && req.url === '/api/v1/sync/scans';
      if (isUpload) uploads.push((JSON.parse(body.toString('utf8')) as { scans: unknown[] }).scans.length);
      setTimeout(() => forward(body), isUpload ? holdUploadsMs : 0);
    });
    const forward = (body: Buffer) => {
      const upstream = request(
        new URL(req.url!, target),
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the edge batches its uploads (#10.2)', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let code: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    code = (await buyTickets(cloud.api, setup, 1)).tickets[0]!.code;
  });
  afterAll(async () => {
    await cloud?.close();
  });

  async function gate(batch: { uploadBatchMs: number; uploadBatchSize: number }, holdUploadsMs = 0) {
    const proxy = await uploadCounter(cloud.url, holdUploadsMs);
    // A node of its own per gate: each starts its journal at seq 1.
    const node = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Batch gate' });
    const edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: proxy.url,
        nodeToken: node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-batch-')),
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 600_000,
        uploadIntervalMs: 600_000,
        watchManifest: false,
        lanes: [{ id: 'in', direction: 'entry' }],
        ...batch,
      }),
    });
    await edge.syncNow();
    return { proxy, edge };
  }

  /** `n` scans one after another (the first admits, the rest are already inside: every one is journalled). */
  async function scanMany(edge: RunningEdge, n: number) {
    for (let i = 0; i < n; i++) await edge.scan('in', code);
  }

  async function uploaded(edge: RunningEdge) {
    const last = edge.status().upload.lastSeq;
    await eventually(
      () => (edge.status().upload.ackedSeq === last ? true : undefined),
      'every scan uploaded',
    );
    return last;
  }

  it('gathers the scans of a batch window into one request instead of one per scan', async () => {
    const { proxy, edge } = await gate({ uploadBatchMs: 1500, uploadBatchSize: 500 });
    try {
      const started = performance.now();
      await scanMany(edge, 40);
      const elapsed = performance.now() - started;
      const last = await uploaded(edge);
      expect(proxy.uploads.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(last);
      // One request per 1.5 s window that saw a scan (however long the scanning took here).
      expect(proxy.uploads.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1500) + 1);
    } finally {
      await edge.close();
      await proxy.close();
    }
  });

  it('sends a batch as soon as uploadBatchSize scans wait, and never more in one request', async () => {
    // A slow cloud: scans pile up while an upload is on its way.
    const { proxy, edge } = await gate({ uploadBatchMs: 10_000, uploadBatchSize: 10 }, 300);
    try {
      await scanMany(edge, 30);
      // The 10 s window hardly ever ends here: the size cap sends, every 10 scans.
      const last = await uploaded(edge);
      expect(last).toBe(30);
      expect(Math.max(...proxy.uploads)).toBeLessThanOrEqual(10);
      expect(proxy.uploads.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(30);
    } finally {
      await edge.close();
      await proxy.close();
    }
  });
});
