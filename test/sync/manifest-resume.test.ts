import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { CloudSyncClient } from '../../src/sync/edge/client.ts';
import { ManifestPuller } from '../../src/sync/edge/manifest-puller.ts';
import type { ManifestPage } from '../../src/sync/protocol.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

/** A sink like the edge's: each page and its cursor land together, or not at all. */
function memorySink(crashOnApply?: number) {
  const state = { cursor: '', tickets: [] as string[], applied: 0, cursorsAsked: [] as string[] };
  return {
    state,
    sink: {
      cursor: () => {
        state.cursorsAsked.push(state.cursor);
        return state.cursor;
      },
      apply: async (page: ManifestPage) => {
        if (crashOnApply !== undefined && state.applied + 1 === crashOnApply) throw new Error('power cut');
        state.applied++;
        state.tickets.push(...page.tickets.map((t) => t.id));
        state.cursor = page.cursor;
      },
    },
  };
}

describe.skipIf(!postgresAvailable())('manifest pull on real Postgres: paged and resumable', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let ids: string[];

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
    setup = await setupEvent(cloud.api);
    ids = [];
    for (let i = 0; i < 3; i++) ids.push(...(await buyTickets(cloud.api, setup, 9)).tickets.map((t) => t.id));
  });

  afterAll(async () => {
    await cloud?.close();
  });

  it('continues after an interrupted full pull from the last applied page, with every ticket once', async () => {
    const client = new CloudSyncClient(cloud.url, setup.node.token);
    const logger = createLogger({ level: 'silent' });
    const { state, sink } = memorySink(3);
    const progress: number[] = [];
    const first = new ManifestPuller(client, sink, {
      intervalMs: 600_000,
      pageSize: 5,
      logger,
      onProgress: (p) => progress.push(p.remaining),
    });
    await expect(first.pullAll()).rejects.toThrow('power cut');
    expect(state.tickets).toHaveLength(10);
    const resumeFrom = state.cursor;

    const second = new ManifestPuller(
      client,
      {
        ...sink,
        apply: async (p) => {
          state.applied++;
          state.tickets.push(...p.tickets.map((t) => t.id));
          state.cursor = p.cursor;
        },
      },
      { intervalMs: 600_000, pageSize: 5, logger },
    );
    const done = await second.pullAll();
    expect(state.cursorsAsked.at(-done.pages)).toBe(resumeFrom);
    expect(done.tickets).toBe(17);
    expect([...state.tickets].sort()).toEqual([...ids].sort());
    expect(new Set(state.tickets).size).toBe(27);
    // Progress counted down what was left after each page.
    expect(progress).toEqual([22, 17]);
  });

  it('hands out a later change of an already pulled ticket again, once', async () => {
    const client = new CloudSyncClient(cloud.url, setup.node.token);
    const { state, sink } = memorySink();
    const puller = new ManifestPuller(client, sink, {
      intervalMs: 600_000,
      pageSize: 100,
      logger: createLogger({ level: 'silent' }),
    });
    await puller.pullAll();
    expect(state.tickets).toHaveLength(27);
    const more = await buyTickets(cloud.api, setup, 2);
    // The feed holds changes back while any older transaction on the server is open
    // (other test files share it), so they may take more than one pull to arrive.
    let pulled = 0;
    await eventually(async () => {
      pulled += (await puller.pullAll()).tickets;
      return pulled >= 2 ? pulled : undefined;
    }, 'the two new tickets in the manifest');
    expect(pulled).toBe(2);
    expect(state.tickets).toHaveLength(29);
    expect(state.tickets.slice(-2).sort()).toEqual(more.tickets.map((t) => t.id).sort());
  });
});
