import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudApi } from '../../src/demo/api-client.ts';
import { setupEvent } from '../helpers/factories.ts';
import { type CliProcess, runCli } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'tixmo-modes-'));

/** Every folder under (and including) `root` as [path, mode]: what another local user could reach. */
function modes(root: string): { dirs: [string, number][]; files: [string, number][] } {
  const dirs: [string, number][] = [[root, lstatSync(root).mode & 0o777]];
  const files: [string, number][] = [];
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, name);
    const st = lstatSync(path);
    (st.isDirectory() ? dirs : files).push([path, st.mode & 0o777]);
  }
  return { dirs, files };
}

function expectPrivate(root: string, mustHold: string[]) {
  const { dirs, files } = modes(root);
  for (const name of mustHold) expect(files.map(([p]) => p)).toContain(join(root, name));
  expect(dirs.filter(([, m]) => m !== 0o700)).toEqual([]);
  expect(files.filter(([, m]) => m !== 0o600)).toEqual([]);
}

/** What an older version (umask 022) left behind: folders 0755, files 0644. */
function loosen(root: string) {
  const { dirs, files } = modes(root);
  for (const [p] of dirs) chmodSync(p, 0o755);
  for (const [p] of files) chmodSync(p, 0o644);
}

function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tixmo: /);
  expect(lines[0]).toMatch(pattern);
}

async function startCloudProcess(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const p = runCli(['cloud', '--port', '0', '--data-dir', dataDir], env);
  const [, url] = await p.waitFor(/TixMo cloud listening on (http:\/\/\S+)/);
  return { p, url: url! };
}

function edgeConfig(name: string, dataDir: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      cloudUrl: 'http://127.0.0.1:9',
      nodeToken: 'node-id.0123456789abcdef',
      dataDir,
      port: 0,
      host: '127.0.0.1',
      lanes: [{ id: 'north-1', direction: 'entry' }],
    }),
  );
  return file;
}

async function startEdgeProcess(config: string): Promise<CliProcess> {
  const p = runCli(['edge', '--config', config]);
  await p.waitFor(/TixMo edge listening on/);
  return p;
}

describe('data dirs are private to the user that runs TixMo', () => {
  it('cloud (PGlite): 0700 folders and 0600 files, an older 0755/0644 dir fixed at start; another KEK file is refused', async () => {
    const dataDir = join(dir, 'cloud');
    let cloud = await startCloudProcess(dataDir);
    await setupEvent(new CloudApi(cloud.url));
    expectPrivate(dataDir, ['jwt-secret', 'key-encryption-key', 'pgdata/PG_VERSION']);
    expect(await cloud.p.kill('SIGTERM')).toBe(0);
    expectPrivate(dataDir, ['jwt-secret', 'key-encryption-key']);

    loosen(dataDir);
    expect(modes(dataDir).files.some(([, m]) => m === 0o644)).toBe(true);
    cloud = await startCloudProcess(dataDir);
    expectPrivate(dataDir, ['jwt-secret', 'key-encryption-key', 'pgdata/PG_VERSION']);
    expect(await cloud.p.kill('SIGTERM')).toBe(0);

    // The signing keys were sealed with the KEK in this file: another one must not start the cloud.
    writeFileSync(join(dataDir, 'key-encryption-key'), 'some-other-key-encryption-key-0123456789\n');
    const refused = runCli(['cloud', '--port', '0', '--data-dir', dataDir]);
    expect(await refused.exited()).toBe(2);
    expectOneClearLine(
      refused.stderr(),
      /sealed with key-encryption key \S+, and TIXMO_KEY_ENCRYPTION_KEY is key/,
    );
  }, 240_000);

  it('edge: the SQLite database, its WAL and the folder are private, also when an older run left them open', async () => {
    const dataDir = join(dir, 'edge');
    const config = edgeConfig('edge', dataDir);
    let edge = await startEdgeProcess(config);
    expectPrivate(dataDir, ['edge.sqlite', 'edge.sqlite-wal', 'edge.sqlite-shm']);
    expect(await edge.kill('SIGTERM')).toBe(0);
    loosen(dataDir);
    edge = await startEdgeProcess(config);
    expectPrivate(dataDir, ['edge.sqlite', 'edge.sqlite-wal', 'edge.sqlite-shm']);
    expect(await edge.kill('SIGTERM')).toBe(0);
  }, 120_000);

  it.skipIf(process.getuid?.() !== 0)(
    'a data dir that belongs to another user is refused with one line (cloud and edge)',
    async () => {
      const foreign = join(dir, 'foreign');
      mkdirSync(foreign, { mode: 0o755 });
      chownSync(foreign, 65534, 65534);
      const cloud = runCli(['cloud', '--port', '0', '--data-dir', foreign]);
      expect(await cloud.exited()).toBe(2);
      expectOneClearLine(cloud.stderr(), /belongs to uid 65534, not to this user \(uid 0\)/);
      const edge = runCli(['edge', '--config', edgeConfig('foreign', foreign)]);
      expect(await edge.exited()).toBe(2);
      expectOneClearLine(edge.stderr(), /belongs to uid 65534, not to this user \(uid 0\)/);
      expect(lstatSync(foreign).mode & 0o777).toBe(0o755);
    },
  );
});
