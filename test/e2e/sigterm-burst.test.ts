import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { HONEYWELL_GOOD } from '../../src/devices/serial-scanner.ts';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { EdgeStore } from '../../src/edge/store.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');
const RELAY_ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);

function count(bytes: Buffer, what: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(what); at !== -1; at = bytes.indexOf(what, at + what.length)) n++;
  return n;
}

describe.skipIf(!socat.available)('SIGTERM in the middle of a scan burst', () => {
  let cloud: TestCloud;
  let edge: CliProcess | undefined;
  let scanner: PtyPair;
  let relay: PtyPair;

  afterAll(async () => {
    await edge?.kill('SIGKILL');
    await cloud?.close();
    await scanner?.close();
    await relay?.close();
  });

  it('opens the gate for every admission it journalled, and announced each one, before it exits', async () => {
    cloud = await startTestCloud();
    const setup = await setupEvent(cloud.api);
    const codes: { id: string; code: string }[] = [];
    for (let i = 0; i < 4; i++) codes.push(...(await buyTickets(cloud.api, setup, 10)).tickets);
    [scanner, relay] = await Promise.all([openPtyPair(), openPtyPair()]);
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-term-'));
    const dataDir = join(dir, 'edge');
    const configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir,
        port: await freePort(),
        host: '127.0.0.1',
        uploadIntervalMs: 200,
        // Ticket ids go only to staff screens: the test watches as one.
        staff: { token: 'sigterm-staff-token-0123' },
        lanes: [
          {
            id: 'north-1',
            direction: 'entry',
            scanners: [{ type: 'serial', path: scanner.devicePath, feedback: { mode: 'honeywell' } }],
            actuator: { type: 'relay', path: relay.devicePath, pulseMs: 50 },
          },
        ],
      }),
    );
    edge = runCli(['edge', '--config', configFile]);
    const url = (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
    await eventually(async () => {
      const s = (await (await fetch(`${url}/api/v1/status`)).json()) as EdgeStatus;
      return s.manifest.tickets === codes.length ? true : undefined;
    }, 'manifest synced');

    const announced = new Set<string>();
    const live = io(`${url}/live`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'sigterm-staff-token-0123' },
    });
    live.on('scan', (s: { decision: string; ticketId?: string }) => {
      if (s.decision === 'admit' && s.ticketId) announced.add(s.ticketId);
    });
    await new Promise<void>((resolve, reject) => {
      live.once('connect', () => resolve());
      live.once('connect_error', reject);
    });

    // Every code as fast as the scanner can send, each twice (the repeat is rejected
    // as already_inside) to keep the commit queue full; SIGTERM lands at the tenth opening.
    let stopped = false;
    const burst = (async () => {
      for (const { code } of codes) {
        if (stopped) break;
        scanner.write(`${code}\r\n${code}\r\n`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await eventually(
      () => (count(relay.received(), RELAY_ON) >= 10 ? true : undefined),
      'ten openings',
      2000,
    );
    edge.child.kill('SIGTERM');
    expect(await edge.exited()).toBe(0);
    stopped = true;
    await burst;

    const db = openEdgeDatabase(dataDir);
    const rows = new EdgeStore(db.db).admissions();
    db.close();
    const annulled = new Set(rows.filter((r) => r.kind === 'annul').map((r) => r.ticketId));
    const admitted = rows.filter((r) => r.kind !== 'annul').map((r) => r.ticketId!);
    const stillIn = admitted.filter((id) => !annulled.has(id));
    expect(admitted.length).toBeGreaterThanOrEqual(10);
    // The last bytes and frames the edge sent before exiting may still be on their way to us.
    await eventually(
      () =>
        count(relay.received(), RELAY_ON) >= stillIn.length &&
        count(scanner.received(), HONEYWELL_GOOD) >= admitted.length &&
        announced.size >= admitted.length
          ? true
          : undefined,
      'every opening, beep and announcement received',
      100,
    ).catch(() => undefined); // the exact comparisons below say what is missing
    live.close();
    // Each admission left on record opened the gate and beeped good — none is a lie.
    expect(count(relay.received(), RELAY_ON)).toBe(stillIn.length);
    expect(count(scanner.received(), HONEYWELL_GOOD)).toBe(admitted.length);
    // And each was announced to the screens before the edge went.
    expect([...announced].sort()).toEqual([...admitted].sort());
    expect(edge.stdout()).toMatch(/stopped: no new reads taken; \d+ read\(s\) in flight were journalled/);
  }, 240_000); // a cloud, an edge process and two ptys: slow on a busy machine
});
