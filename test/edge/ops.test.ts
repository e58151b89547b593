import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { handEvent, manifestPage } from '../helpers/manifest.ts';
import { eventually } from '../helpers/processes.ts';

const HANDHELD = 'handheld-key-0123456789';
const METRICS = 'metrics-token-0123456789';
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

async function gate(
  options: { dataDir?: string; metricsToken?: string; maxManifestAgeSeconds?: number } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tixmo-ops-'));
  const edge = await startEdge({
    logger: silentLogger,
    config: parseEdgeConfig({
      cloudUrl: 'http://127.0.0.1:9',
      nodeToken: 'node-ops.secret-secret',
      dataDir,
      port: 0,
      host: '127.0.0.1',
      pullIntervalMs: 3_600_000,
      uploadIntervalMs: 3_600_000,
      heartbeatIntervalMs: 3_600_000,
      watchManifest: false,
      // No cloud here: a fresh journal decides at once instead of waiting to learn who is inside.
      rebuildTimeoutSeconds: 0,
      lanes: [{ id: 'north-1', direction: 'entry' }],
      handhelds: [{ id: 'hh', key: HANDHELD }],
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      ...(options.maxManifestAgeSeconds !== undefined
        ? { maxManifestAgeSeconds: options.maxManifestAgeSeconds }
        : {}),
    }),
  });
  running.push(async () => {
    await edge.close();
  });
  return edge;
}

/** A manifest as a pull at `syncedAt` would have left it: one event, two tickets. */
async function loadManifest(edge: RunningEdge, syncedAt: Date) {
  const ev = await handEvent('ev-ops');
  const tickets = ['t1', 't2'].map((id) => ({
    id,
    eventId: 'ev-ops',
    tierId: 'ev-ops-ga',
    status: 'VALID' as const,
    version: 1,
  }));
  edge.store.applyManifestPage(manifestPage([ev.event], tickets), syncedAt);
  await edge.reloadManifest();
  return ev;
}

const get = (edge: RunningEdge, path: string, headers: Record<string, string> = {}) =>
  fetch(`${edge.url}${path}`, { headers });

type Check = { ok: boolean; detail?: string; ageSeconds?: number | null };
const checks = async (res: Response) => ((await res.json()) as { checks: Record<string, Check> }).checks;

function scan(edge: RunningEdge, code: string) {
  return fetch(`${edge.url}/api/v1/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HANDHELD}`, 'content-type': 'application/json' },
    body: JSON.stringify({ laneId: 'north-1', code }),
  });
}

describe('edge /healthz and /readyz', () => {
  it('alive always; ready once the manifest is synced and recent, with the reason when not', async () => {
    const edge = await gate({ maxManifestAgeSeconds: 600 });
    expect(await (await get(edge, '/healthz')).json()).toEqual({ ok: true });

    let res = await get(edge, '/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      ready: false,
      checks: { journal: { ok: true }, manifest: { ok: false, detail: 'never synced with the cloud' } },
    });

    await loadManifest(edge, new Date(Date.now() - 3600_000));
    res = await get(edge, '/readyz');
    expect(res.status).toBe(503);
    expect((await checks(res)).manifest).toMatchObject({ ok: false, ageSeconds: expect.any(Number) });

    await loadManifest(edge, new Date());
    res = await get(edge, '/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ready: true,
      checks: { journal: { ok: true }, manifest: { ok: true } },
    });
  });

  it('not ready while the journal’s disk is full or its last commit failed; ready again after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-ops-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir]);
    running.push(async () => {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    });
    const edge = await gate({ dataDir: join(dir, 'edge') });
    const ev = await loadManifest(edge, new Date());
    expect((await get(edge, '/readyz')).status).toBe(200);

    // Fill the disk: readiness says so before any scan fails.
    const filler = join(dir, 'filler');
    const chunk = Buffer.alloc(64 * 1024);
    try {
      for (let i = 0; ; i++) writeFileSync(filler, chunk, { flag: i === 0 ? 'w' : 'a' });
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    let res = await get(edge, '/readyz');
    expect(res.status).toBe(503);
    expect((await checks(res)).journal).toMatchObject({ ok: false, detail: expect.stringMatching(/free/) });

    // A scan now cannot be journalled: the gate stays shut and readiness names the failure.
    const refused = await scan(edge, await ev.sign({ id: 't1', tierId: 'ev-ops-ga' }));
    expect(refused.status).toBeGreaterThanOrEqual(500);
    rmSync(filler);
    res = await get(edge, '/readyz');
    expect(res.status).toBe(503);
    expect((await checks(res)).journal!.detail).toMatch(/the last journal commit failed/);

    // The gate probes its journal by itself (every second) and is ready again once a write succeeds.
    await eventually(
      async () => ((await get(edge, '/readyz')).status === 200 ? true : undefined),
      'ready again',
    );
    const admitted = await scan(edge, await ev.sign({ id: 't2', tierId: 'ev-ops-ga' }));
    expect(await admitted.json()).toMatchObject({ decision: 'admit' });
    expect((await get(edge, '/readyz')).status).toBe(200);
  });
});

describe('edge /metrics', () => {
  it('counts decisions by lane and reason, commits, backlog and devices; behind metricsToken when set', async () => {
    const edge = await gate({ metricsToken: METRICS });
    const ev = await loadManifest(edge, new Date());
    const code = await ev.sign({ id: 't1', tierId: 'ev-ops-ga' });
    expect(await (await scan(edge, code)).json()).toMatchObject({ decision: 'admit' });
    expect(await (await scan(edge, code)).json()).toMatchObject({ reason: 'already_inside' });
    expect(await (await scan(edge, 'not-a-code')).json()).toMatchObject({ reason: 'malformed' });

    const refused = await get(edge, '/metrics');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await get(edge, '/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(
      401,
    );

    const res = await get(edge, '/metrics', { authorization: `Bearer ${METRICS}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('tixmo_edge_decisions_total{lane="north-1",decision="admit",reason="ok"} 1');
    expect(text).toContain(
      'tixmo_edge_decisions_total{lane="north-1",decision="reject",reason="already_inside"} 1',
    );
    expect(text).toContain(
      'tixmo_edge_decisions_total{lane="north-1",decision="reject",reason="malformed"} 1',
    );
    expect(text).toMatch(/tixmo_edge_journal_commit_seconds_count [1-3]\n/);
    expect(text).toContain('tixmo_edge_upload_backlog 3');
    expect(text).toContain('tixmo_edge_manifest_tickets 2');
    expect(text).toContain('tixmo_edge_inside{event="ev-ops"} 1');
    expect(text).toMatch(/tixmo_edge_http_requests_total\{method="POST",status="200"\} 3/);
    expect(text).toContain('tixmo_edge_peers{state="reachable"} 0');
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it('is open without metricsToken', async () => {
    const edge = await gate();
    const res = await get(edge, '/metrics');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE tixmo_edge_decisions_total counter');
  });
});
