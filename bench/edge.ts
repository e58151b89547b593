/**
 * Edge benchmark (issue #5): on a 100k-ticket manifest with real signed codes,
 *  1. in-process decision latency (read → verdict, before the commit) and durable latency,
 *  2. sustained durable scans/s across 8 lanes (group commit, synchronous=FULL),
 *  3. end to end: a code written into a socat pty → the relay's ON command read out of
 *     another pty, through `tixmo edge` running as its own process,
 *  4. that edge process's start time and RSS,
 *  5. an idle edge synced with a real cloud: start time and RSS (bench/edge-process.ts).
 * Run: npx tsx bench/edge.ts  (or npm run bench:edge). Needs socat.
 * `--memory` runs only 3–5 (start time and memory), with 1,000 codes instead of 26,000.
 * The edge process is started through bin/tixmo.js: `npm run build` first to measure
 * the built JavaScript (what a gate runs); without it the bench measures tsx.
 * npm run bench:edge runs this process with the young generation the edge process keeps
 * (1 MB semi-spaces, src/edge/small-heap.ts), so the in-process latencies are measured
 * under the same garbage collector as a gate's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEdgeConfig } from '../src/edge/config.ts';
import { openEdgeDatabase } from '../src/edge/db/client.ts';
import { GroupCommit } from '../src/edge/group-commit.ts';
import { startEdge } from '../src/edge/runtime.ts';
import { EdgeStore, type JournalEntry, type JournalRow } from '../src/edge/store.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { ManifestTicket } from '../src/sync/protocol.ts';
import { handEvent, manifestPage } from '../test/helpers/manifest.ts';
import { openPtyPair } from '../test/helpers/pty.ts';
import { idleEdge, spawnEdge } from './edge-process.ts';

const memoryOnly = process.argv.includes('--memory');
const TICKETS = 100_000;
const DECISIONS = 5_000;
const DURABLE = 20_000;
const LANES = 8;
const E2E = 1_000;
const progress = (line: string) => process.stderr.write(`… ${line}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(3)} ms`;

const loadBefore = loadavg()[0]!;
const dir = mkdtempSync(join(tmpdir(), 'tixmo-bench-'));
const dataDir = join(dir, 'edge');
const results: Record<string, string> = {};

// --- the manifest -------------------------------------------------------------------
const ev = await handEvent('ev-bench');
const tickets: ManifestTicket[] = Array.from({ length: TICKETS }, (_, i) => ({
  id: `t${String(i).padStart(6, '0')}`,
  eventId: 'ev-bench',
  tierId: 'ev-bench-ga',
  status: 'VALID',
  version: 1,
}));
{
  const db = openEdgeDatabase(dataDir);
  const store = new EdgeStore(db.db);
  for (let i = 0; i < TICKETS; i += 5000) {
    store.applyManifestPage(manifestPage([ev.event], tickets.slice(i, i + 5000), `c${i}`), new Date());
    progress(`manifest ${Math.min(TICKETS, i + 5000)}/${TICKETS} tickets`);
  }
  db.close();
}
const needed = memoryOnly ? E2E : DECISIONS + DURABLE + E2E;
const codes: string[] = [];
for (let i = 0; i < needed; i++) {
  codes.push(await ev.sign({ id: tickets[i]!.id, tierId: 'ev-bench-ga' }));
  if ((i + 1) % 5000 === 0) progress(`signed ${i + 1}/${needed} codes`);
}
let next = 0;
const take = (n: number) => {
  next += n;
  return codes.slice(next - n, next);
};

// --- 1 and 2: in process --------------------------------------------------------------
const config = (lanes: unknown[], port = 0) =>
  parseEdgeConfig({
    cloudUrl: 'http://127.0.0.1:9',
    nodeToken: 'node-bench.secret-secret',
    dataDir,
    port,
    host: '127.0.0.1',
    pullIntervalMs: 3_600_000,
    uploadIntervalMs: 3_600_000,
    logLevel: 'silent',
    // No cloud here: decide at once instead of waiting to learn who is inside.
    rebuildTimeoutSeconds: 0,
    lanes,
  });
if (!memoryOnly) {
  // Times the moment each verdict reaches the journal queue: that is the decision.
  const submitted: number[] = [];
  const original = GroupCommit.prototype.submit;
  GroupCommit.prototype.submit = function (this: GroupCommit, entry: JournalEntry): Promise<JournalRow> {
    submitted.push(performance.now());
    return original.call(this, entry);
  };
  const edge = await startEdge({
    config: config(Array.from({ length: LANES }, (_, i) => ({ id: `lane-${i}`, direction: 'entry' }))),
    logger: createLogger({ level: 'silent' }),
  });
  const decision: number[] = [];
  const durable: number[] = [];
  const batch = take(DECISIONS);
  for (let i = 0; i < batch.length; i++) {
    const t = performance.now();
    const out = await edge.scan('lane-0', batch[i]!);
    if (out?.row.decision !== 'admit') throw new Error(`expected an admission, got ${out?.row.reason}`);
    durable.push(performance.now() - t);
    decision.push(submitted[submitted.length - 1]! - t);
    if ((i + 1) % 1000 === 0) progress(`decisions ${i + 1}/${DECISIONS}`);
  }
  GroupCommit.prototype.submit = original;
  results['decision latency (read → verdict, in process, one lane, idle)'] =
    `p50 ${ms(pct(decision, 50))}, p99 ${ms(pct(decision, 99))}, max ${ms(Math.max(...decision))}`;
  results['durable latency (read → fsynced journal row, one lane, idle)'] =
    `p50 ${ms(pct(durable, 50))}, p99 ${ms(pct(durable, 99))}`;

  // Sustained load, two ways: each lane waiting for its fsynced row before the next
  // read (one person at a time per lane), and each lane with up to 16 reads in flight
  // (a queue of handhelds or a scanner faster than the disk).
  for (const inFlight of [1, 16]) {
    const load = take(DURABLE / 2);
    const perLane = load.length / LANES;
    const before = edge.status().journal!;
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const mine = load.slice(lane * perLane, (lane + 1) * perLane);
        const worker = async () => {
          for (let code = mine.shift(); code; code = mine.shift()) {
            const out = await edge.scan(`lane-${lane}`, code);
            if (out?.row.decision !== 'admit')
              throw new Error(`expected an admission, got ${out?.row.reason}`);
            if (++done % 5000 === 0)
              progress(`durable scans (${inFlight} in flight per lane) ${done}/${load.length}`);
          }
        };
        await Promise.all(Array.from({ length: inFlight }, worker));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = edge.status().journal!;
    const commits = after.commits - before.commits;
    results[
      `sustained durable scans/s (${LANES} lanes, ${inFlight} read${inFlight > 1 ? 's' : ''} in flight per lane)`
    ] =
      `${Math.round(load.length / seconds)} scans/s (${load.length} scans in ${seconds.toFixed(2)} s, ${commits} commits, ${(load.length / commits).toFixed(1)} rows per commit)`;
  }
  await edge.close();
}

// --- 3 and 4: pty → tixmo edge process → relay pty -------------------------------------
{
  const [scanner, relay] = await Promise.all([openPtyPair(), openPtyPair()]);
  const configFile = join(dir, 'edge.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      cloudUrl: 'http://127.0.0.1:9',
      nodeToken: 'node-bench.secret-secret',
      dataDir,
      port: 0,
      host: '127.0.0.1',
      pullIntervalMs: 3_600_000,
      uploadIntervalMs: 3_600_000,
      rebuildTimeoutSeconds: 0,
      lanes: [
        {
          id: 'north-1',
          direction: 'entry',
          scanners: [{ type: 'serial', path: scanner.devicePath }],
          actuator: { type: 'relay', path: relay.devicePath, pulseMs: 50 },
        },
      ],
    }),
  );
  const child = await spawnEdge(configFile);
  results['start → listening (tixmo edge process, 100k-ticket manifest)'] =
    `${child.startMs.toFixed(0)} ms (CPU ${child.startCpuMs.toFixed(0)} ms)`;
  await new Promise((r) => setTimeout(r, 10_000));
  results['edge RSS (tixmo edge process, 100k-ticket manifest, 10 s after start)'] =
    `${child.rssMb().toFixed(1)} MB`;
  const ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);
  const ons = () => {
    const b = relay.received();
    let n = 0;
    for (let at = b.indexOf(ON); at !== -1; at = b.indexOf(ON, at + 4)) n++;
    return n;
  };
  let waiting: (() => void) | undefined;
  relay.onReceive(() => waiting?.());
  const e2e: number[] = [];
  const batch = take(E2E);
  for (let i = 0; i < batch.length; i++) {
    const want = ons() + 1;
    const opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no relay command for read ${i}`)), 5000);
      waiting = () => {
        if (ons() < want) return;
        clearTimeout(timer);
        waiting = undefined;
        resolve();
      };
    });
    const t = performance.now();
    scanner.write(`${batch[i]}\r\n`);
    await opened;
    e2e.push(performance.now() - t);
    if ((i + 1) % 250 === 0) progress(`pty → relay ${i + 1}/${E2E}`);
  }
  results['pty → relay end to end (tixmo edge process, socat ptys, fsync included)'] =
    `p50 ${ms(pct(e2e, 50))}, p99 ${ms(pct(e2e, 99))}, max ${ms(Math.max(...e2e))}`;
  results['edge RSS (tixmo edge process, 100k-ticket manifest, after the run)'] =
    `${child.rssMb().toFixed(1)} MB`;
  await child.stop();
  await scanner.close();
  await relay.close();
}

rmSync(dir, { recursive: true, force: true });
Object.assign(results, await idleEdge(progress));
console.log(
  `\nTixMo edge benchmark — ${TICKETS} tickets, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
);
// Other work on the machine shows up in the tails: the load average says how much there was.
console.log(`  load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`);
for (const [k, v] of Object.entries(results)) console.log(`  ${k}: ${v}`);
process.exit(0);
