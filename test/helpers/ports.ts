import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where the kernel hands out ports for `listen(0)` and outgoing connections. A port taken
 * from that range and released (what `listen(0)` then `close()` gives) can be handed to any
 * other process before the child we meant it for binds it: with a second suite on the
 * machine, a walk-through's edge once found its port held by the other suite's cloud, which
 * then answered its readiness probe. So the ports we pass to child processes come from
 * below that range, where nobody gets one without asking for it by number.
 */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > 0 ? n : 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 15000;
const HIGHEST = ephemeralLow() - 1;
/** Ports this process handed out already: never handed out twice. */
const handedOut = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    // No host: the wildcard address, so a listener on any address of this port counts as taken.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port that is free now, for a child process to listen on, chosen so that nothing else is likely to take it first. */
export async function freePort(): Promise<number> {
  if (HIGHEST - LOWEST < 1000) return kernelPort();
  for (let i = 0; i < 200; i++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelPort();
}
