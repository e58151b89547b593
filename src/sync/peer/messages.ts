import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { incarnationSchema, uploadedScanSchema } from '../protocol.ts';

/**
 * Gossip between the edge nodes of one venue (docs/architecture.md §6, peers). Every node serves
 * its own journal to its peers and pushes each new row as it is written; nobody relays
 * another node's rows, so a row's origin is always the node that signed the request.
 * Rows are the journal rows the cloud gets (same schema), merged by (nodeId, seq).
 */
export const peerPushSchema = z.object({
  nodeId: z.string().min(1).max(64),
  rows: z.array(uploadedScanSchema).min(1).max(1000),
});
export type PeerPush = z.infer<typeof peerPushSchema>;

export const peerJournalQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const peerJournalSchema = z.object({
  nodeId: z.string().min(1).max(64),
  /** The serving node's current journal life, which `lastSeq` counts in (absent: pre-incarnation). */
  incarnation: incarnationSchema.optional(),
  rows: z.array(uploadedScanSchema),
  lastSeq: z.number().int().min(0),
});
export type PeerJournal = z.infer<typeof peerJournalSchema>;

export const PEER_AUTH_HEADER = 'x-tixmo-peer';
/** On a refusal: the receiver's session and the highest counter it holds for the sender, signed. */
export const PEER_CHALLENGE_HEADER = 'x-tixmo-peer-challenge';
/** On an answer: its MAC, bound to the request it answers. */
export const PEER_REPLY_HEADER = 'x-tixmo-peer-reply';
/**
 * Largest peer body, either way: a push or a journal page of 1000 rows whose every field
 * is at its schema maximum (a 500-character note in 3-byte UTF-8) is about 2.3 MiB.
 */
export const PEER_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/**
 * Requests may overtake each other (pushes go out concurrently on several connections),
 * so a counter up to this far below the highest one seen is still accepted — once.
 */
export const PEER_REPLAY_WINDOW = 4096;

export const sha256Hex = (body: string | Uint8Array) => createHash('sha256').update(body).digest('hex');
const hmac = (secret: string, ...parts: (string | number)[]) =>
  createHmac('sha256', secret).update(parts.join('\n')).digest('hex');
const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/**
 * What authenticates a peer request, all in one header so it is checked before a byte
 * of the body is read: the sender, the receiver's session nonce (changes at each start
 * of the receiver, so a request captured before a restart is dead), a counter the
 * sender never reuses (the receiver refuses one it has seen), and the SHA-256 of the
 * body (checked after a capped read). No wall-clock time: two gates whose clocks
 * disagree by any amount still accept each other.
 */
export interface PeerRequestAuth {
  nodeId: string;
  /** The receiver's session as the sender last learned it; '-' before it knows one. */
  session: string;
  counter: number;
  bodySha256: string;
}

/** `v2.<nodeId>.<session>.<counter>.<sha256(body)>.<HMAC(secret, all of it, method, path+query)>` */
export function signPeerRequest(
  secret: string,
  auth: PeerRequestAuth,
  method: string,
  pathAndQuery: string,
): string {
  const { nodeId, session, counter, bodySha256 } = auth;
  const mac = hmac(secret, 'tixmo-peer-request', nodeId, session, counter, method, pathAndQuery, bodySha256);
  return `v2.${nodeId}.${session}.${counter}.${bodySha256}.${mac}`;
}

const headerPattern =
  /^v2\.([A-Za-z0-9_-]{1,64})\.([0-9a-f]{32}|-)\.(\d{1,16})\.([0-9a-f]{64})\.([0-9a-f]{64})$/;

/** The authenticated request's fields, or why it is refused (the nodeId too once the header parses). */
export function verifyPeerRequest(
  secret: string,
  header: string | undefined,
  method: string,
  pathAndQuery: string,
): PeerRequestAuth | { refused: string; nodeId?: string } {
  if (header?.startsWith('v2.') === false && /^[A-Za-z0-9_-]+\.\d+\.[0-9a-f]{64}$/.test(header))
    return {
      refused: 'the peer runs an older TixMo (time-window peer auth): upgrade every edge of the venue',
    };
  const m = header ? headerPattern.exec(header) : null;
  if (!m) return { refused: `missing or malformed ${PEER_AUTH_HEADER} header` };
  const [, nodeId, session, counterText, bodySha256, given] = m as unknown as string[];
  const counter = Number(counterText);
  if (!Number.isSafeInteger(counter)) return { refused: 'counter out of range' };
  const expected = hmac(
    secret,
    'tixmo-peer-request',
    nodeId!,
    session!,
    counter,
    method,
    pathAndQuery,
    bodySha256!,
  );
  if (!sameHex(expected, given!)) return { refused: 'bad signature', nodeId };
  return { nodeId: nodeId!, session: session!, counter, bodySha256: bodySha256! };
}

/** `<session>.<highest counter held for the sender>.<HMAC>`: lets a sender recover after either side restarted. */
export function signChallenge(secret: string, forNodeId: string, session: string, highest: number): string {
  return `${session}.${highest}.${hmac(secret, 'tixmo-peer-challenge', forNodeId, session, highest)}`;
}

/** A challenge a genuine peer signed for this node, or null (anyone on the LAN could forge an unsigned one). */
export function verifyChallenge(
  secret: string,
  selfId: string,
  header: string | null,
): { session: string; highest: number } | null {
  const m = header ? /^([0-9a-f]{32})\.(\d{1,16})\.([0-9a-f]{64})$/.exec(header) : null;
  if (!m) return null;
  const highest = Number(m[2]);
  if (!Number.isSafeInteger(highest)) return null;
  return sameHex(hmac(secret, 'tixmo-peer-challenge', selfId, m[1]!, highest), m[3]!)
    ? { session: m[1]!, highest }
    : null;
}

/** MAC of an answer: binds its status and body to the request (sender, session, counter) it answers. */
export function signReply(secret: string, auth: PeerRequestAuth, status: number, body: string): string {
  return hmac(secret, 'tixmo-peer-reply', auth.nodeId, auth.session, auth.counter, status, sha256Hex(body));
}

export function verifyReply(
  secret: string,
  auth: PeerRequestAuth,
  status: number,
  body: string,
  header: string | null,
): boolean {
  return (
    header !== null && /^[0-9a-f]{64}$/.test(header) && sameHex(signReply(secret, auth, status, body), header)
  );
}

/**
 * Per sender, which counters were used: each is accepted once, and one more than
 * PEER_REPLAY_WINDOW below the highest is refused as too old to tell. Only
 * authenticated senders get an entry, so its size is bounded by the venue's nodes.
 */
export class ReplayGuard {
  private readonly senders = new Map<string, { highest: number; seen: Set<number> }>();

  constructor(private readonly window = PEER_REPLAY_WINDOW) {}

  highest(nodeId: string): number {
    return this.senders.get(nodeId)?.highest ?? 0;
  }

  /** Records the counter; false when it was used before or is too old to tell. */
  accept(nodeId: string, counter: number): boolean {
    let s = this.senders.get(nodeId);
    if (!s) {
      s = { highest: 0, seen: new Set() };
      this.senders.set(nodeId, s);
    }
    if (counter <= s.highest - this.window || s.seen.has(counter)) return false;
    s.seen.add(counter);
    if (counter > s.highest) {
      s.highest = counter;
      if (s.seen.size > 2 * this.window)
        for (const c of s.seen) if (c <= s.highest - this.window) s.seen.delete(c);
    }
    return true;
  }
}

/**
 * Reads a body up to `limit` bytes; null as soon as it is larger (the rest is never
 * read, so memory stays bounded whatever the sender streams).
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
