import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');
const chromiumBinary = requireBinary('chromium', 'chromium');

/** A gate as a separate process with one serial scanner on a pty, talking to the test's cloud. */
class Gate {
  proc?: CliProcess;
  url = '';
  private constructor(
    readonly pty: PtyPair,
    readonly configFile: string,
    private readonly config: Record<string, unknown>,
  ) {}

  static async open(dir: string, cloudUrl: string, token: string): Promise<Gate> {
    const pty = await openPtyPair();
    const config = {
      cloudUrl,
      nodeToken: token,
      dataDir: join(dir, 'edge'),
      port: await freePort(),
      host: '127.0.0.1',
      pullIntervalMs: 500,
      uploadIntervalMs: 200,
      heartbeatIntervalMs: 300,
      lanes: [{ id: 'north-1', direction: 'entry', scanners: [{ type: 'serial', path: pty.devicePath }] }],
    };
    const gate = new Gate(pty, join(dir, 'edge.json'), config);
    await gate.start(token);
    return gate;
  }

  async start(token: string): Promise<void> {
    writeFileSync(this.configFile, JSON.stringify({ ...this.config, nodeToken: token }));
    this.proc = runCli(['edge', '--config', this.configFile]);
    this.url = (await this.proc.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
  }

  async status(): Promise<EdgeStatus> {
    return (await (await fetch(`${this.url}/api/v1/status`)).json()) as EdgeStatus;
  }

  until(what: string, test: (s: EdgeStatus) => boolean): Promise<EdgeStatus> {
    return eventually(async () => {
      const s = await this.status();
      return test(s) ? s : undefined;
    }, what);
  }

  async scan(code: string, journalled: number): Promise<EdgeStatus> {
    await this.pty.write(`${code}\r\n`);
    return this.until(`scan ${journalled} journalled`, (s) => s.upload.lastSeq === journalled);
  }

  async close(): Promise<void> {
    await this.proc?.kill();
    await this.pty.close();
  }
}

describe.skipIf(!socat.available || !chromiumBinary.available)(
  'a gate whose node token is rotated or revoked (edge as a process)',
  () => {
    let cloud: TestCloud;
    const gates: Gate[] = [];

    beforeAll(async () => {
      cloud = await startTestCloud({ engine: postgresAvailable() ? 'postgres' : 'pglite' });
    });
    afterAll(async () => {
      for (const g of gates) await g.close();
      await cloud?.close();
    });

    async function gateFor(setup: PromoterSetup, tickets: number) {
      const { tickets: codes } = await buyTickets(cloud.api, setup, tickets);
      const gate = await Gate.open(mkdtempSync(join(tmpdir(), 'tixmo-node-')), cloud.url, setup.node.token);
      gates.push(gate);
      await gate.until('manifest pulled', (s) => s.manifest.tickets === tickets);
      return { gate, codes };
    }

    const attendance = async (setup: PromoterSetup) =>
      (await setup.promoter.api.get(`/events/${setup.eventId}/attendance`)).entries as number;

    it('rotation: the old token is refused at once, the gate keeps deciding; with the new token it uploads what it kept', async () => {
      const setup = await setupEvent(cloud.api);
      const { gate, codes } = await gateFor(setup, 2);
      await gate.scan(codes[0]!.code, 1);
      await gate.until('first scan uploaded', (s) => s.upload.ackedSeq === 1);

      const { token } = await setup.promoter.api.post(`/edge-nodes/${setup.node.id}/rotate-token`);
      const refused = await gate.until('the cloud refusal shows', (s) => Boolean(s.cloudRefused));
      expect(refused.cloudRefused!.reason).toMatch(/invalid edge node token/);

      const offline = await gate.scan(codes[1]!.code, 2);
      expect(offline.lanes[0]!.entries).toBe(2);
      expect(offline.upload.pending).toBe(1);
      expect(await attendance(setup)).toBe(1);

      await gate.proc!.kill();
      await gate.start(token);
      const back = await gate.until('accepted again, backlog uploaded', (s) => s.upload.pending === 0);
      expect(back.cloudRefused).toBeNull();
      expect(await attendance(setup)).toBe(2);
    });

    it('revocation: refused on every route, the gate keeps deciding and says so on its screen; sync status says revoked', async () => {
      const setup = await setupEvent(cloud.api);
      const { gate, codes } = await gateFor(setup, 2);
      await gate.scan(codes[0]!.code, 1);
      await gate.until('first scan uploaded', (s) => s.upload.ackedSeq === 1);

      const revoked = await fetch(`${cloud.url}/api/v1/edge-nodes/${setup.node.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${setup.promoter.accessToken}` },
      });
      expect(revoked.status).toBe(204);
      const refused = await gate.until('the cloud refusal shows', (s) => Boolean(s.cloudRefused));
      expect(refused.cloudRefused!.reason).toMatch(/^this edge node was revoked at /);

      // Offline decisions go on: a new person in, the first one again refused as already inside.
      expect((await gate.scan(codes[1]!.code, 2)).lanes[0]!.entries).toBe(2);
      const again = await gate.scan(codes[0]!.code, 3);
      expect(again.lanes[0]!.entries).toBe(2);
      expect(again.upload.pending).toBe(2);
      expect(await attendance(setup)).toBe(1);

      const status = runCli(['sync', 'status', '--venue', setup.venueId], {
        TIXMO_CLOUD_URL: cloud.url,
        TIXMO_TOKEN: setup.promoter.accessToken,
      });
      expect(await status.exited()).toBe(0);
      expect(status.stdout()).toMatch(/^Gate A\s+\S+\s.*\srevoked$/m);

      const browser = await chromium.launch({
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
      try {
        const page = await browser.newPage();
        await page.goto(`${gate.url}/`);
        const line = page.locator('#cloud-refused');
        await line.waitFor();
        expect(await line.textContent()).toMatch(
          /^Cloud refused this gate since .+: this edge node was revoked at .+ — the gate keeps deciding from its manifest and keeps every scan$/,
        );
      } finally {
        await browser.close();
      }
    });
  },
);
