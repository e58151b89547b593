import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { HONEYWELL_BAD, HONEYWELL_GOOD } from '../../src/devices/serial-scanner.ts';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { EdgeStore } from '../../src/edge/store.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../helpers/tmpfs.ts';

const socat = requireBinary('socat', 'socat');
const chromiumBinary = requireBinary('chromium', 'chromium');
const tmpfs = canMountTmpfs();
if (!tmpfs && process.env.CI) throw new Error('the full-disk test mounts a tmpfs: run it as root');
const HANDHELD_KEY = 'handheld-key-0123456789abcdef';
const RELAY_ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);

function count(bytes: Buffer, what: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(what); at !== -1; at = bytes.indexOf(what, at + what.length)) n++;
  return n;
}

describe.skipIf(!socat.available || !tmpfs || !chromiumBinary.available)(
  'a full disk under a running gate',
  () => {
    let cloud: TestCloud;
    let edge: CliProcess | undefined;
    let scanner: PtyPair;
    let relay: PtyPair;
    let disk: SmallDisk;
    let live: Socket | undefined;
    let browser: Browser | undefined;

    afterAll(async () => {
      live?.close();
      await browser?.close();
      await edge?.kill('SIGKILL');
      disk?.unmount();
      await cloud?.close();
      await scanner?.close();
      await relay?.close();
    });

    it('refuses every read with reason storage (bad beep, 503, gate shut), shows it, and recovers when space returns', async () => {
      cloud = await startTestCloud();
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 4);
      [scanner, relay] = await Promise.all([openPtyPair(), openPtyPair()]);
      disk = mountSmallDisk('4m');
      const dataDir = join(disk.dir, 'edge');
      const configFile = join(mkdtempSync(join(tmpdir(), 'tixmo-full-')), 'edge.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          cloudUrl: cloud.url,
          nodeToken: setup.node.token,
          dataDir,
          port: await freePort(),
          host: '127.0.0.1',
          uploadIntervalMs: 200,
          handhelds: [{ id: 'hh-1', key: HANDHELD_KEY }],
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
      const status = async () => (await (await fetch(`${url}/api/v1/status`)).json()) as EdgeStatus;
      await eventually(
        async () => ((await status()).manifest.tickets === 4 ? true : undefined),
        'manifest synced',
      );
      const handheld = async (code: string) => {
        const res = await fetch(`${url}/api/v1/scans`, {
          method: 'POST',
          headers: { authorization: `Bearer ${HANDHELD_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ laneId: 'north-1', code }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const refusals: { reason: string }[] = [];
      live = io(`${url}/live`, { transports: ['websocket'] });
      live.on('scan', (s: { reason: string }) => {
        if (s.reason === 'storage') refusals.push(s);
      });
      const beeps = (what: Buffer) => count(scanner.received(), what);
      browser = await chromium.launch({
        executablePath: chromiumBinary.path!,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const page = await browser.newPage();
      await page.goto(`${url}/`);
      const screen = (selector: string) => page.locator(selector).first().textContent({ timeout: 1000 });

      // Healthy: a good beep and one gate opening.
      scanner.write(`${tickets[0]!.code}\r\n`);
      await eventually(() => (beeps(HONEYWELL_GOOD) === 1 ? true : undefined), 'good beep');
      await eventually(() => (count(relay.received(), RELAY_ON) === 1 ? true : undefined), 'gate opened');

      disk.fill();
      // The scanner in host-acknowledge mode gets its answer: a bad beep, never silence.
      scanner.write(`${tickets[1]!.code}\r\n`);
      await eventually(() => (beeps(HONEYWELL_BAD) === 1 ? true : undefined), 'bad beep on a full disk');
      const refused = await handheld(tickets[2]!.code);
      expect(refused).toMatchObject({
        status: 503,
        body: { decision: 'reject', reason: 'storage', laneId: 'north-1', error: { code: 'UNAVAILABLE' } },
      });
      expect(String((refused.body.error as { message: string }).message)).toMatch(/disk full/);
      const failing = await status();
      expect(failing.storage).toMatchObject({ healthy: false, error: expect.stringMatching(/disk full/) });
      expect(failing.storage!.refused).toBeGreaterThanOrEqual(2);
      await eventually(() => (refusals.length >= 2 ? true : undefined), 'screens told of the refusals');
      expect(count(relay.received(), RELAY_ON)).toBe(1);
      // The wall screen says it in words: the journal is failing, the last scans were not recorded.
      await eventually(
        async () => ((await screen('#storage'))?.includes('Journal failing since') ? true : undefined),
        'screen shows the journal failing',
      );
      expect(await screen('#storage')).toMatch(/disk full/);
      expect(await screen('#scans li .why')).toMatch(/^Not recorded: the gate cannot write its journal/);

      // Space comes back: the gate decides again by itself.
      disk.free();
      await eventually(
        async () => ((await status()).storage?.healthy ? true : undefined),
        'journal healthy again',
      );
      await eventually(
        async () => ((await page.locator('#storage').count()) === 0 ? true : undefined),
        'screen clear',
      );
      scanner.write(`${tickets[1]!.code}\r\n`);
      await eventually(() => (beeps(HONEYWELL_GOOD) === 2 ? true : undefined), 'good beep after recovery');
      expect(await handheld(tickets[2]!.code)).toMatchObject({ status: 200, body: { decision: 'admit' } });
      await eventually(
        () => (count(relay.received(), RELAY_ON) === 3 ? true : undefined),
        'gates open again',
      );

      expect(await edge.kill('SIGTERM')).toBe(0);
      const db = openEdgeDatabase(dataDir);
      const admitted = new EdgeStore(db.db).admissions().map((r) => r.ticketId);
      db.close();
      expect(admitted.sort()).toEqual(
        tickets
          .slice(0, 3)
          .map((t) => t.id)
          .sort(),
      );
    }, 240_000); // a cloud, an edge process, two ptys and a tmpfs: slow on a busy machine
  },
);
