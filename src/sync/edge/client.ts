import type { z } from 'zod';
import { describeZodError } from '../../shared/errors.ts';
import { type HttpAnswer, httpRequest } from '../../shared/http-request.ts';
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

/** The edge's side of the sync HTTP calls; every answer is validated before use. */
export class CloudSyncClient {
  /**
   * Set while the cloud answers 401 to this node (revoked, token rotated, wrong token),
   * cleared by the next call it accepts. The gate keeps deciding from its manifest and
   * keeps its scans; only an operator can end this (a new token in the edge config).
   */
  refusal: CloudRefusal | null = null;
  private readonly refusalListeners: ((refusal: CloudRefusal | null) => void)[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly nodeToken: string,
    private readonly timeoutMs = 15_000,
  ) {}

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
    return this.call(`/api/v1/sync/manifest?${query}`, { method: 'GET' }, manifestPageSchema);
  }

  uploadScans(batch: ScanBatch): Promise<ScanAck> {
    return this.call(
      '/api/v1/sync/scans',
      { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json' } },
      scanAckSchema,
    );
  }

  /** A page of the admissions the venue's nodes uploaded (a fresh data dir rebuilding who is inside). */
  venueAdmissions(cursor: string, limit: number, signal?: AbortSignal): Promise<VenueAdmissionsPage> {
    const query = new URLSearchParams({ cursor, limit: String(limit) });
    return this.call(`/api/v1/sync/admissions?${query}`, { method: 'GET' }, venueAdmissionsPageSchema, {
      signal,
    });
  }

  /** Long-poll: resolves when the venue's manifest changed after `cursor`, or with changed=false at `waitMs`. */
  waitForChange(cursor: string, waitMs: number, signal?: AbortSignal): Promise<ManifestWait> {
    const query = new URLSearchParams({ cursor, timeoutMs: String(waitMs) });
    return this.call(`/api/v1/sync/wait?${query}`, { method: 'GET' }, manifestWaitSchema, {
      timeoutMs: waitMs + this.timeoutMs,
      signal,
    });
  }

  heartbeat(report: Heartbeat): Promise<HeartbeatAck> {
    return this.call(
      '/api/v1/sync/heartbeat',
      { method: 'POST', body: JSON.stringify(report), headers: { 'content-type': 'application/json' } },
      heartbeatAckSchema,
    );
  }

  private async call<T extends z.ZodType>(
    path: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
    schema: T,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<z.infer<T>> {
    const url = new URL(path, this.baseUrl);
    let res: HttpAnswer;
    try {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
      res = await httpRequest(url, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${this.nodeToken}` },
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new SyncError(`cloud ${url.origin} unreachable (${cause})`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const message =
      (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401)
      this.setRefusal({ reason: message, since: this.refusal?.since ?? new Date().toISOString() });
    else if (res.ok) this.setRefusal(null);
    if (body === undefined)
      throw new SyncError(`cloud answered ${res.status} with a body that is not JSON`, res.status);
    if (!res.ok) {
      const hint = res.status === 401 ? ' — check nodeToken in the edge config' : '';
      throw new SyncError(`cloud rejected ${init.method} ${url.pathname}: ${message}${hint}`, res.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new SyncError(`cloud answer to ${url.pathname} is not valid: ${describeZodError(parsed.error)}`);
    return parsed.data;
  }
}
