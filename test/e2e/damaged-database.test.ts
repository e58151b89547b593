import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { EdgeStore, type JournalEntry } from '../../src/edge/store.ts';
import { handEvent, manifestPage } from '../helpers/manifest.ts';
import { freePort } from '../helpers/ports.ts';
import { runCli } from '../helpers/processes.ts';

const TICKETS = 4000;
const ROWS = 3000;
const ACKED = 1000;

async function edgeConfig(dataDir: string): Promise<string> {
  const file = join(dataDir, '..', `edge-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      cloudUrl: `http://127.0.0.1:${await freePort()}`,
      nodeToken: 'node-hand.0123456789abcdef',
      dataDir,
      port: await freePort(),
      host: '127.0.0.1',
      lanes: [{ id: 'north-1', direction: 'entry' }],
    }),
  );
  return file;
}

async function runToEnd(args: string[]) {
  const p = runCli(args);
  const code = await p.exited();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** One line naming the file and the fix; never a stack trace. */
function expectOneLine(stderr: string, file: string, fix: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(fix);
  expect(stderr).not.toMatch(/\n\s+at |SqliteError/);
}

/** A gate's database as a day of scanning leaves it: a manifest, a journal, part of it uploaded. */
async function journalledDataDir(): Promise<string> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'tixmo-damaged-')), 'edge');
  const ev = await handEvent('ev-d');
  const tickets = Array.from({ length: TICKETS }, (_, i) => ({
    id: `ticket-${String(i).padStart(6, '0')}`,
    eventId: 'ev-d',
    tierId: 'ev-d-ga',
    status: 'VALID' as const,
    version: 1,
  }));
  const db = openEdgeDatabase(dataDir);
  const store = new EdgeStore(db.db);
  store.applyManifestPage(manifestPage([ev.event], tickets), new Date());
  const at = new Date().toISOString();
  const entries: JournalEntry[] = tickets.slice(0, ROWS).map((t, i) => ({
    ticketId: t.id,
    eventId: 'ev-d',
    laneId: 'north-1',
    direction: 'entry',
    decision: 'admit',
    reason: 'ok',
    hlc: `${String(Date.now()).padStart(13, '0')}-${String(i).padStart(5, '0')}-node-hand`,
    at,
  }));
  for (let i = 0; i < entries.length; i += 100) store.appendJournal(entries.slice(i, i + 100));
  store.setAckedSeq(ACKED);
  db.close(); // the last connection: checkpointed into the main file
  return dataDir;
}

/** Overwrites one leaf page of `table` in the middle with garbage, as a failing card would. */
function damagePage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all(table) as number[];
  db.close();
  const page = pages[Math.floor(pages.length / 2)]!;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

describe('a damaged or unreadable edge database', () => {
  it('a file that is not a database: the edge stops with one line naming the file and --salvage', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tixmo-garbage-')), 'edge');
    mkdirSync(dataDir);
    const file = join(dataDir, 'edge.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const config = await edgeConfig(dataDir);
    const run = await runToEnd(['edge', '--config', config]);
    expect(run.code, run.stderr).toBe(2);
    expectOneLine(run.stderr, file, /is damaged .*tixmo edge --config /);
    expect(run.stderr).toContain(`tixmo edge --config ${config} --salvage`);
  });

  it('an unreadable file: one line naming it and what to check', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tixmo-unreadable-')), 'edge');
    const file = join(dataDir, 'edge.sqlite');
    mkdirSync(file, { recursive: true }); // a directory where the file should be: no one can open it
    const run = await runToEnd(['edge', '--config', await edgeConfig(dataDir)]);
    expect(run.code, run.stderr).toBe(2);
    expectOneLine(run.stderr, file, /cannot be opened .* check that the disk is mounted/);
  });

  it('a damaged page: refused at start (never a 500 per scan); --salvage keeps every readable journal row, the edge starts again', async () => {
    const dataDir = await journalledDataDir();
    const file = join(dataDir, 'edge.sqlite');
    damagePage(file, 'manifest_tickets');
    damagePage(file, 'journal');
    const config = await edgeConfig(dataDir);

    const refused = await runToEnd(['edge', '--config', config]);
    expect(refused.code).toBe(2);
    expectOneLine(refused.stderr, file, /is damaged .*--salvage/);

    const salvage = await runToEnd(['edge', '--config', config, '--salvage']);
    expect(salvage.stderr).toBe('');
    expect(salvage.code).toBe(0);
    const lostCount = Number(salvage.stdout.match(/\((\d+) unreadable/)?.[1]);
    expect(lostCount).toBeGreaterThan(0);
    expect(lostCount).toBeLessThan(ROWS / 4);
    expect(salvage.stdout).toMatch(/manifest: unreadable, it will be pulled from the cloud again/);
    const kept = readdirSync(dataDir).filter(
      (f) => f.startsWith('edge.sqlite.damaged-') && !f.endsWith('-wal'),
    );
    expect(kept).toHaveLength(1);

    const edge = runCli(['edge', '--config', config]);
    const url = (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
    const status = (await (await fetch(`${url}/api/v1/status`)).json()) as EdgeStatus;
    expect(status.upload).toMatchObject({ lastSeq: ROWS, ackedSeq: ACKED, pending: ROWS - ACKED });
    expect(await edge.kill('SIGTERM')).toBe(0);

    // Every seq is there; the unreadable ones say so instead of vanishing.
    const db = openEdgeDatabase(dataDir);
    const rows = new EdgeStore(db.db).journalAfter(0, ROWS + 10);
    db.close();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    const placeholders = rows.filter((r) => r.reason === 'storage');
    expect(placeholders).toHaveLength(lostCount);
    expect(rows.filter((r) => r.decision === 'admit')).toHaveLength(ROWS - lostCount);
  }, 180_000);
});
