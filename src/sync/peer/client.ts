import type { z } from 'zod';
import { describeZodError } from '../../shared/errors.ts';
import { type HttpAnswer, httpRequest } from '../../shared/http-request.ts';
import type { UploadedScan } from '../protocol.ts';
import { PEER_AUTH_HEADER, type PeerJournal, peerJournalSchema, signPeerRequest } from './messages.ts';

/** Calls one peer's gossip endpoints, signing each request with the venue secret. */
export class PeerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly selfId: string,
    private readonly secret: string,
    private readonly now: () => number,
    private readonly timeoutMs = 2000,
  ) {}

  async push(rows: UploadedScan[]): Promise<void> {
    await this.call('POST', '/peer/v1/push', JSON.stringify({ nodeId: this.selfId, rows }));
  }

  async journal(after: number, limit: number): Promise<PeerJournal> {
    const body = await this.call('GET', `/peer/v1/journal?after=${after}&limit=${limit}`);
    return parse(peerJournalSchema, body, this.baseUrl);
  }

  private async call(method: string, path: string, body?: string): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    const signed = url.pathname + url.search;
    let res: HttpAnswer;
    try {
      res = await httpRequest(url, {
        method,
        body,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          [PEER_AUTH_HEADER]: signPeerRequest(
            this.secret,
            this.selfId,
            this.now(),
            method,
            signed,
            body ?? '',
          ),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new Error(`peer ${url.origin} unreachable (${cause})`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`peer ${url.origin} answered ${res.status}: ${text.slice(0, 200)}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`peer ${url.origin} answered with a body that is not JSON`);
    }
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown, from: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`peer ${from} answer is not valid: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
