/**
 * `tixmo edge` as its own process, as a gate computer runs it: start time (spawn →
 * "listening on"), resident memory, and the idle edge connected to a real cloud.
 * Used by bench/edge.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { loadCloudConfig } from '../src/cloud/config.ts';
import { startCloud } from '../src/cloud/server.ts';
import { CloudApi } from '../src/demo/api-client.ts';
import { createLogger } from '../src/shared/logger.ts';
import { buyTickets, setupEvent } from '../test/helpers/factories.ts';

const cli = fileURLToPath(new URL('../bin/tixmo.js', import.meta.url));

export interface EdgeProcess {
  child: ChildProcess;
  url: string;
  /** Spawn → "listening on" printed, in ms. */
  startMs: number;
  /** CPU time (user + system) the process used until then, in ms (10 ms resolution). */
  startCpuMs: number;
  rssMb(): number;
  /** `tsx` when bin/tixmo.js ran the sources (its esbuild child), `dist` when the build. */
  runs(): 'dist' | 'tsx';
  stop(): Promise<void>;
}

/** Starts `tixmo edge --config FILE` the way a user does (bin/tixmo.js) and drains its output. */
export async function spawnEdge(configFile: string): Promise<EdgeProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'edge', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
      if (out.length > 65536) out = out.slice(-4096);
    });
    child.once('exit', (code) => reject(new Error(`tixmo edge exited (${code}): ${out}`)));
  });
  const startMs = performance.now() - started;
  // CPU the process spent getting there: what start costs on a quiet box (wall time on a
  // shared machine is mostly waiting for a core).
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const startCpuMs = ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
  const kids = readdirSync(`/proc/${child.pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  const runs = kids.some((k) => readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('esbuild'))
    ? 'tsx'
    : 'dist';
  return {
    child,
    url,
    startMs,
    startCpuMs,
    runs: () => runs,
    rssMb: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** RSS sampled once a second for `seconds`: the median and the largest sample. */
async function sampleRss(edge: EdgeProcess, seconds: number): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    samples.push(edge.rssMb());
  }
  return `${median(samples).toFixed(1)} MB (max ${Math.max(...samples).toFixed(1)} MB over ${seconds} s)`;
}

/**
 * An edge registered with a real cloud (in this process, embedded PGlite): synced,
 * heartbeating and long-polling as in production, no scans. Its RSS after it settled,
 * then with a live screen connected and after a Prometheus scrape; and its start time.
 */
export async function idleEdge(progress: (line: string) => void): Promise<Record<string, string>> {
  const results: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-bench-idle-'));
  const logger = createLogger({ level: 'silent' });
  const cloud = await startCloud(
    loadCloudConfig({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'cloud'), logLevel: 'silent' }, {}),
    logger,
  );
  try {
    const api = new CloudApi(cloud.url);
    const setup = await setupEvent(api, { quantity: 200 });
    await buyTickets(api, setup, 10);
    const configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: join(dir, 'edge'),
        port: 0,
        host: '127.0.0.1',
        lanes: [{ id: 'north-1', direction: 'entry' }],
      }),
    );
    const starts: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 5; i++) {
      const edge = await spawnEdge(configFile);
      starts.push(edge.startMs);
      cpu.push(edge.startCpuMs);
      progress(`idle edge start ${i + 1}/5: ${edge.startMs.toFixed(0)} ms`);
      if (i < 4) {
        await edge.stop();
        continue;
      }
      for (;;) {
        const status = (await (await fetch(`${edge.url}/api/v1/status`)).json()) as {
          manifest: { syncedAt: string | null };
        };
        if (status.manifest.syncedAt) break;
        await sleep(100);
      }
      results['tixmo edge ran'] =
        edge.runs() === 'dist' ? 'dist/ with plain node' : 'the sources through tsx';
      progress('idle edge synced; letting it settle for 30 s');
      await sleep(30_000);
      results['idle edge RSS (synced with a cloud, no scans, 30 s after)'] = await sampleRss(edge, 10);
      const screen = io(`${edge.url}/live`, { transports: ['websocket'] });
      await new Promise<void>((resolve) => screen.once('connect', () => resolve()));
      results['idle edge RSS with a live screen connected'] = await sampleRss(edge, 5);
      await fetch(`${edge.url}/metrics`).then((r) => r.text());
      results['idle edge RSS with a live screen, after a /metrics scrape'] = await sampleRss(edge, 5);
      screen.close();
      await edge.stop();
    }
    results['start → listening (idle edge, 5 starts)'] =
      `median ${median(starts).toFixed(0)} ms, max ${Math.max(...starts).toFixed(0)} ms; CPU median ${median(cpu).toFixed(0)} ms`;
  } finally {
    await cloud.close();
  }
  return results;
}
