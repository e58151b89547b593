import type { Logger } from '../shared/logger.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDb } from './db/client.ts';
import type { ManifestWakeups } from './sync/wakeups.ts';

export interface CloudDeps {
  db: CloudDb;
  config: CloudConfig;
  logger: Logger;
  now: () => Date;
  wakeups: ManifestWakeups;
}

export interface AuthedNode {
  id: string;
  venueId: string;
  name: string;
}

export interface AppBindings {
  Variables: {
    requestId: string;
    deps: CloudDeps;
    userId: string;
    node: AuthedNode;
  };
}
