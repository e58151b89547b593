/** Small helpers of the busy-venue benchmark (bench/sync-venue.ts): processes, a JSON client, figures. */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';

export interface JsonAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in a benchmark
  body: any;
}

/** A small JSON client over node:http with its own kept-alive sockets, optionally from another local address. */
export function jsonClient(base: string, options: { localAddress?: string; maxSockets?: number } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 });
  const url = new URL(base);
  const once = (method: string, path: string, body?: unknown, token?: string): Promise<JsonAnswer> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          localAddress: options.localAddress,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      // A gate that stops answering must not hang the benchmark.
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      req.end(payload);
    });
  // A kept-alive socket the server closed just as it was reused: try once more on a new one.
  const call = (method: string, path: string, body?: unknown, token?: string): Promise<JsonAnswer> =>
    once(method, path, body, token).catch((err) => {
      if ((err as { reusedSocket?: boolean }).reusedSocket) return once(method, path, body, token);
      throw err;
    });
  return { call, close: () => agent.destroy() };
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in a benchmark
export async function ok(answer: Promise<JsonAnswer>, what: string): Promise<any> {
  const a = await answer;
  if (a.status >= 300) throw new Error(`${what}: HTTP ${a.status} ${JSON.stringify(a.body)}`);
  return a.body;
}

export function startProcess(
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/tixmo.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (ready.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`tixmo ${args[0]} exited (${code})`)));
  });
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : Number.NaN;
};
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
