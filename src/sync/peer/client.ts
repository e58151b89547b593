import type { z } from 'zod';
import { describeZodError } from '../../shared/errors.ts';
import { type HttpAnswer, httpRequest } from '../../shared/http-request.ts';
import type { UploadedScan } from '../protocol.ts';
import {
  PEER_AUTH_HEADER,
  PEER_BODY_LIMIT_BYTES,
  PEER_CHALLENGE_HEADER,
  PEER_REPLY_HEADER,
  type PeerJournal,
  type PeerRequestAuth,
  peerJournalSchema,
  sha256Hex,
  signPeerRequest,
  verifyChallenge,
  verifyReply,
} from './messages.ts';

/**
 * Calls one peer's gossip endpoints, signing each request with the venue secret
 * (messages.ts). It learns the peer's session nonce from the peer's first (signed)
 * refusal and retries once; answers count only when the peer signed them too.
 */
export class PeerClient {
  private session = '-';
  /** Never reused towards this peer. Starts from the clock so a restart starts above the last life's counters. */
  private counter: number;

  constructor(
    private readonly baseUrl: string,
    private readonly selfId: string,
    private readonly secret: string,
    now: () => number,
    private readonly timeoutMs = 2000,
  ) {
    this.counter = Math.max(0, Math.floor(now())) * 1000;
  }

  async push(rows: UploadedScan[]): Promise<void> {
    await this.call('POST', '/peer/v1/push', JSON.stringify({ nodeId: this.selfId, rows }));
  }

  /** `signal` ends the pull early (the node is stopping). */
  async journal(after: number, limit: number, signal?: AbortSignal): Promise<PeerJournal> {
    const body = await this.call('GET', `/peer/v1/journal?after=${after}&limit=${limit}`, undefined, signal);
    return parse(peerJournalSchema, body, this.baseUrl);
  }

  private async call(method: string, path: string, body?: string, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    const bodySha256 = sha256Hex(body ?? '');
    for (let attempt = 0; ; attempt++) {
      const auth: PeerRequestAuth = {
        nodeId: this.selfId,
        session: this.session,
        counter: ++this.counter,
        bodySha256,
      };
      const res = await this.send(url, method, body, auth, signal);
      if (res.status === 401 && attempt === 0) {
        // The peer restarted (new session), has not met us yet, or holds higher counters
        // of ours from an earlier life: adopt what it signed and try once more.
        const challenge = verifyChallenge(this.secret, this.selfId, res.header(PEER_CHALLENGE_HEADER));
        if (challenge) {
          this.session = challenge.session;
          this.counter = Math.max(this.counter, challenge.highest);
          continue;
        }
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`peer ${url.origin} answered ${res.status}: ${text.slice(0, 200)}`);
      if (!verifyReply(this.secret, auth, res.status, text, res.header(PEER_REPLY_HEADER)))
        throw new Error(`peer ${url.origin} answer is not signed with the venue secret`);
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`peer ${url.origin} answered with a body that is not JSON`);
      }
    }
  }

  private async send(
    url: URL,
    method: string,
    body: string | undefined,
    auth: PeerRequestAuth,
    signal?: AbortSignal,
  ): Promise<HttpAnswer> {
    // The timeout, or the caller's signal, whichever comes first (AbortSignal.any needs Node 20.3).
    const request = new AbortController();
    const timer = setTimeout(
      () => request.abort(new DOMException('peer did not answer in time', 'TimeoutError')),
      this.timeoutMs,
    );
    const onAbort = () => request.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await httpRequest(url, {
        maxBodyBytes: PEER_BODY_LIMIT_BYTES,
        method,
        body,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          [PEER_AUTH_HEADER]: signPeerRequest(this.secret, auth, method, url.pathname + url.search),
        },
        signal: request.signal,
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new Error(`peer ${url.origin} unreachable (${cause})`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown, from: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`peer ${from} answer is not valid: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
