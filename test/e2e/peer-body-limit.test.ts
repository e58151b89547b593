import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeStatus } from '../../src/edge/http.ts';
import {
  PEER_AUTH_HEADER,
  PEER_BODY_LIMIT_BYTES,
  PEER_CHALLENGE_HEADER,
  sha256Hex,
  signPeerRequest,
  verifyChallenge,
} from '../../src/sync/peer/messages.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

const secret = 'venue-secret-of-the-limit-tests';
const OFFERED = 450 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 0x7b);

interface Offer {
  status: number | null;
  /** Body bytes handed to the socket when the answer came. */
  sentAtAnswer: number;
  /** Body bytes handed to the socket when the edge cut the connection (the client never stops by itself). */
  sentAtCut: number;
  cut: boolean;
}

/**
 * Streams `OFFERED` bytes at an edge as an attacker would, never holding them (one 1 MiB
 * buffer sent again and again), declared with Content-Length or chunked, and keeps
 * sending after the answer: a raw socket, so the answer is read whatever the writes do.
 */
function offer(
  port: number,
  options: { path: string; method: string; headers?: Record<string, string>; chunked: boolean },
): Promise<Offer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let sent = 0;
    let received = '';
    let status: number | null = null;
    let sentAtAnswer = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ status, sentAtAnswer, sentAtCut: sent, cut: sent < OFFERED });
    };
    socket.on('data', (d) => {
      if (status !== null) return;
      received += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (m) {
        status = Number(m[1]);
        sentAtAnswer = sent;
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const head = [
      `${options.method} ${options.path} HTTP/1.1`,
      'host: 127.0.0.1',
      'content-type: application/json',
      ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      options.chunked ? 'transfer-encoding: chunked' : `content-length: ${OFFERED}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const pump = () => {
      while (!done && sent < OFFERED) {
        sent += CHUNK.length;
        let flowing: boolean;
        if (options.chunked) {
          socket.write(`${CHUNK.length.toString(16)}\r\n`);
          socket.write(CHUNK);
          flowing = socket.write('\r\n');
        } else flowing = socket.write(CHUNK);
        if (!flowing) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!done && options.chunked) socket.write('0\r\n\r\n');
    };
    pump();
  });
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

describe('peer routes of a running edge under oversized bodies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-peer-limit-'));
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  const ports: number[] = [];
  const edges: CliProcess[] = [];
  let targetNodeId: string;

  const status = async (i: number) =>
    (await (await fetch(`http://127.0.0.1:${ports[i]}/api/v1/status`)).json()) as EdgeStatus;

  /** A peer that knows the venue secret: learns the edge's session from a signed challenge, then signs as `nodeId`. */
  const signedHeaders = async (path: string, method: string, bodySha256: string, counter: number) => {
    const nodeId = 'limit-tester';
    const probe = await fetch(`http://127.0.0.1:${ports[0]}/peer/v1/journal?after=0`, {
      headers: {
        [PEER_AUTH_HEADER]: signPeerRequest(
          secret,
          { nodeId, session: '-', counter: 1, bodySha256: sha256Hex('') },
          'GET',
          '/peer/v1/journal?after=0',
        ),
      },
    });
    const challenge = verifyChallenge(secret, nodeId, probe.headers.get(PEER_CHALLENGE_HEADER));
    expect(challenge, 'the edge answers a stale session with a signed challenge').not.toBeNull();
    return {
      [PEER_AUTH_HEADER]: signPeerRequest(
        secret,
        { nodeId, session: challenge!.session, counter, bodySha256 },
        method,
        path,
      ),
    };
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 1));
    const second = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const tokens = [setup.node.token, second.token];
    targetNodeId = setup.node.id;
    for (let i = 0; i < 2; i++) ports.push(await freePort());
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
          peers: [`http://127.0.0.1:${ports[1 - i]}`],
          peerSecret: secret,
          peerPullIntervalMs: 60_000,
          handhelds: [{ id: 'hh', key: 'handheld-key-for-limit-tests' }],
          lanes: [{ id: 'in', direction: 'entry' }],
        }),
      );
      edges.push(runCli(['edge', '--config', file]));
    }
    for (const e of edges) await e.waitFor(/TixMo edge listening on/);
    for (let i = 0; i < 2; i++)
      await eventually(async () => ((await status(i)).manifest.tickets > 0 ? true : undefined), 'synced');
  });

  afterAll(async () => {
    for (const e of edges) await e.kill();
    await cloud?.close();
  });

  it('answers 401 or 413 before the body is in, cuts the stream, and its memory stays bounded', async () => {
    const pid = edges[0]!.child.pid!;
    const before = rssBytes(pid);
    const bodySha256 = sha256Hex('{"nodeId":"limit-tester","rows":[]}');
    const [authLength, authChunked] = [
      await signedHeaders('/peer/v1/push', 'POST', bodySha256, 10),
      await signedHeaders('/peer/v1/push', 'POST', bodySha256, 11),
    ];
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid));
    }, 20);
    const results = await Promise.all([
      offer(ports[0]!, { path: '/peer/v1/push', method: 'POST', chunked: false }),
      offer(ports[0]!, { path: '/peer/v1/push', method: 'POST', chunked: true }),
      offer(ports[0]!, { path: '/peer/v1/journal?after=0', method: 'GET', chunked: true }),
      offer(ports[0]!, { path: '/peer/v1/push', method: 'POST', headers: authLength, chunked: false }),
      offer(ports[0]!, { path: '/peer/v1/push', method: 'POST', headers: authChunked, chunked: true }),
    ]);
    clearInterval(sampler);
    peak = Math.max(peak, rssBytes(pid));
    expect(
      results.map((r) => r.status),
      JSON.stringify(results),
    ).toEqual([401, 401, 401, 413, 413]);
    for (const r of results) {
      // Answered long before the body was in, and the edge cut the stream the client kept sending.
      expect(r.sentAtAnswer).toBeLessThan(OFFERED / 4);
      expect(r.cut).toBe(true);
    }
    const growth = peak - before;
    console.log(
      `peer body limit: ${results.length} × ${mib(OFFERED)} MiB offered; edge RSS ${mib(before)} → peak ${mib(peak)} MiB; sent before the answer / the cut: ${results.map((r) => `${mib(r.sentAtAnswer)}/${mib(r.sentAtCut)} MiB`).join(', ')}`,
    );
    // Without the limit the edge held every body (the issue measured 117 MB → 2.85 GB).
    expect(growth).toBeLessThan(96 * 1024 * 1024);
    expect(PEER_BODY_LIMIT_BYTES).toBeLessThan(8 * 1024 * 1024);
    // And it still works.
    expect((await fetch(`http://127.0.0.1:${ports[0]}/api/v1/status`)).status).toBe(200);
  });

  it('a genuine peer still gossips with it afterwards', async () => {
    const scan = await fetch(`http://127.0.0.1:${ports[1]}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: 'Bearer handheld-key-for-limit-tests', 'content-type': 'application/json' },
      body: JSON.stringify({ laneId: 'in', code: codes[0]!.code }),
    });
    expect(((await scan.json()) as { reason: string }).reason).toBe('ok');
    await eventually(
      async () => ((await status(0)).events[0]?.inside === 1 ? true : undefined),
      'the admission reached the attacked edge by push',
    );
    const peer = (await status(1)).peers![0]!;
    expect(peer).toMatchObject({ nodeId: targetNodeId, reachable: true });
  });
});
