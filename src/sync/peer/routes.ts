import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeZodError } from '../../shared/errors.ts';
import type { Gossip } from './gossip.ts';
import {
  PEER_AUTH_HEADER,
  PEER_BODY_LIMIT_BYTES,
  PEER_CHALLENGE_HEADER,
  PEER_REPLY_HEADER,
  type PeerRequestAuth,
  peerJournalQuerySchema,
  peerPushSchema,
  ReplayGuard,
  readCapped,
  sha256Hex,
  signChallenge,
  signReply,
  verifyPeerRequest,
} from './messages.ts';

const EMPTY_BODY_SHA256 = sha256Hex('');
/** How long a refused client's upload is still read (and dropped) so it can read the answer before the cut. */
const LINGER_MS = 500;

/** The node request behind a fetch Request (as @hono/node-server passes it), to cut a refused upload. */
export interface PeerConnection {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/**
 * Ends a connection whose body was refused unread: once the answer is out, half-close,
 * drop whatever is still arriving for LINGER_MS (closing at once would reset the
 * connection before the client read the answer), then cut it.
 */
function cutAfterAnswer(conn: PeerConnection | undefined): void {
  if (!conn) return;
  const { incoming, outgoing } = conn;
  outgoing.once('finish', () => {
    const socket = incoming.socket;
    if (socket.destroyed) return;
    socket.end();
    incoming.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/**
 * The gossip endpoints an edge serves to its peers: POST /peer/v1/push and GET
 * /peer/v1/journal. Every request is authenticated from its header before its body is
 * read (a LAN device without the venue secret gets a 401 and a closed connection, never
 * a buffered body), and a body is read only up to `bodyLimitBytes` (413 beyond, the
 * stream cut) and must then hash to what the header signed.
 */
export function createPeerApp(deps: { gossip: Gossip; secret: string; bodyLimitBytes?: number }) {
  const limit = deps.bodyLimitBytes ?? PEER_BODY_LIMIT_BYTES;
  // A new nonce per start: requests captured before this start are refused (stale session).
  const session = randomBytes(16).toString('hex');
  const guard = new ReplayGuard();

  const fail = (status: 400 | 401 | 404 | 413, code: string, message: string, challengeFor?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (challengeFor)
      headers[PEER_CHALLENGE_HEADER] = signChallenge(
        deps.secret,
        challengeFor,
        session,
        guard.highest(challengeFor),
      );
    return new Response(JSON.stringify({ error: { code, message, requestId: '' } }), { status, headers });
  };
  const reply = (auth: PeerRequestAuth, value: unknown) => {
    const body = JSON.stringify(value);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'application/json',
        [PEER_REPLY_HEADER]: signReply(deps.secret, auth, 200, body),
      },
    });
  };
  /** The request's auth, or its refusal; `signed` when only the session or the counter was wrong. */
  const authenticate = (
    req: Request,
    url: URL,
  ): { auth: PeerRequestAuth } | { refusal: Response; signed: boolean } => {
    const auth = verifyPeerRequest(
      deps.secret,
      req.headers.get(PEER_AUTH_HEADER) ?? undefined,
      req.method,
      url.pathname + url.search,
    );
    const refuse = (why: string, signed: boolean, nodeId?: string) => ({
      refusal: fail(401, 'UNAUTHORIZED', `peer refused: ${why}`, nodeId),
      signed,
    });
    if ('refused' in auth) return refuse(auth.refused, false, auth.nodeId);
    if (auth.session !== session) return refuse('stale session (this node restarted)', true, auth.nodeId);
    if (!guard.accept(auth.nodeId, auth.counter)) return refuse('replayed request', true, auth.nodeId);
    return { auth };
  };
  const declaredTooLarge = (req: Request, max: number) => {
    const length = Number(req.headers.get('content-length') ?? 0);
    return !Number.isFinite(length) || length > max || (max === 0 && req.headers.has('transfer-encoding'));
  };

  const push = async (req: Request, url: URL, read: { done: boolean }): Promise<Response> => {
    const checked = authenticate(req, url);
    const tooLarge = () => fail(413, 'PAYLOAD_TOO_LARGE', `body: larger than ${limit} bytes`);
    if ('refusal' in checked) {
      // A genuine peer that only needs the new session or counter: take its (small) body
      // off the connection, so its retry can use it. Anyone else's is never read.
      if (checked.signed && !declaredTooLarge(req, limit))
        read.done = (await readCapped(req.body, limit).catch(() => null)) !== null;
      return checked.refusal;
    }
    const { auth } = checked;
    if (declaredTooLarge(req, limit)) return tooLarge();
    const bytes = await readCapped(req.body, limit);
    if (!bytes) return tooLarge();
    read.done = true;
    if (sha256Hex(bytes) !== auth.bodySha256)
      return fail(401, 'UNAUTHORIZED', 'peer refused: the body does not match its signature');
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return fail(400, 'BAD_REQUEST', 'body: not JSON');
    }
    const parsed = peerPushSchema.safeParse(raw);
    if (!parsed.success) return fail(400, 'BAD_REQUEST', describeZodError(parsed.error));
    if (parsed.data.nodeId !== auth.nodeId)
      return fail(400, 'BAD_REQUEST', 'nodeId: does not match the signing node');
    return reply(auth, deps.gossip.receive(auth.nodeId, parsed.data.rows));
  };

  const journal = (req: Request, url: URL): Response => {
    const checked = authenticate(req, url);
    if ('refusal' in checked) return checked.refusal;
    const { auth } = checked;
    if (declaredTooLarge(req, 0) || auth.bodySha256 !== EMPTY_BODY_SHA256)
      return fail(413, 'PAYLOAD_TOO_LARGE', 'body: a journal request has none');
    const query = peerJournalQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return fail(400, 'BAD_REQUEST', describeZodError(query.error));
    return reply(auth, deps.gossip.journal(query.data.after, query.data.limit));
  };

  return {
    async fetch(req: Request, conn?: PeerConnection): Promise<Response> {
      const url = new URL(req.url);
      const read = { done: false };
      const res =
        url.pathname === '/peer/v1/push' && req.method === 'POST'
          ? await push(req, url, read)
          : url.pathname === '/peer/v1/journal' && req.method === 'GET'
            ? journal(req, url)
            : fail(404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`);
      // A refusal with a body left unread ends the connection: the rest is never read.
      const hasBody =
        Number(req.headers.get('content-length') ?? 0) > 0 || req.headers.has('transfer-encoding');
      if (res.status !== 200 && hasBody && !read.done) cutAfterAnswer(conn);
      return res;
    },
  };
}
