import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import { startEdge } from '../../src/edge/runtime.ts';
import { EdgeStore } from '../../src/edge/store.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { handEvent, manifestPage } from '../helpers/manifest.ts';
import { eventually } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');
const ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);
const OFF = Buffer.from([0xa0, 0x01, 0x00, 0xa1]);

describe.skipIf(!socat.available)('closing an edge with reads in flight', () => {
  const ptys: PtyPair[] = [];
  afterAll(async () => {
    for (const p of ptys) await p.close();
  });

  it('finishes every decided read before the devices close: a full relay pulse, or an annulment where the relay is gone', async () => {
    const [north, south] = await Promise.all([openPtyPair(), openPtyPair()]);
    ptys.push(north, south);
    const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-close-'));
    const ev = await handEvent('ev-close');
    const tickets = ['a', 'b'].map((id) => ({
      id,
      eventId: 'ev-close',
      tierId: 'ev-close-ga',
      status: 'VALID' as const,
      version: 1,
    }));
    const relay = (path: string) => ({ type: 'relay', path, baudRate: 9600, channel: 1, pulseMs: 300 });
    const edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: 'http://127.0.0.1:9',
        nodeToken: 'node-close.secret-secret',
        dataDir,
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 3600_000,
        uploadIntervalMs: 3600_000,
        // No cloud here: a fresh journal decides at once instead of waiting to learn who is inside.
        rebuildTimeoutSeconds: 0,
        lanes: [
          { id: 'north', direction: 'entry', actuator: relay(north.devicePath) },
          { id: 'south', direction: 'entry', actuator: relay(south.devicePath) },
        ],
      }),
    });
    edge.store.applyManifestPage(manifestPage([ev.event], tickets), new Date());
    await edge.reloadManifest();
    await south.unplug(); // south's relay board is gone when the stop comes
    await eventually(
      () => (edge.status().lanes[1]!.devices[0]!.state === 'disconnected' ? true : undefined),
      'south relay away',
    );

    // Both reads are decided at once and wait for their commit when the stop begins.
    const [a, b] = await Promise.all(tickets.map((t) => ev.sign({ id: t.id, tierId: t.tierId })));
    const reads = [edge.scan('north', a!), edge.scan('south', b!)];
    const closing = performance.now();
    const closed = edge.close();
    const outcomes = await Promise.all(reads);
    expect(outcomes.map((o) => o!.row.decision)).toEqual(['admit', 'admit']);
    const summary = await closed;
    // The close waited for the whole opening (300 ms) instead of cutting it short.
    expect(performance.now() - closing).toBeGreaterThanOrEqual(300);

    // North's gate got its opening: ON, then OFF after the pulse, before the port closed.
    await eventually(() => (north.received().length >= 8 ? true : undefined), 'relay ON and OFF');
    expect(north.received()).toEqual(Buffer.concat([ON, OFF]));
    const db = openEdgeDatabase(dataDir);
    const store = new EdgeStore(db.db);
    const history = (id: string) => store.ticketHistory(id).map((r) => [r.kind, r.decision, r.note]);
    expect(history('a')).toEqual([['scan', 'admit', null]]);
    // South's could not open: its admission is annulled, not left on record as a lie.
    expect(history('b')).toEqual([
      ['scan', 'admit', null],
      ['annul', 'admit', expect.stringMatching(/relay was unreachable while the edge was stopping/)],
    ]);
    db.close();
    expect(summary).toEqual({ inFlight: 2 });
    await expect(edge.scan('north', 'anything')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
