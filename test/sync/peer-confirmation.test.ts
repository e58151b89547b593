import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { newId } from '../../src/shared/ids.ts';
import { createLogger } from '../../src/shared/logger.ts';
import {
  PEER_AUTH_HEADER,
  PEER_CHALLENGE_HEADER,
  PEER_REPLY_HEADER,
  type PeerRequestAuth,
  sha256Hex,
  signPeerRequest,
  signReply,
  verifyChallenge,
  verifyPeerRequest,
} from '../../src/sync/peer/messages.ts';
import type { UploadedScan } from '../../src/sync/protocol.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const secret = 'venue-secret-for-confirmation-tests';
const peerId = 'peer-gate-b';
const life = newId();

/**
 * Hard anti-passback counts a peer as confirmed only while this node holds the peer's
 * rows gap-free up to the seq the peer announced. The peer here is a small HTTP server
 * speaking the gossip protocol, so the test decides what it serves and when.
 */
describe('hard anti-passback: a peer is confirmed only once caught up', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  let edge: RunningEdge;
  let peer: Server;
  /** The peer's journal; its pull answers wait while `held` is set. */
  const journal: UploadedScan[] = [];
  let held = false;
  const pulls: number[] = [];
  /** The edge's clock. */
  let clockMs = Date.now();

  const row = (seq: number, ticket: number): UploadedScan => ({
    seq,
    incarnation: life,
    ticketId: codes[ticket]!.id,
    eventId: setup.eventId,
    laneId: 'b-1',
    direction: 'entry',
    decision: 'admit',
    reason: 'ok',
    hlc: encodeHlc({ ms: Date.now(), counter: seq, node: peerId }),
    at: new Date().toISOString(),
  });

  // Peers sign each request for the receiver's session (learnt from its challenge) with a
  // rising counter; see src/sync/peer/messages.ts.
  let session = '-';
  let counter = 1;
  const signedFetch = async (path: string, method: string, body: string) => {
    const send = () => {
      const auth: PeerRequestAuth = {
        nodeId: peerId,
        session,
        counter: counter++,
        bodySha256: sha256Hex(body),
      };
      return fetch(`${edge.url}${path}`, {
        method,
        body: method === 'GET' ? undefined : body,
        headers: {
          'content-type': 'application/json',
          [PEER_AUTH_HEADER]: signPeerRequest(secret, auth, method, path),
        },
      });
    };
    let res = await send();
    if (res.status === 401 && res.headers.get(PEER_CHALLENGE_HEADER)) {
      const challenge = verifyChallenge(secret, peerId, res.headers.get(PEER_CHALLENGE_HEADER));
      expect(challenge).not.toBeNull();
      session = challenge!.session;
      res = await send();
    }
    return res;
  };

  const push = async (rows: UploadedScan[]) => {
    const body = JSON.stringify({ nodeId: peerId, rows });
    const res = await signedFetch('/peer/v1/push', 'POST', body);
    expect(res.status).toBe(200);
    return (await res.json()) as { stored: number };
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 6));
    peer = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://peer');
      const after = Number(url.searchParams.get('after') ?? 0);
      pulls.push(after);
      while (held) await new Promise((r) => setTimeout(r, 20));
      const rows = journal.filter((r) => r.seq > after);
      // Answer like a real peer: its reply is signed for the request it answers (any session is fine here).
      const auth = verifyPeerRequest(
        secret,
        req.headers[PEER_AUTH_HEADER] as string | undefined,
        'GET',
        req.url ?? '/',
      );
      if ('refused' in auth) {
        res.writeHead(401).end();
        return;
      }
      const body = JSON.stringify({ nodeId: peerId, incarnation: life, rows, lastSeq: journal.length });
      res.writeHead(200, {
        'content-type': 'application/json',
        [PEER_REPLY_HEADER]: signReply(secret, auth, 200, body),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const address = peer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(clockMs),
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-confirm-')),
        port: 0,
        host: '127.0.0.1',
        peers: [`http://127.0.0.1:${port}`],
        peerSecret: secret,
        // Slow on purpose: a pull that comes quickly was asked for by a gap.
        peerPullIntervalMs: 60_000,
        antiPassback: { mode: 'hard', unconfirmedAfterSeconds: 300 },
        lanes: [{ id: 'in', direction: 'entry' }],
      }),
    });
    await edge.syncNow();
    await eventually(
      () => (edge.status().antiPassback?.unconfirmed === false ? true : undefined),
      'confirmed',
    );
  });

  afterAll(async () => {
    held = false;
    await edge?.close();
    peer?.closeAllConnections();
    await new Promise((r) => peer?.close(r));
    await cloud?.close();
  });

  it('keeps a push that arrives after a gap, pulls the gap at once, and confirms only when it is filled', async () => {
    journal.push(row(1, 0), row(2, 1));
    held = true;
    const pullsBefore = pulls.length;
    // Seq 2 arrives first (its push overtook seq 1's).
    expect(await push([journal[1]!])).toEqual({ stored: 1 });
    await eventually(() => (pulls.length > pullsBefore ? true : undefined), 'the gap made the node pull');
    const behind = edge.status();
    expect(behind.antiPassback).toEqual({ mode: 'hard', unconfirmed: true });
    expect(behind.peers![0]).toMatchObject({ nodeId: peerId, reachable: true, confirmed: false, behind: 2 });
    // The out-of-order row counts at once; anything else waits until the peer is caught up.
    expect((await edge.scan('in', codes[1]!.code))!.row.reason).toBe('already_inside');
    expect((await edge.scan('in', codes[2]!.code))!.row.reason).toBe('unconfirmed');

    held = false;
    await eventually(
      () => (edge.status().antiPassback?.unconfirmed === false ? true : undefined),
      'confirmed once the gap is filled',
    );
    expect(edge.status().peers![0]).toMatchObject({ confirmed: true, behind: 0 });
    expect(edge.status().events[0]).toMatchObject({ entries: 2, inside: 2 });
    expect((await edge.scan('in', codes[0]!.code))!.row.reason).toBe('already_inside');
    expect((await edge.scan('in', codes[2]!.code))!.row.reason).toBe('ok');
  });

  it('does not take a push as contact: a peer heard only through pushes is not confirmed', async () => {
    await eventually(
      () => (edge.status().antiPassback?.unconfirmed === false ? true : undefined),
      'confirmed',
    );
    // The last pull is now older than the window: pushes may have waited in a socket that long.
    clockMs += 301_000;
    expect(edge.status().antiPassback?.unconfirmed).toBe(true);
    const next = journal.length + 1;
    journal.push(row(next, 3), row(next + 1, 4), row(next + 2, 5));
    expect(await push([journal[next - 1]!])).toEqual({ stored: 1 });
    expect(edge.status().peers![0]).toMatchObject({ reachable: false, confirmed: false, behind: 0 });
    expect((await edge.scan('in', codes[4]!.code))!.row.reason).toBe('unconfirmed');
    // A push after a gap makes the node pull; the pull's answer is fresh contact.
    expect(await push([journal[next + 1]!])).toEqual({ stored: 1 });
    await eventually(() => (edge.status().antiPassback?.unconfirmed === false ? true : undefined), 'pulled');
    expect((await edge.scan('in', codes[4]!.code))!.row.reason).toBe('already_inside');
  });
});
