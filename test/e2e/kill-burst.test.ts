import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
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

function countOn(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(RELAY_ON); at !== -1; at = bytes.indexOf(RELAY_ON, at + 4)) n++;
  return n;
}

describe.skipIf(!socat.available)('kill -9 in the middle of a scan burst', () => {
  let cloud: TestCloud;
  let edge: CliProcess | undefined;
  let scanner: PtyPair;
  let relay: PtyPair;

  afterAll(async () => {
    await edge?.kill();
    await cloud?.close();
    await scanner?.close();
    await relay?.close();
  });

  it('loses no admission the gate announced: every relay opening and every /live admit is in the journal', async () => {
    cloud = await startTestCloud();
    const setup = await setupEvent(cloud.api);
    const codes: { id: string; code: string }[] = [];
    for (let i = 0; i < 4; i++) codes.push(...(await buyTickets(cloud.api, setup, 10)).tickets);
    [scanner, relay] = await Promise.all([openPtyPair(), openPtyPair()]);
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-kill-'));
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
        pullIntervalMs: 500,
        uploadIntervalMs: 200,
        // Ticket ids reach staff screens only: the test's screen shows this token.
        staff: { token: 'kill-burst-staff-token-0123' },
        lanes: [
          {
            id: 'north-1',
            direction: 'entry',
            scanners: [{ type: 'serial', path: scanner.devicePath }],
            actuator: { type: 'relay', path: relay.devicePath, pulseMs: 50 },
          },
        ],
      }),
    );
    const start = async () => {
      edge = runCli(['edge', '--config', configFile]);
      return (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
    };
    const url = await start();
    await eventually(async () => {
      const s = (await (await fetch(`${url}/api/v1/status`)).json()) as EdgeStatus;
      return s.manifest.tickets === codes.length ? true : undefined;
    }, 'manifest synced');

    const announced = new Set<string>();
    const live = io(`${url}/live`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'kill-burst-staff-token-0123' },
    });
    live.on('scan', (s: { decision: string; ticketId?: string }) => {
      if (s.decision === 'admit' && s.ticketId) announced.add(s.ticketId);
    });
    await new Promise<void>((resolve, reject) => {
      live.once('connect', () => resolve());
      live.once('connect_error', reject);
    });

    // The burst: every code, as fast as the scanner can send, with a repeat of each
    // (rejected as already_inside) to keep the journal busy. The kill lands when the
    // tenth gate opening has been seen, while reads are still arriving.
    let sent = 0;
    let killed = false;
    const burst = (async () => {
      for (const { code } of codes) {
        if (killed) break;
        scanner.write(`${code}\r\n${code}\r\n`);
        sent++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await eventually(() => (countOn(relay.received()) >= 10 ? true : undefined), 'ten gate openings', 2000);
    killed = true;
    edge!.child.kill('SIGKILL');
    expect(await edge!.exited()).toBeNull();
    await burst;
    live.close();
    const opened = countOn(relay.received());
    expect(sent).toBeGreaterThan(0);

    // What survived on disk, read before anything could rewrite it.
    const db = openEdgeDatabase(dataDir);
    const journalled = new Set(new EdgeStore(db.db).admissions().map((a) => a.ticketId));
    db.close();
    for (const ticketId of announced) expect(journalled.has(ticketId)).toBe(true);
    expect(journalled.size).toBeGreaterThanOrEqual(opened);
    expect(journalled.size).toBeGreaterThanOrEqual(announced.size);

    // And the restarted gate knows who is inside.
    const again = await start();
    const status = (await (await fetch(`${again}/api/v1/status`)).json()) as EdgeStatus;
    const event = status.events.find((e) => e.id === setup.eventId)!;
    expect(event.inside).toBeGreaterThanOrEqual(journalled.size);
  });
});
