import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { PeerClient } from '../../src/sync/peer/client.ts';
import {
  PEER_AUTH_HEADER,
  PEER_CHALLENGE_HEADER,
  PEER_REPLAY_WINDOW,
  PEER_REPLY_HEADER,
  type PeerRequestAuth,
  sha256Hex,
  signPeerRequest,
  verifyChallenge,
  verifyReply,
} from '../../src/sync/peer/messages.ts';
import { freePort } from '../helpers/ports.ts';

const secret = 'venue-secret-for-peer-auth-tests';
const nodeId = 'peer-x';

/**
 * The gossip endpoints of a running edge, spoken to as a peer that knows the venue
 * secret (and as a LAN device that replays what it captured): no wall-clock time is
 * signed, and every captured request is refused the second time.
 */
describe('peer request authentication', () => {
  let edge: RunningEdge;
  let port: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-peer-auth-'));
  const boot = async () => {
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        // No cloud: the gossip endpoints do not need one.
        cloudUrl: `http://127.0.0.1:${await freePort()}`,
        nodeToken: 'node-under-test.token',
        dataDir,
        port,
        host: '127.0.0.1',
        peerSecret: secret,
        lanes: [{ id: 'in', direction: 'entry' }],
      }),
    });
  };

  /** One request on a connection of its own (a pooled one would outlive the edge's restart). */
  const send = (path: string, header: string, init: { method?: string; body?: string } = {}) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: init.method ?? 'GET',
          agent: false,
          headers: {
            [PEER_AUTH_HEADER]: header,
            ...(init.body ? { 'content-type': 'application/json' } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  const signed = (session: string, counter: number, path: string, method = 'GET', body = '') => {
    const auth: PeerRequestAuth = { nodeId, session, counter, bodySha256: sha256Hex(body) };
    return { auth, header: signPeerRequest(secret, auth, method, path) };
  };
  const learnSession = async () => {
    const res = await send('/peer/v1/journal?after=0', signed('-', 1, '/peer/v1/journal?after=0').header);
    expect(res.status).toBe(401);
    const challenge = verifyChallenge(secret, nodeId, res.headers.get(PEER_CHALLENGE_HEADER));
    expect(challenge).not.toBeNull();
    return challenge!.session;
  };
  const message = async (res: Response) =>
    ((await res.json()) as { error: { message: string } }).error.message;

  beforeAll(async () => {
    port = await freePort();
    await boot();
  });

  afterAll(async () => {
    await edge?.close();
  });

  it('accepts a signed request once, answers with a signed reply, and refuses its replay', async () => {
    const session = await learnSession();
    const path = '/peer/v1/journal?after=0';
    const { auth, header } = signed(session, 100, path);
    const first = await send(path, header);
    expect(first.status).toBe(200);
    const body = await first.text();
    expect(verifyReply(secret, auth, 200, body, first.headers.get(PEER_REPLY_HEADER))).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ nodeId: 'node-under-test', rows: [] });

    const replay = await send(path, header);
    expect(replay.status).toBe(401);
    expect(await message(replay)).toMatch(/replayed request/);
    // A request that was overtaken by a later one still counts, once.
    expect((await send(path, signed(session, 99, path).header)).status).toBe(200);
    expect((await send(path, signed(session, 99, path).header)).status).toBe(401);
    // Far below the highest counter seen: too old to tell from a replay.
    expect((await send(path, signed(session, 100 + PEER_REPLAY_WINDOW + 5, path).header)).status).toBe(200);
    expect((await send(path, signed(session, 98, path).header)).status).toBe(401);
  });

  it('refuses a tampered path or body, a forged signature and the old time-window header', async () => {
    const session = await learnSession();
    const path = '/peer/v1/journal?after=0';
    const other = await send('/peer/v1/journal?after=5', signed(session, 20_000, path).header);
    expect(other.status).toBe(401);
    expect(await message(other)).toMatch(/bad signature/);

    const pushed = JSON.stringify({ nodeId, rows: [] });
    const { header } = signed(session, 20_001, '/peer/v1/push', 'POST', pushed);
    const swapped = await send('/peer/v1/push', header, {
      method: 'POST',
      body: JSON.stringify({ nodeId, rows: [], x: 1 }),
    });
    expect(swapped.status).toBe(401);
    expect(await message(swapped)).toMatch(/body does not match/);

    const forged = signPeerRequest(
      'not-the-venue-secret',
      { nodeId, session, counter: 20_002, bodySha256: sha256Hex('') },
      'GET',
      path,
    );
    expect((await send(path, forged)).status).toBe(401);
    const old = await send(path, `${nodeId}.${Date.now()}.${'0'.repeat(64)}`);
    expect(old.status).toBe(401);
    expect(await message(old)).toMatch(/older TixMo/);
  });

  it('refuses after its restart a request signed for its previous session', async () => {
    const session = await learnSession();
    const path = '/peer/v1/journal?after=0';
    const captured = signed(session, 50_000, path).header;
    await edge.close();
    await boot();
    const res = await send(path, captured);
    expect(res.status).toBe(401);
    expect(await message(res)).toMatch(/stale session/);
    expect(verifyChallenge(secret, nodeId, res.headers.get(PEER_CHALLENGE_HEADER))?.session).not.toBe(
      session,
    );
  });

  it('a peer client handshakes by itself, and rejects answers not signed with the venue secret', async () => {
    // This node's counters from an earlier life are far above where a new client starts.
    const session = await learnSession();
    const path = '/peer/v1/journal?after=0';
    expect((await send(path, signed(session, 1_000_000, path).header)).status).toBe(200);
    const client = new PeerClient(`http://127.0.0.1:${port}`, nodeId, secret, () => 0);
    expect(await client.journal(0, 10)).toMatchObject({ nodeId: 'node-under-test' });
    // A device on the LAN answering in the peer's place, with rows it made up.
    const impostor: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ nodeId: 'node-under-test', rows: [], lastSeq: 0 }));
    });
    const impostorPort = await freePort();
    await new Promise<void>((resolve) => impostor.listen(impostorPort, '127.0.0.1', resolve));
    try {
      const fooled = new PeerClient(`http://127.0.0.1:${impostorPort}`, nodeId, secret, () => 0);
      await expect(fooled.journal(0, 10)).rejects.toThrow(/not signed with the venue secret/);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
