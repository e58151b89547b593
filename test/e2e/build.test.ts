import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { eventually } from '../helpers/processes.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: { kill(): void }[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** A copy of the project as a fresh clone would have it, sharing the installed node_modules. */
function cloneProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-build-'));
  for (const path of [
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts',
    'src',
    'bin',
    'drizzle',
  ])
    cpSync(join(root, path), join(dir, path), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Starts `node bin/tixmo.js edge` in `dir`; resolves once it listens. */
async function startEdge(dir: string) {
  const config = join(dir, 'edge.json');
  writeFileSync(
    config,
    JSON.stringify({
      cloudUrl: 'http://127.0.0.1:9',
      nodeToken: 'node-build.secret-secret',
      dataDir: join(dir, 'data'),
      port: 0,
      host: '127.0.0.1',
      lanes: [{ id: 'a', direction: 'entry' }],
    }),
  );
  const child = spawn(process.execPath, [join(dir, 'bin/tixmo.js'), 'edge', '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  await eventually(() => (/listening on/.test(out) ? true : undefined), 'the edge listens');
  return child;
}

/** tsx compiles through a long-lived esbuild child process; plain node has none. */
function childCommands(pid: number): string[] {
  const kids = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  return kids.map((kid) => readFileSync(`/proc/${kid}/cmdline`, 'utf8').replace(/\0/g, ' '));
}

describe('npm run build', () => {
  it('emits JavaScript that tixmo runs with plain node; sources changed since run through tsx', async () => {
    const dir = cloneProject();
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'pipe' });
    expect(existsSync(join(dir, 'dist/cli.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist/edge/runtime.js'))).toBe(true);
    const runtime = readFileSync(join(dir, 'dist/edge/runtime.js'), 'utf8');
    expect(runtime).toMatch(/from "\.\/store\.js"/);
    expect(runtime).not.toMatch(/from ["'][^"']+\.ts["']/);

    // `npm install` and every `npx tixmo` in a checkout run `prepare`: an up-to-date dist/
    // is left alone (it once was rebuilt under a running gate, which then found no dist/cli.js).
    const stamp = readFileSync(join(dir, 'dist/build.json'), 'utf8');
    const prepared = execFileSync('npm', ['run', 'prepare'], { cwd: dir, encoding: 'utf8' });
    expect(prepared).toMatch(/dist\/ is up to date with src\/: not rebuilt/);
    expect(readFileSync(join(dir, 'dist/build.json'), 'utf8')).toBe(stamp);

    // A rebuild replaces dist/ whole when it is done: a tixmo started meanwhile finds a build.
    // The old way (delete, then compile for seconds) missed hundreds of these looks.
    let looks = 0;
    let missing = 0;
    const watch = setInterval(() => {
      looks++;
      if (!existsSync(join(dir, 'dist/cli.js'))) missing++;
    }, 5);
    const rebuilt = spawn('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
    const rebuiltCode = await new Promise<number | null>((resolve) => rebuilt.once('close', resolve));
    clearInterval(watch);
    expect(rebuiltCode).toBe(0);
    expect(readFileSync(join(dir, 'dist/build.json'), 'utf8')).not.toBe(stamp);
    expect(looks).toBeGreaterThan(10);
    expect(missing).toBeLessThanOrEqual(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('.dist-'))).toEqual([]);

    // An installed image has no sources: the build runs, migrations found from dist/.
    rmSync(join(dir, 'src'), { recursive: true });
    const version = execFileSync(process.execPath, [join(dir, 'bin/tixmo.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(version).toMatch(/^tixmo \d+\.\d+\.\d+\n$/);
    const built = await startEdge(dir);
    expect(childCommands(built.pid!)).toEqual([]);
    built.kill();

    // The built cloud's mail thread (a worker with its own entry file) sends: a welcome
    // mail lands as .eml. CI runs every process test from dist/ (npm ci builds it), and a
    // build without a runnable mail thread once left every mail retrying forever.
    const port = await freePort();
    const dataDir = join(dir, 'cloud-data');
    const cloud = spawn(
      process.execPath,
      [join(dir, 'bin/tixmo.js'), 'cloud', '--port', String(port), '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TIXMO_OUTBOX_POLL_MS: '50' } },
    );
    children.push(cloud);
    let cloudOut = '';
    cloud.stdout.on('data', (d) => {
      cloudOut += String(d);
    });
    cloud.stderr.on('data', (d) => {
      cloudOut += String(d);
    });
    await eventually(
      () => (/listening on/.test(cloudOut) ? true : undefined),
      'the built cloud listens',
      2400,
    );
    const registered = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'built@example.com', password: 'correct horse battery', name: 'Built' }),
    });
    expect(registered.status).toBe(201);
    const mail = await eventually(
      () => {
        const files = existsSync(join(dataDir, 'mail')) ? readdirSync(join(dataDir, 'mail')) : [];
        const eml = files.find((f) => f.endsWith('.eml'));
        return eml ? readFileSync(join(dataDir, 'mail', eml), 'utf8') : undefined;
      },
      'a welcome .eml from the built cloud',
      1200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; its log:\n${cloudOut.slice(-2000)}`);
    });
    expect(mail).toMatch(/^To: .*built@example\.com/m);
    expect(cloudOut).not.toMatch(/mail thread failed/);
    cloud.kill();

    // A checkout whose sources are newer than the build: tsx, never stale code.
    cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
    const fromSource = await startEdge(dir);
    expect(childCommands(fromSource.pid!).join('\n')).toMatch(/esbuild/);
  }, 300_000);
});
