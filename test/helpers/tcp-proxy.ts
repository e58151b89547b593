import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  /** Drops every open connection and refuses new ones (a cable pulled). */
  cut(): void;
  heal(): void;
  /** Chance (0..1) that a new connection is reset before any byte passes (a flaky network). */
  faultRate: number;
  /** Connections reset so far by `faultRate`. */
  faults: number;
  /** Milliseconds every chunk from the client waits before it goes on (a slow link). */
  latencyMs: number;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `targetPort` that a test can cut, heal and make flaky. */
export async function startTcpProxy(
  targetPort: number,
  random: () => number = Math.random,
): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let cutOff = false;
  const proxy: TcpProxy = {
    port: 0,
    url: '',
    faultRate: 0,
    faults: 0,
    latencyMs: 0,
    cut() {
      cutOff = true;
      for (const s of open) s.destroy();
    },
    heal() {
      cutOff = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    if (cutOff || random() < proxy.faultRate) {
      if (!cutOff) proxy.faults++;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    if (proxy.latencyMs > 0) {
      const latency = proxy.latencyMs;
      client.on('data', (chunk) => setTimeout(() => upstream.writable && upstream.write(chunk), latency));
    } else client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.port = typeof address === 'object' && address ? address.port : 0;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
