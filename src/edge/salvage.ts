import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lockDataDir } from '../shared/data-dir-lock.ts';
import { ConfigError } from '../shared/errors.ts';
import { edgeDatabaseFile, openEdgeDatabase } from './db/client.ts';

export interface SalvageReport {
  /** Where the damaged database was kept (with its -wal beside it). */
  keptAs: string;
  journalRows: number;
  /** Journal seqs that could not be read; each is kept as a `storage` placeholder so seqs stay gap-free. */
  lost: number[];
  ackedSeq: number;
  peerRows: number;
  manifest: 'kept' | 'pulled again';
}

/** Written once the new database is complete: a salvage cut short is finished by running it again. */
export const salvagePendingFile = 'salvage.pending';
const rebuilt = `${edgeDatabaseFile}.salvaged`;
const CHUNK = 500;
const lostNote = 'lost: this row could not be read from the damaged database (tixmo edge --salvage)';

type Row = Record<string, unknown>;

/**
 * `tixmo edge --salvage`: copies everything readable of a damaged edge database into a
 * new one — journal rows with their seqs (so nothing not yet uploaded is dropped and the
 * cloud's exactly-once ack still lines up), sync state, peers' rows, and the manifest
 * when it reads whole (else it is pulled again). Seqs that cannot be read become
 * `storage` placeholder rows that say so. The damaged file is never deleted: it is kept
 * beside the new one for whoever wants to dig further.
 */
export async function salvageEdgeData(dataDir: string, now = new Date()): Promise<SalvageReport> {
  const lock = await lockDataDir(dataDir, 'tixmo edge --salvage');
  try {
    const pending = join(dataDir, salvagePendingFile);
    if (existsSync(pending)) return finishSwap(dataDir, JSON.parse(readFileSync(pending, 'utf8')));
    const file = join(dataDir, edgeDatabaseFile);
    if (!existsSync(file)) throw new ConfigError(`no edge database at ${file}: nothing to salvage`);
    const report = rebuild(dataDir, file, `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`);
    writeFileSync(pending, JSON.stringify(report));
    return finishSwap(dataDir, report);
  } finally {
    lock.release();
  }
}

function rebuild(dataDir: string, file: string, keptAs: string): SalvageReport {
  let source: Database.Database | undefined;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    source = undefined; // not even the header reads: everything below comes back empty
  }
  const read = <T>(what: (db: Database.Database) => T): T | undefined => {
    if (!source) return undefined;
    try {
      return what(source);
    } catch {
      return undefined;
    }
  };
  const state = read((db) => db.prepare('SELECT * FROM sync_state').all() as Row[]) ?? [];
  const events = read((db) => db.prepare('SELECT * FROM manifest_events').all() as Row[]);
  const tickets = read((db) => db.prepare('SELECT * FROM manifest_tickets').all() as Row[]);
  const manifestWhole = events !== undefined && tickets !== undefined;
  const peers = gapFreePeerRows(
    read((db) => db.prepare('SELECT * FROM peer_journal ORDER BY node_id, seq').all() as Row[]) ?? [],
  );
  const { rows, lost } = readJournal(read);
  source?.close();

  for (const f of [rebuilt, `${rebuilt}-wal`, `${rebuilt}-shm`]) rmSync(join(dataDir, f), { force: true });
  const target = openEdgeDatabase(dataDir, { file: rebuilt });
  const sqlite = target.sqlite;
  const keptState = manifestWhole ? state : state.filter((r) => !String(r.key).startsWith('manifest.'));
  sqlite.transaction(() => {
    insertAll(sqlite, 'sync_state', keptState);
    if (manifestWhole) {
      insertAll(sqlite, 'manifest_events', events);
      insertAll(sqlite, 'manifest_tickets', tickets);
    }
    insertAll(sqlite, 'peer_journal', peers);
    insertAll(sqlite, 'journal', rows);
  })();
  sqlite.pragma('journal_mode = DELETE'); // one self-contained file to move into place
  target.close();
  const acked = Number(state.find((r) => r.key === 'upload.ackedSeq')?.value ?? 0);
  return {
    keptAs,
    journalRows: rows.length - lost.length,
    lost,
    ackedSeq: Number.isFinite(acked) ? acked : 0,
    peerRows: peers.length,
    manifest: manifestWhole ? 'kept' : 'pulled again',
  };
}

/** Journal rows by seq, chunk by chunk, then row by row where a chunk fails; unreadable seqs become placeholders. */
function readJournal(read: <T>(what: (db: Database.Database) => T) => T | undefined) {
  const bySeq = new Map<number, Row>();
  const one = (seq: number) =>
    read((db) => db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as Row | undefined);
  let max = read(
    (db) => (db.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number | null }).m ?? 0,
  );
  const probing = max === undefined; // the table's rightmost page is unreadable: walk until nothing more comes
  let emptyChunks = 0;
  for (let from = 1; probing ? emptyChunks < 20 : from <= (max ?? 0); from += CHUNK) {
    const chunk = read(
      (db) =>
        db
          .prepare('SELECT * FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq')
          .all(from, from + CHUNK - 1) as Row[],
    );
    const got = new Map(chunk?.map((r) => [r.seq, r]));
    let found = 0;
    for (let seq = from; seq < from + CHUNK; seq++) {
      const row = got.get(seq) ?? (chunk ? undefined : one(seq));
      if (row) {
        bySeq.set(seq, row);
        found++;
      }
    }
    emptyChunks = found === 0 ? emptyChunks + 1 : 0;
  }
  if (probing) max = Math.max(0, ...bySeq.keys());
  const rows: Row[] = [];
  const lost: number[] = [];
  let previous: Row | undefined;
  for (let seq = 1; seq <= (max ?? 0); seq++) {
    const row = bySeq.get(seq) ?? one(seq);
    if (row) {
      rows.push(row);
      previous = row;
      continue;
    }
    lost.push(seq);
    const next = [...bySeq.entries()].find(([s]) => s > seq)?.[1];
    const near = previous ?? next;
    rows.push({
      seq,
      ticket_id: null,
      event_id: null,
      lane_id: String(near?.lane_id ?? 'unknown'),
      direction: 'entry',
      decision: 'reject',
      reason: 'storage',
      hlc: String(near?.hlc ?? '0'),
      at: String(near?.at ?? new Date(0).toISOString()),
      kind: 'scan',
      note: lostNote,
    });
  }
  return { rows, lost };
}

/** Peers' rows are held gap-free from seq 1 per node (src/edge/peer-store.ts); the rest is pulled again. */
function gapFreePeerRows(rows: Row[]): Row[] {
  const kept: Row[] = [];
  const mark = new Map<string, number>();
  for (const r of rows) {
    const node = String(r.node_id);
    const at = mark.get(node) ?? 0;
    if (r.seq !== at + 1) continue;
    mark.set(node, at + 1);
    kept.push(r);
  }
  return kept;
}

/** Inserts rows into the columns both databases have (a newer schema's extra columns keep their defaults). */
function insertAll(db: Database.Database, table: string, rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c in rows[0]!);
  const statement = db.prepare(
    `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const row of rows) statement.run(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
}

/**
 * Keeps the damaged files under their new name, then puts the new database in place.
 * Every step can be repeated: a salvage cut short is finished by running it again
 * (the edge refuses to start while `salvage.pending` exists).
 */
function finishSwap(dataDir: string, report: SalvageReport): SalvageReport {
  const file = join(dataDir, edgeDatabaseFile);
  const next = join(dataDir, rebuilt);
  if (existsSync(next)) {
    if (existsSync(file)) copyFileSync(file, report.keptAs);
    // Its WAL belongs to the damaged file: left beside the new one, SQLite would replay it there.
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${report.keptAs}-wal`);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(next, file);
  }
  rmSync(join(dataDir, salvagePendingFile), { force: true });
  return report;
}
