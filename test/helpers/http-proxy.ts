import { createServer, request } from 'node:http';

export interface HttpProxy {
  url: string;
  /** Answers requests whose path starts with `prefix` with `status` instead of passing them on. */
  refuse(prefix: string, status: number): void;
  allow(prefix: string): void;
  /**
   * Takes requests whose path starts with `prefix` and never answers them (a cloud that
   * hangs on one route); `allow` stops taking new ones, the held ones stay held.
   */
  hold(prefix: string): void;
  /**
   * Requests under `prefix` not answered yet whose client still waits: held here, or
   * passed on and not answered by the target (a long-poll the cloud holds).
   */
  waiting(prefix: string): number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP reverse proxy to `targetPort` that can fail chosen routes (a cloud
 * partly down, or an older cloud without a route), where startTcpProxy cuts everything.
 */
export async function startHttpProxy(targetPort: number): Promise<HttpProxy> {
  const refused = new Map<string, number>();
  const holding = new Set<string>();
  const waiting = new Set<{ path: string }>();
  const server = createServer((req, res) => {
    const entry = { path: req.url ?? '' };
    waiting.add(entry);
    res.on('close', () => waiting.delete(entry));
    for (const prefix of holding) if (entry.path.startsWith(prefix)) return;
    for (const [prefix, status] of refused) {
      if (!req.url?.startsWith(prefix)) continue;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'UNAVAILABLE', message: 'refused by the test proxy', requestId: '' },
        }),
      );
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    refuse: (prefix, status) => refused.set(prefix, status),
    allow: (prefix) => {
      refused.delete(prefix);
      holding.delete(prefix);
    },
    hold: (prefix) => holding.add(prefix),
    waiting: (prefix) => [...waiting].filter((w) => w.path.startsWith(prefix)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
