import type { Server } from 'node:http';
import { ConfigError } from './errors.ts';

/** Listens, turning the usual failures into one line saying what to change. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE')
        reject(
          new ConfigError(`port ${port} on ${host} is in use: stop what uses it or choose another port`),
        );
      else if (err.code === 'EACCES')
        reject(new ConfigError(`no permission to listen on port ${port}: choose a port above 1024`));
      else if (err.code === 'EADDRNOTAVAIL')
        reject(new ConfigError(`cannot listen on ${host}: no such address on this machine`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function urlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
