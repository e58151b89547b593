import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openCloudDatabase } from '../../src/cloud/db/client.ts';
import { createTestDatabase } from '../helpers/cloud.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('a Postgres connection dropped while it is lent out', () => {
  it('fails the transaction that held it, and nothing else: no uncaught error, the next query reconnects', async () => {
    const target = new URL(await createTestDatabase());
    const proxy: TcpProxy = await startTcpProxy(Number(target.port));
    stops.push(() => proxy.close());
    target.port = String(proxy.port);
    const database = await openCloudDatabase({ databaseUrl: target.toString(), dataDir: '' });
    stops.push(() => database.close());
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    stops.push(async () => process.off('uncaughtException', onUncaught));

    let cut!: () => void;
    const between = new Promise<void>((resolve) => {
      cut = resolve;
    });
    // A transaction waiting between two queries (as the outbox's does) when the network drops.
    const held = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await between;
      await tx.execute(sql`select 2`);
    });
    await new Promise((r) => setTimeout(r, 100));
    proxy.cut();
    await new Promise((r) => setTimeout(r, 300)); // the socket's end reaches the client meanwhile
    cut();
    await expect(held).rejects.toThrow();
    proxy.heal();
    const after = (await database.db.execute(sql`select 42 as answer`)) as unknown as {
      rows: { answer: number }[];
    };
    expect(after.rows[0]!.answer).toBe(42);
    expect(uncaught.map((e) => e.message)).toEqual([]);
  });
});
