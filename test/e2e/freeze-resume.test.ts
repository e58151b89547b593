import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

const handheldKey = 'handheld-key-of-the-freeze-test';
/** Hard anti-passback tolerates this much staleness; every freeze lasts longer. */
const windowSeconds = 1;
/** Longer than a gossip push's 2 s timeout too: the frozen gate's queued pushes are then partly torn down. */
const freezeMs = 2600;
const rounds = 20;
const perRound = 4;

interface Gate {
  name: string;
  port: number;
  proc: CliProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Hard anti-passback with a peer frozen (SIGSTOP) and resumed (SIGCONT): the peer's
 * gossip pushes queue up in its sockets and are read in whatever order the kernel
 * hands them over. The resumed gate must never admit a ticket its peer admitted while
 * it was frozen.
 */
describe('hard anti-passback: a peer frozen and resumed, as processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-freeze-'));
  let cloud: TestCloud;
  let codes: { id: string; code: string }[];
  const gates: Gate[] = [];

  const status = async (g: Gate): Promise<EdgeStatus> =>
    (await (await fetch(`http://127.0.0.1:${g.port}/api/v1/status`)).json()) as EdgeStatus;

  const scan = async (g: Gate, code: string): Promise<{ decision: string; reason: string }> => {
    const res = await fetch(`http://127.0.0.1:${g.port}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handheldKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ laneId: 'in', code }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { decision: string; reason: string };
  };

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
    const setup = await setupEvent(cloud.api, { quantity: 200 });
    codes = [];
    for (let i = 0; i < 10; i++) codes.push(...(await buyTickets(cloud.api, setup, 10)).tickets);
    const second = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const tokens = [setup.node.token, second.token];
    const ports = [await freePort(), await freePort()];
    for (let i = 0; i < 2; i++) {
      const file = join(dir, `edge-${i}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          cloudUrl: cloud.url,
          nodeToken: tokens[i],
          dataDir: join(dir, `edge-${i}`),
          port: ports[i],
          host: '127.0.0.1',
          uploadIntervalMs: 200,
          peers: [`http://127.0.0.1:${ports[1 - i]}`],
          peerSecret: 'venue-secret-of-the-freeze-test',
          peerPullIntervalMs: 100,
          antiPassback: { mode: 'hard', unconfirmedAfterSeconds: windowSeconds },
          handhelds: [{ id: 'hh', key: handheldKey }],
          lanes: [{ id: 'in', direction: 'entry' }],
        }),
      );
      const proc = runCli(['edge', '--config', file]);
      gates.push({ name: i === 0 ? 'A' : 'B', port: ports[i]!, proc });
    }
    for (const g of gates) await g.proc.waitFor(/TixMo edge listening on/);
    for (const g of gates)
      await eventually(
        async () => ((await status(g)).manifest.tickets === codes.length ? true : undefined),
        `${g.name} manifest`,
      );
  });

  afterAll(async () => {
    for (const g of gates) {
      if (g.proc.child.exitCode === null) g.proc.child.kill('SIGCONT');
      await g.proc.kill();
    }
    await cloud?.close();
  });

  it(`never admits at the resumed gate what its peer admitted meanwhile (${rounds} rounds)`, async () => {
    const [a, b] = gates as [Gate, Gate];
    const doubles: string[] = [];
    let admittedAtA = 0;
    for (let round = 0; round < rounds; round++) {
      const batch = codes.slice(round * perRound, (round + 1) * perRound);
      for (const g of gates)
        await eventually(
          async () => ((await status(g)).antiPassback?.unconfirmed === false ? true : undefined),
          `round ${round}: ${g.name} confirms its peer`,
        );
      b.proc.child.kill('SIGSTOP');
      const frozenAt = Date.now();
      // A decides at once, while B was heard from recently: these admissions are allowed.
      const atA = await Promise.all(batch.map((t) => scan(a, t.code)));
      admittedAtA += atA.filter((r) => r.decision === 'admit').length;
      await sleep(Math.max(0, freezeMs - (Date.now() - frozenAt)));
      b.proc.child.kill('SIGCONT');
      const atB = await Promise.all(batch.map((t) => scan(b, t.code)));
      batch.forEach((t, i) => {
        if (atA[i]!.decision === 'admit' && atB[i]!.decision === 'admit')
          doubles.push(`round ${round}: ${t.id} admitted at A and at the resumed B`);
      });
    }
    expect(admittedAtA, 'A admitted while B was frozen').toBeGreaterThanOrEqual(rounds);
    expect(doubles).toEqual([]);
  }, 300_000);
});
