import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import * as schema from '../../src/edge/db/schema.ts';
import { EdgeStore, type JournalEntry } from '../../src/edge/store.ts';

const entry = (ticketId: string, direction: 'entry' | 'exit' = 'entry'): JournalEntry => ({
  ticketId,
  eventId: 'ev1',
  laneId: 'north-1',
  direction,
  decision: 'admit',
  reason: 'ok',
  hlc: `h-${ticketId}`,
  at: new Date().toISOString(),
});

describe('edge store', () => {
  it('opens SQLite in WAL mode with synchronous=FULL', () => {
    const { sqlite, close } = openEdgeDatabase(mkdtempSync(join(tmpdir(), 'tixmo-edge-')));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    close();
  });

  it('gives journal rows gap-free seqs that survive reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-edge-'));
    const first = openEdgeDatabase(dir);
    const store = new EdgeStore(first.db);
    expect(store.appendJournal([entry('a'), entry('b')]).map((r) => r.seq)).toEqual([1, 2]);
    expect(store.appendJournal([entry('c')])[0]!.seq).toBe(3);
    first.close();

    const second = openEdgeDatabase(dir);
    const reopened = new EdgeStore(second.db);
    expect(reopened.lastJournalSeq()).toBe(3);
    expect(reopened.appendJournal([entry('a', 'exit')])[0]!.seq).toBe(4);
    expect(reopened.journalAfter(2, 10).map((r) => r.seq)).toEqual([3, 4]);
    expect(reopened.admissions().map((a) => `${a.ticketId}:${a.direction}`)).toEqual([
      'a:entry',
      'b:entry',
      'c:entry',
      'a:exit',
    ]);
    second.close();
  });

  it('lists the last decisions for the screens, newest first, without direction changes, from the end of the journal', () => {
    const { db, sqlite, close } = openEdgeDatabase(mkdtempSync(join(tmpdir(), 'tixmo-edge-')));
    const store = new EdgeStore(db);
    store.appendJournal(Array.from({ length: 30 }, (_, i) => entry(`t${i}`)));
    store.appendJournal([{ ...entry('-'), ticketId: null, kind: 'direction' }]);
    store.appendJournal([{ ...entry('t3'), kind: 'manual_admit', note: 'phone died' }]);
    const recent = store.recentDecisions(20);
    expect(recent.map((r) => r.seq)).toEqual([32, ...Array.from({ length: 19 }, (_, i) => 30 - i)]);
    expect(recent[0]).toMatchObject({ ticketId: 't3', kind: 'manual_admit', note: 'phone died' });
    // Backwards along the primary key, stopping at the limit: no sort of the whole journal.
    // The query plan of the statement the store really runs (caught through drizzle's logger).
    const queries: { sql: string; params: unknown[] }[] = [];
    const logged = drizzle(sqlite, {
      schema,
      logger: { logQuery: (sql, params) => queries.push({ sql, params }) },
    });
    new EdgeStore(logged).recentDecisions(20);
    const query = queries.at(-1)!;
    expect(query.sql).toMatch(/from "journal"/);
    const plan = sqlite
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...(query.params as unknown[]))
      .map((r) => (r as { detail: string }).detail)
      .join('; ');
    expect(plan).not.toMatch(/TEMP B-TREE/);
    close();
  });

  it('keeps the upload acknowledgement and manifest cursor across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-edge-'));
    const a = openEdgeDatabase(dir);
    const store = new EdgeStore(a.db);
    store.setAckedSeq(7);
    store.applyManifestPage(
      {
        node: { id: 'n1', venueId: 'v1', name: 'Gate' },
        venue: { id: 'v1', name: 'Arena', capacity: 100, timezone: 'UTC' },
        events: [],
        tickets: [{ id: 't1', eventId: 'e1', tierId: 'r1', status: 'VALID', version: 1 }],
        cursor: 'CURSOR',
        hasMore: false,
        remaining: 0,
      },
      new Date(),
    );
    a.close();
    const b = openEdgeDatabase(dir);
    const again = new EdgeStore(b.db);
    expect(again.ackedSeq()).toBe(7);
    expect(again.manifestCursor()).toBe('CURSOR');
    expect(again.identity()).toMatchObject({ nodeId: 'n1', venueId: 'v1', capacity: 100 });
    expect(again.ticket('t1')).toMatchObject({ status: 'VALID', version: 1 });
    b.close();
  });
});
