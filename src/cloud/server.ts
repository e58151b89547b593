import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { ConfigError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { createApp } from './app.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDeps } from './context.ts';
import { openCloudDatabase } from './db/client.ts';
import { expireHolds } from './orders/orders.service.ts';

export interface RunningCloud {
  url: string;
  port: number;
  deps: CloudDeps;
  close(): Promise<void>;
}

/** Opens the database (migrating it), serves the API and runs the hold sweep. */
export async function startCloud(config: CloudConfig, logger: Logger): Promise<RunningCloud> {
  const database = await openCloudDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const deps: CloudDeps = { db: database.db, config, logger, now: () => new Date() };
  const app = createApp(deps);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  try {
    await listen(server, config.port, config.host);
  } catch (err) {
    await database.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const sweep = setInterval(() => {
    expireHolds({ deps }).then(
      (n) => n > 0 && logger.info('released expired holds', { orders: n }),
      (err) => logger.warn('hold sweep failed', { err }),
    );
  }, 30_000);
  sweep.unref();
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    deps,
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      await database.close();
    },
  };
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new ConfigError(`port ${port} on ${host} is in use: stop what uses it or choose another with --port`));
      else if (err.code === 'EACCES') reject(new ConfigError(`no permission to listen on port ${port}: choose a port above 1024`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
