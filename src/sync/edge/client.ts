import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { describeZodError } from '../../shared/errors.ts';
import {
  type Heartbeat,
  type HeartbeatAck,
  heartbeatAckSchema,
  type ManifestPage,
  type ManifestWait,
  manifestPageSchema,
  manifestWaitSchema,
  type ScanAck,
  type ScanBatch,
  scanAckSchema,
  type VenueAdmissionsPage,
  venueAdmissionsPageSchema,
} from '../protocol.ts';

export class SyncError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
  /** 4xx other than 408/429 will not get better by retrying the same request. */
  get permanent(): boolean {
    return (
      this.status !== undefined &&
      this.status >= 400 &&
      this.status < 500 &&
      this.status !== 408 &&
      this.status !== 429
    );
  }
}

/** The cloud refusing this node's token, as the gate's status and screen show it. */
export interface CloudRefusal {
  reason: string;
  since: string;
}

/**
 * Which connections a call travels on. Each kind has its own kept-alive sockets, so a
 * backlog of uploads can never queue a manifest pull or a heartbeat behind it, and the
 * long-poll, which holds its socket for up to half a minute, never holds anyone else's.
 * (Node's fetch would open more connections as needed rather than queue, but it cannot
 * be given separate pools without the undici package, and it costs several times the
 * CPU of node:http per request — CPU a busy gate needs for its scans.)
 */
type Channel = 'upload' | 'control' | 'watch';

interface Answer {
  status: number;
  text: string;
}

/** The edge's side of the sync HTTP calls; every answer is validated before use. */
export class CloudSyncClient {
  /**
   * Set while the cloud answers 401 to this node (revoked, token rotated, wrong token),
   * cleared by the next call it accepts. The gate keeps deciding from its manifest and
   * keeps its scans; only an operator can end this (a new token in the edge config).
   */
  refusal: CloudRefusal | null = null;
  private readonly refusalListeners: ((refusal: CloudRefusal | null) => void)[] = [];
  private readonly base: URL;
  private readonly agents: Record<Channel, HttpAgent>;
  /** Aborted by close(): every call in flight ends at once, and no new one starts. */
  private readonly closing = new AbortController();

  constructor(
    baseUrl: string,
    private readonly nodeToken: string,
    private readonly timeoutMs = 15_000,
  ) {
    this.base = new URL(baseUrl);
    const secure = this.base.protocol === 'https:';
    const pool = (maxSockets: number) =>
      secure
        ? new HttpsAgent({ keepAlive: true, maxSockets })
        : new HttpAgent({ keepAlive: true, maxSockets });
    // Uploads go one batch at a time; the puller and the heartbeat may overlap.
    this.agents = { upload: pool(1), control: pool(2), watch: pool(1) };
  }

  /** Called when the cloud starts refusing this node, and when it accepts it again. */
  onRefusalChange(listener: (refusal: CloudRefusal | null) => void): void {
    this.refusalListeners.push(listener);
  }

  private setRefusal(refusal: CloudRefusal | null): void {
    const changed =
      (this.refusal === null) !== (refusal === null) || this.refusal?.reason !== refusal?.reason;
    this.refusal = refusal;
    if (changed) for (const l of this.refusalListeners) l(refusal);
  }

  manifestPage(cursor: string, limit: number): Promise<ManifestPage> {
    const query = new URLSearchParams({ cursor, limit: String(limit) });
    return this.call('control', 'GET', `/api/v1/sync/manifest?${query}`, undefined, manifestPageSchema);
  }

  uploadScans(batch: ScanBatch): Promise<ScanAck> {
    return this.call('upload', 'POST', '/api/v1/sync/scans', batch, scanAckSchema);
  }

  /** A page of the admissions the venue's nodes uploaded (a fresh data dir rebuilding who is inside). */
  venueAdmissions(cursor: string, limit: number, signal?: AbortSignal): Promise<VenueAdmissionsPage> {
    const query = new URLSearchParams({ cursor, limit: String(limit) });
    return this.call(
      'control',
      'GET',
      `/api/v1/sync/admissions?${query}`,
      undefined,
      venueAdmissionsPageSchema,
      {
        signal,
      },
    );
  }

  /** Long-poll: resolves when the venue's manifest changed after `cursor`, or with changed=false at `waitMs`. */
  waitForChange(cursor: string, waitMs: number, signal?: AbortSignal): Promise<ManifestWait> {
    const query = new URLSearchParams({ cursor, timeoutMs: String(waitMs) });
    return this.call('watch', 'GET', `/api/v1/sync/wait?${query}`, undefined, manifestWaitSchema, {
      timeoutMs: waitMs + this.timeoutMs,
      signal,
    });
  }

  heartbeat(report: Heartbeat): Promise<HeartbeatAck> {
    return this.call('control', 'POST', '/api/v1/sync/heartbeat', report, heartbeatAckSchema);
  }

  /**
   * Ends every call in flight (each rejects with a SyncError) and the kept-alive
   * connections, and refuses new calls: a stopping edge never waits for the cloud — not
   * for a held long-poll, nor a cloud that accepted the connection and never answers.
   */
  close(): void {
    this.closing.abort();
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private async call<T extends z.ZodType>(
    channel: Channel,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: T,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<z.infer<T>> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    let res: Answer;
    try {
      res = await this.send(channel, method, url, payload, options);
    } catch (err) {
      if (this.closing.signal.aborted)
        throw new SyncError(`call to ${url.pathname} ended: the edge is stopping`);
      const code = (err as { code?: string }).code;
      const cause = code === 'ABORT_ERR' ? 'AbortError' : (code ?? (err as Error).name);
      throw new SyncError(`cloud ${url.origin} unreachable (${cause})`);
    }
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(res.text);
    } catch {
      parsedBody = undefined;
    }
    const ok = res.status >= 200 && res.status < 300;
    const message =
      (parsedBody as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401)
      this.setRefusal({ reason: message, since: this.refusal?.since ?? new Date().toISOString() });
    else if (ok) this.setRefusal(null);
    if (!ok) {
      const hint = res.status === 401 ? ' — check nodeToken in the edge config' : '';
      throw new SyncError(`cloud rejected ${method} ${url.pathname}: ${message}${hint}`, res.status);
    }
    const parsed = schema.safeParse(parsedBody);
    if (!parsed.success)
      throw new SyncError(`cloud answer to ${url.pathname} is not valid: ${describeZodError(parsed.error)}`);
    return parsed.data;
  }

  /**
   * One request. A kept-alive socket the cloud closed just as we reused it fails with
   * ECONNRESET before any answer; every sync call is safe to repeat, so that one case is
   * retried at once on a fresh socket instead of waiting for the caller's backoff.
   */
  private async send(
    channel: Channel,
    method: string,
    url: URL,
    payload: Buffer | undefined,
    options: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(channel, method, url, payload, options);
      } catch (err) {
        const reused = (err as { reusedSocket?: boolean }).reusedSocket;
        if (attempt > 0 || !reused || (err as { code?: string }).code !== 'ECONNRESET') throw err;
      }
    }
  }

  private once(
    channel: Channel,
    method: string,
    url: URL,
    payload: Buffer | undefined,
    options: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Answer> {
    // The caller's signal (a stopping loop) and close() both end the call.
    const signals = [this.closing.signal, ...(options.signal ? [options.signal] : [])];
    return new Promise((resolve, reject) => {
      const aborted = () => Object.assign(new Error('aborted'), { code: 'ABORT_ERR' });
      if (signals.some((s) => s.aborted)) return reject(aborted());
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method,
        agent: this.agents[channel],
        headers: {
          authorization: `Bearer ${this.nodeToken}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
      });
      const timer = setTimeout(() => {
        const err = Object.assign(new Error('timed out'), { code: 'TimeoutError' });
        req.destroy(err);
      }, options.timeoutMs ?? this.timeoutMs);
      const onAbort = () => req.destroy(aborted());
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      // Listeners on the client-wide signal would pile up, one per call, if left behind.
      const settled = () => {
        clearTimeout(timer);
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error) => {
        settled();
        reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        // A response cut off mid-body (an abort, a timeout, a reset) may end in 'close' alone.
        res.on('close', () => {
          if (res.complete) return;
          const cut = Object.assign(new Error('connection closed before the answer was complete'), {
            code: 'ECONNRESET',
          });
          fail(signals.some((s) => s.aborted) ? aborted() : cut);
        });
        res.on('end', () => {
          settled();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.end(payload);
    });
  }
}
