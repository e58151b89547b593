import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import { GroupCommit } from '../../src/edge/group-commit.ts';
import { startEdge } from '../../src/edge/runtime.ts';
import { EdgeStore, type JournalEntry } from '../../src/edge/store.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { handEvent, manifestPage } from '../helpers/manifest.ts';

const entry = (laneId: string): JournalEntry => ({
  ticketId: null,
  eventId: null,
  laneId,
  direction: 'entry',
  decision: 'reject',
  reason: 'malformed',
  hlc: '1',
  at: new Date().toISOString(),
});

describe('group commit', () => {
  it('eight lanes reading at once share fsyncs, every decision is durable, and no ticket is admitted twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-group-'));
    const ev = await handEvent('ev-g');
    const tickets = Array.from({ length: 40 }, (_, i) => ({
      id: `g${i}`,
      eventId: 'ev-g',
      tierId: 'ev-g-ga',
      status: 'VALID' as const,
      version: 1,
    }));
    const codes = await Promise.all(tickets.map((t) => ev.sign({ id: t.id, tierId: t.tierId })));
    const lanes = Array.from({ length: 8 }, (_, i) => ({ id: `lane-${i}`, direction: 'entry' }));
    const edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      config: parseEdgeConfig({
        cloudUrl: 'http://127.0.0.1:9',
        nodeToken: 'node-group.secret-secret',
        dataDir,
        port: 0,
        host: '127.0.0.1',
        pullIntervalMs: 3600_000,
        uploadIntervalMs: 3600_000,
        // No cloud here: decide at once instead of waiting to learn who is inside.
        rebuildTimeoutSeconds: 0,
        lanes,
      }),
    });
    edge.store.applyManifestPage(manifestPage([ev.event], tickets), new Date());
    await edge.reloadManifest();

    // An idle gate: one scan, one commit of one row, nothing waited for.
    await edge.scan('lane-0', codes[0]!);
    expect(edge.status().journal).toEqual({ commits: 1, rows: 1, largestBatch: 1 });

    // Every lane reads every remaining ticket at the same moment.
    const outcomes = await Promise.all(
      codes.slice(1).flatMap((code) => lanes.map((l) => edge.scan(l.id, code))),
    );
    const admits = outcomes.filter((o) => o!.row.decision === 'admit');
    expect(admits).toHaveLength(39);
    expect(new Set(admits.map((o) => o!.row.ticketId)).size).toBe(39);
    const journal = edge.status().journal!;
    expect(journal.rows).toBe(1 + 39 * 8);
    expect(journal.commits).toBeLessThan(journal.rows / 4);
    expect(journal.largestBatch).toBeGreaterThan(1);
    await edge.close();

    const reopened = openEdgeDatabase(dataDir);
    const store = new EdgeStore(reopened.db);
    expect(store.lastJournalSeq()).toBe(1 + 39 * 8);
    expect(store.admissions()).toHaveLength(40);
    reopened.close();
  });

  it('a failed commit rejects every scan in the batch (no gate opens) and reports it', async () => {
    const failing = {
      appendJournal: () => {
        throw new Error('SQLITE_FULL: database or disk is full');
      },
    } as unknown as EdgeStore;
    const failures: unknown[] = [];
    const commit = new GroupCommit(failing, (err) => failures.push(err));
    const results = await Promise.allSettled([commit.submit(entry('a')), commit.submit(entry('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(failures).toHaveLength(1);
    expect(commit.commits).toBe(0);
  });
});
