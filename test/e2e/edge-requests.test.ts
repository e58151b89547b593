import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handEvent } from '../helpers/manifest.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, runCli } from '../helpers/processes.ts';

const HANDHELD_KEY = 'handheld-key-0123456789abcdef';
const STAFF_TOKEN = 'staff-token-0123456789abcdef';
const PIN = '4711';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request from a chosen local address (the whole of 127/8 is this machine). */
function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; from?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        localAddress: options.from,
        agent: false, // a fresh connection each time: never one the edge is about to cut
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += String(d);
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/**
 * A body that never ends: 1 MiB chunks as fast as the socket takes them, until the edge
 * answers or drops the connection (or `maxBytes` went out). Resolves with the status seen.
 */
function endlessBody(
  url: string,
  options: { method: string; headers?: Record<string, string>; maxBytes: number },
): Promise<{ status: number | null; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent });
    };
    const req = request(url, {
      method: options.method,
      agent: false,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...options.headers },
    });
    req.on('response', (res) => {
      status = res.statusCode!;
      res.resume();
      res.on('end', finish);
    });
    req.on('error', finish);
    req.on('close', finish);
    const chunk = Buffer.alloc(1024 * 1024, 0x20); // JSON whitespace: parseable to the very end
    req.write('{"laneId": "north-1", "note": "x", "code": "');
    const pump = () => {
      while (!done && sent < options.maxBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end('"}');
    };
    pump();
  });
}

/** Peak resident memory of a process so far (kB), from the kernel. */
function peakRssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return Number(line![1]);
}

describe('an edge that never synced, oversized requests and PIN guessing, against a real edge process', () => {
  let edge: CliProcess;
  let url: string;
  let code: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-requests-'));
    const ev = await handEvent('ev-first-boot');
    code = await ev.sign({ id: 'ticket-1', tierId: 'ev-first-boot-ga' });
    const configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl: `http://127.0.0.1:${await freePort()}`, // the cloud is unreachable: first boot offline
        nodeToken: 'node-first.0123456789abcdef',
        dataDir: join(dir, 'edge'),
        port: await freePort(),
        host: '127.0.0.1',
        handhelds: [{ id: 'hh-1', key: HANDHELD_KEY }],
        staff: { token: STAFF_TOKEN, pin: PIN },
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    );
    edge = runCli(['edge', '--config', configFile]);
    url = (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
  });
  afterAll(async () => {
    await edge?.kill('SIGKILL');
  });

  it('first boot with the cloud unreachable: a valid ticket is rejected no_manifest, not wrong_event', async () => {
    const res = await call(`${url}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HANDHELD_KEY}` },
      body: { laneId: 'north-1', code },
    });
    expect(res).toMatchObject({ status: 200, body: { decision: 'reject', reason: 'no_manifest' } });
  });

  it('every route refuses an endless body with 413 while reading it; the process stays small', async () => {
    const pid = edge.child.pid!;
    await call(`${url}/api/v1/status`, {}); // warm: the routes' code is loaded
    const before = peakRssKb(pid);
    const maxBytes = 300 * 1024 * 1024;
    const results = await Promise.all([
      endlessBody(`${url}/api/v1/scans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${HANDHELD_KEY}` },
        maxBytes,
      }),
      endlessBody(`${url}/api/v1/staff/lanes/north-1/admit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STAFF_TOKEN}` },
        maxBytes,
      }),
      endlessBody(`${url}/api/v1/scans`, { method: 'POST', maxBytes }), // no key at all
      endlessBody(`${url}/api/v1/status`, { method: 'POST', maxBytes }),
      endlessBody(`${url}/`, { method: 'PUT', maxBytes }),
    ]);
    for (const r of results) {
      // Answered 413, or cut once the answer was sent and the rest kept coming (a reset can
      // overtake the answer on the wire); never read to the end.
      expect([413, null]).toContain(r.status);
      expect(r.sent).toBeLessThan(maxBytes);
    }
    // A declared length over the limit is refused before a byte of it is read.
    const declared = await call(`${url}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HANDHELD_KEY}`, 'content-length': String(500 * 1024 * 1024) },
    }).catch(() => ({ status: 413, body: {} }));
    expect(declared.status).toBe(413);
    const growthMb = (peakRssKb(pid) - before) / 1024;
    expect(growthMb).toBeLessThan(64);
    // A body just over the limit, sent whole: every route answers 413.
    for (const [method, path, auth] of [
      ['POST', '/api/v1/scans', HANDHELD_KEY],
      ['POST', '/api/v1/staff/lanes/north-1/admit', STAFF_TOKEN],
      ['POST', '/api/v1/status', ''],
      ['PUT', '/', ''],
    ] as const) {
      const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
      const body = { laneId: 'north-1', note: 'x'.repeat(80 * 1024), code: 'x' };
      const res = await call(`${url}${path}`, { method, headers, body });
      expect(res.status, `${method} ${path}`).toBe(413);
      expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    }
    // And the gate still answers.
    expect((await call(`${url}/api/v1/status`, {})).status).toBe(200);
  }, 120_000);

  it('wrong PINs lock only the device typing them; a global ceiling spares devices that used the PIN before', async () => {
    const staff = (from: string, pin: string) =>
      call(`${url}/api/v1/staff/tickets?ticketId=ticket-1`, { from, headers: { 'x-staff-pin': pin } });
    const tablet = '127.0.0.3';
    expect((await staff(tablet, PIN)).status).not.toBe(401); // the staff tablet, in use all evening

    for (let i = 0; i < 5; i++) expect((await staff('127.0.0.2', '0000')).status).toBe(401);
    expect(await staff('127.0.0.2', PIN)).toMatchObject({
      status: 429,
      body: { error: { code: 'RATE_LIMITED' } },
    });
    expect((await staff(tablet, PIN)).status).not.toBe(429);

    // Someone cycling addresses: past the ceiling only known devices (and the token) get in.
    for (let a = 10; a < 17; a++) for (let i = 0; i < 5; i++) await staff(`127.0.1.${a}`, '0000');
    expect((await staff('127.0.0.9', PIN)).status).toBe(429);
    expect((await staff(tablet, PIN)).status).not.toBe(429);
    const token = await call(`${url}/api/v1/staff/tickets?ticketId=ticket-1`, {
      from: '127.0.0.9',
      headers: { authorization: `Bearer ${STAFF_TOKEN}` },
    });
    expect(token.status).not.toBe(429);
  });
});
