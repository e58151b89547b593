import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scans } from '../../src/cloud/db/schema.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import type { SyncStatus } from '../../src/sync/reconcile.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { type HttpProxy, startHttpProxy } from '../helpers/http-proxy.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

const handheldKey = 'handheld-key-of-the-wipe-test';
const admissionsRoute = '/api/v1/sync/admissions';

interface Gate {
  name: string;
  id: string;
  token: string;
  port: number;
  dataDir: string;
  cloudUrl: string;
  peer: string;
  proc?: CliProcess;
}

type Answer = { decision: string; reason: string };

/**
 * An edge whose data dir is wiped (a new SD card, a re-imaged box) and that restarts
 * with the same node token, as separate `tixmo edge` processes: its new journal starts
 * at seq 1 again under a new incarnation (docs/journal-incarnations.md).
 */
describe('a wiped edge restarting with the same node token, as processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-wipe-'));
  let cloud: TestCloud;
  let proxy: HttpProxy;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  let a: Gate;
  let b: Gate;

  const start = async (g: Gate, extra: Record<string, unknown> = {}) => {
    const file = join(dir, `edge-${g.name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        cloudUrl: g.cloudUrl,
        nodeToken: g.token,
        dataDir: g.dataDir,
        port: g.port,
        host: '127.0.0.1',
        pullIntervalMs: 1000,
        uploadIntervalMs: 200,
        heartbeatIntervalMs: 300,
        peers: [g.peer],
        peerSecret: 'venue-secret-of-the-wipe-test',
        peerPullIntervalMs: 200,
        handhelds: [{ id: 'hh', key: handheldKey }],
        lanes: [{ id: `in-${g.name}`, direction: 'entry' }],
        ...extra,
      }),
    );
    g.proc = runCli(['edge', '--config', file]);
    await g.proc.waitFor(/TixMo edge listening on/);
  };
  const status = async (g: Gate): Promise<EdgeStatus> =>
    (await (await fetch(`http://127.0.0.1:${g.port}/api/v1/status`)).json()) as EdgeStatus;
  const until = (g: Gate, what: string, check: (s: EdgeStatus) => boolean) =>
    eventually(async () => {
      const s = await status(g);
      return check(s) ? s : undefined;
    }, `${g.name}: ${what}`);
  const scan = async (g: Gate, ticket: number): Promise<Answer> => {
    const res = await fetch(`http://127.0.0.1:${g.port}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handheldKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ laneId: `in-${g.name}`, code: codes[ticket]!.code }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Answer;
  };
  const wipeAndRestart = async (g: Gate, extra: Record<string, unknown> = {}) => {
    await g.proc!.kill('SIGKILL');
    rmSync(g.dataDir, { recursive: true, force: true });
    await start(g, extra);
  };
  /** Rows of a node in the cloud per journal life: count, distinct seqs, highest seq. */
  const cloudLives = async (nodeId: string) => {
    const rows = await cloud.deps.db
      .select({
        incarnation: scans.incarnation,
        n: sql<number>`count(*)::int`,
        distinct: sql<number>`count(distinct ${scans.seq})::int`,
        top: sql<number>`max(${scans.seq})::int`,
      })
      .from(scans)
      .where(eq(scans.nodeId, nodeId))
      .groupBy(scans.incarnation);
    return new Map(rows.map((r) => [r.incarnation, { n: r.n, distinct: r.distinct, top: r.top }]));
  };

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
    proxy = await startHttpProxy(Number(new URL(cloud.url).port));
    setup = await setupEvent(cloud.api, { quantity: 100 });
    codes = [];
    for (let i = 0; i < 5; i++) codes.push(...(await buyTickets(cloud.api, setup, 10)).tickets);
    const second = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const ports = [await freePort(), await freePort()];
    a = {
      name: 'A',
      id: setup.node.id,
      token: setup.node.token,
      port: ports[0]!,
      dataDir: join(dir, 'edge-A'),
      cloudUrl: proxy.url,
      peer: `http://127.0.0.1:${ports[1]}`,
    };
    b = {
      name: 'B',
      id: second.id,
      token: second.token,
      port: ports[1]!,
      dataDir: join(dir, 'edge-B'),
      cloudUrl: cloud.url,
      peer: `http://127.0.0.1:${ports[0]}`,
    };
    for (const g of [a, b]) await start(g);
    for (const g of [a, b])
      await until(g, 'manifest', (s) => s.manifest.tickets === codes.length).catch((err) => {
        throw new Error(`${err.message}\n${g.proc?.stdout()}\n${g.proc?.stderr()}`);
      });
  });

  afterAll(async () => {
    for (const g of [a, b]) await g?.proc?.kill();
    await proxy?.close();
    await cloud?.close();
  });

  it('rebuilds who is inside from the cloud and its peer before admitting, and every new admission reaches the cloud and the peer', async () => {
    for (let t = 0; t < 6; t++) expect((await scan(a, t)).reason).toBe('ok');
    // Six more rows (re-scans) so the old life ends at seq 12, above where the new life's
    // first admissions will land (seq 7 on): a peer that merged rows by (node, seq) alone
    // would drop those as re-sends of the old card's.
    for (let t = 0; t < 6; t++) expect((await scan(a, t)).reason).toBe('already_inside');
    for (let t = 6; t < 8; t++) expect((await scan(b, t)).reason).toBe('ok');
    for (const g of [a, b]) await until(g, 'uploaded', (s) => s.upload.lastSeq > 0 && s.upload.pending === 0);
    await until(b, 'knows A’s admissions', (s) => s.events[0]?.inside === 8);
    const firstLife = (await status(a)).upload.incarnation!;

    // The SD card dies; a new one, same config and token. The cloud cannot hand over admissions yet.
    proxy.refuse(admissionsRoute, 503);
    await wipeAndRestart(a, { rebuildTimeoutSeconds: 600 });
    const rebuilding = await until(
      a,
      'rebuilding with the manifest and its peer in',
      (s) => s.manifest.tickets === codes.length && s.rebuild?.peersSettled === true,
    );
    expect(rebuilding.upload.incarnation).not.toBe(firstLife);
    expect(rebuilding.upload.lastSeq).toBe(0);
    expect(rebuilding.rebuild).toMatchObject({ state: 'rebuilding', holdingReads: true });
    expect(rebuilding.rebuild!.message).toMatch(
      /learning who is inside, waiting for the cloud \(.*503.*\); entries wait/,
    );
    // Nobody gets in meanwhile: not whom the old card admitted, not a newcomer. B's own admissions are known.
    expect(await scan(a, 0)).toMatchObject({ decision: 'reject', reason: 'rebuilding' });
    expect(await scan(a, 20)).toMatchObject({ decision: 'reject', reason: 'rebuilding' });
    expect(await scan(a, 6)).toMatchObject({ decision: 'reject', reason: 'already_inside' });

    proxy.allow(admissionsRoute);
    const rebuilt = await until(a, 'rebuilt', (s) => s.rebuild?.state === 'done');
    // The old card's six came from the cloud; B's two it already had from B.
    expect(rebuilt.rebuild!.cloud.admissions).toBe(6);
    expect(rebuilt.events[0]!.inside).toBe(8);
    for (const t of [0, 5, 7]) expect(await scan(a, t)).toMatchObject({ reason: 'already_inside' });

    const fresh = Array.from({ length: 14 }, (_, i) => 20 + i);
    for (const t of fresh) expect((await scan(a, t)).reason).toBe('ok');
    const after = await until(
      a,
      'new life uploaded',
      (s) => s.upload.pending === 0 && s.upload.lastSeq === 20,
    );
    expect(after.upload.lastError).toBeNull();
    const lives = await cloudLives(a.id);
    const newLife = after.upload.incarnation!;
    expect(lives.get(newLife)).toEqual({
      n: after.upload.lastSeq,
      distinct: after.upload.lastSeq,
      top: after.upload.lastSeq,
    });
    expect(lives.get(firstLife)).toEqual({ n: 12, distinct: 12, top: 12 });
    const attendance = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
    expect(attendance).toMatchObject({ entries: 22, inside: 22 });
    const admittedNewLife = await cloud.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(scans)
      .where(and(eq(scans.nodeId, a.id), eq(scans.incarnation, newLife), eq(scans.decision, 'admit')));
    expect(admittedNewLife[0]!.n).toBe(14);

    // The peer takes the new life's rows too (they start at seq 1 again).
    await until(b, 'knows the new life’s admissions', (s) => s.events[0]?.inside === 22);
    expect(await scan(b, 20)).toMatchObject({ reason: 'already_inside' });
    expect(await scan(b, 33)).toMatchObject({ reason: 'already_inside' });

    const report = await eventually(async () => {
      const s = await setup.promoter.api.get<SyncStatus>(`/venues/${setup.venueId}/sync-status`);
      const node = s.nodes.find((n) => n.nodeId === a.id);
      return node?.incarnation === newLife && node.backlog === 0 ? node : undefined;
    }, 'sync status shows the new life');
    expect(report).toMatchObject({
      earlierLives: 1,
      earlierNotUploaded: 0,
      journalSince: expect.any(String),
    });
  }, 120_000);

  it('bounds the wait when neither the cloud nor the peer can help, says so on status, and catches up later', async () => {
    expect((await scan(a, 44)).reason).toBe('ok');
    await until(a, 'uploaded', (s) => s.upload.pending === 0);
    await b.proc!.kill();
    proxy.refuse(admissionsRoute, 404);
    await wipeAndRestart(a, { rebuildTimeoutSeconds: 2 });
    const gaveUp = await until(a, 'gave up waiting', (s) => s.rebuild?.state === 'incomplete');
    expect(gaveUp.rebuild!.holdingReads).toBe(false);
    expect(gaveUp.rebuild!.cloud.lastError).toMatch(/404/);
    expect(gaveUp.rebuild!.message).toMatch(/only partly known, still waiting for the cloud \(.*404/);
    // The gate decides again: a newcomer gets in.
    expect(await scan(a, 40)).toMatchObject({ decision: 'admit', reason: 'ok' });

    proxy.allow(admissionsRoute);
    await until(a, 'rebuilt in the background', (s) => s.rebuild?.state === 'done');
    expect(await scan(a, 44)).toMatchObject({ reason: 'already_inside' });
    await start(b);
  }, 120_000);

  it('reports an acknowledgement above its own journal (a data dir restored from a backup) instead of taking it as uploaded', async () => {
    expect((await scan(a, 45)).reason).toBe('ok');
    await until(a, 'uploaded', (s) => s.upload.pending === 0);
    await a.proc!.kill();
    const backup = join(dir, 'edge-A-backup');
    cpSync(a.dataDir, backup, { recursive: true });
    await start(a);
    for (const t of [41, 42]) expect((await scan(a, t)).reason).toBe('ok');
    await until(a, 'uploaded past the backup', (s) => s.upload.pending === 0);
    await a.proc!.kill();
    rmSync(a.dataDir, { recursive: true, force: true });
    cpSync(backup, a.dataDir, { recursive: true });
    await start(a);
    const restored = await status(a);
    expect((await scan(a, 43)).reason).toBe('ok');
    const reported = await until(a, 'upload error', (s) => s.upload.lastError !== null);
    expect(reported.upload.lastError).toMatch(
      new RegExp(
        `acknowledged seq ${restored.upload.lastSeq + 2} but this node's journal ends at seq ${restored.upload.lastSeq + 1}`,
      ),
    );
    expect(reported.upload).toMatchObject({ ackedSeq: restored.upload.ackedSeq, pending: 1 });
    expect(a.proc!.stdout() + a.proc!.stderr()).toMatch(/acknowledged seq/);
  }, 120_000);
});
