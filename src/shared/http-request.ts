import http from 'node:http';
import type https from 'node:https';

export interface HttpAnswer {
  status: number;
  ok: boolean;
  /** A response header (lower-case name), or null. */
  header(name: string): string | null;
  text(): Promise<string>;
}

interface RequestInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** The answer is cut and the request fails once its body passes this many bytes (a hostile peer cannot fill memory). */
  maxBodyBytes?: number;
}

/** Kept-alive connections, as fetch would keep them (the heartbeat, pulls and uploads reuse one). */
const httpAgent = new http.Agent({ keepAlive: true });
/** TLS is loaded only for an https cloud (a LAN-only gate never needs it). */
let secure: Promise<{ https: typeof https; agent: https.Agent }> | undefined;
const loadHttps = () =>
  (secure ??= import('node:https').then((https) => ({ https, agent: new https.Agent({ keepAlive: true }) })));

/**
 * The subset of fetch the edge's cloud and peer clients use, on node:http. The global
 * fetch (undici) compiles its HTTP parser to WebAssembly on first use, which costs a
 * gate computer ≈ 20 MB of resident memory for a handful of small JSON calls
 * (BENCHMARKS.md, edge memory). Failures look like fetch's: a network error carries
 * the socket error as `cause` (`cause.code` is ECONNREFUSED, …); an aborted request
 * rejects with the signal's reason (TimeoutError, AbortError).
 */
export function httpRequest(url: URL, init: RequestInit): Promise<HttpAnswer> {
  if (url.protocol === 'https:')
    return loadHttps().then(({ https, agent }) => send(https.request, agent, url, init));
  return send(http.request, httpAgent, url, init);
}

function send(
  request: typeof http.request,
  agent: http.Agent,
  url: URL,
  init: RequestInit,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const req = request(url, {
      method: init.method,
      agent,
      headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    });
    const onAbort = () => req.destroy(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.once('error', (err) => {
      done();
      reject(signal?.aborted ? signal.reason : new Error(`request failed: ${err.message}`, { cause: err }));
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let tooLarge = false;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (init.maxBodyBytes !== undefined && bytes > init.maxBodyBytes) {
          tooLarge = true;
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      // An aborted or reset answer ends in 'close' without 'end' (and sometimes an 'error').
      res.once('error', () => undefined);
      res.once('close', () => {
        done();
        if (tooLarge)
          return reject(
            new Error(`the answer is larger than ${init.maxBodyBytes} bytes`, {
              cause: { code: 'ANSWER_TOO_LARGE' },
            }),
          );
        if (!res.complete) {
          const err = new Error('connection closed before the answer was complete', {
            cause: { code: 'ECONNRESET' },
          });
          return reject(signal?.aborted ? signal.reason : err);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        const header = (name: string) => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status, ok: status >= 200 && status < 300, header, text: async () => text });
      });
    });
    req.end(body);
  });
}
