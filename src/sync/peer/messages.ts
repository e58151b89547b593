import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { incarnationSchema, uploadedScanSchema } from '../protocol.ts';

/**
 * Gossip between the edge nodes of one venue (DESIGN.md §6, peers). Every node serves
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
/** Requests older or newer than this are refused: a captured request cannot be replayed much later. */
export const PEER_AUTH_WINDOW_MS = 5 * 60_000;

function mac(secret: string, nodeId: string, ts: number, method: string, path: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(`${nodeId}\n${ts}\n${method}\n${path}\n${bodyHash}`)
    .digest('hex');
}

/**
 * Peers share the venue secret from the edge config; each request carries
 * `<nodeId>.<ms>.<HMAC-SHA256(secret, nodeId, ms, method, path+query, sha256(body))>`,
 * so a device on the LAN without the secret can neither inject nor alter rows, and the
 * secret itself never crosses the wire.
 */
export function signPeerRequest(
  secret: string,
  nodeId: string,
  nowMs: number,
  method: string,
  path: string,
  body = '',
): string {
  return `${nodeId}.${nowMs}.${mac(secret, nodeId, nowMs, method, path, body)}`;
}

/** The authenticated peer's nodeId, or a reason it is refused. */
export function verifyPeerRequest(
  secret: string,
  header: string | undefined,
  nowMs: number,
  method: string,
  path: string,
  body = '',
): { nodeId: string } | { refused: string } {
  const m = header ? /^([A-Za-z0-9_-]{1,64})\.(\d{1,15})\.([0-9a-f]{64})$/.exec(header) : null;
  if (!m) return { refused: `missing or malformed ${PEER_AUTH_HEADER} header` };
  const [, nodeId, tsText, given] = m;
  const ts = Number(tsText);
  if (Math.abs(nowMs - ts) > PEER_AUTH_WINDOW_MS)
    return { refused: 'request time is outside the allowed window' };
  const expected = Buffer.from(mac(secret, nodeId!, ts, method, path, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given!, 'hex'))) return { refused: 'bad signature' };
  return { nodeId: nodeId! };
}
