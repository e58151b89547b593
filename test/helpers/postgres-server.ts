import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from './binaries.ts';
import { freePort } from './ports.ts';

/** A Postgres program (initdb, pg_ctl, pg_dump): on the PATH or in Debian's versioned folder. */
export function pgBin(name: string): string | null {
  const onPath = which(name);
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort().reverse()) {
    const candidate = join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Runs a Postgres binary as the `postgres` user when we are root (initdb refuses root). */
function runPg(binary: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface PostgresServer {
  url: string;
  stop(): void;
}

/** A throwaway Postgres cluster in a temp dir, on a free loopback port, fsync off (tests only). */
export async function startPostgresServer(): Promise<PostgresServer | { missing: string }> {
  const initdb = pgBin('initdb');
  const pgCtl = pgBin('pg_ctl');
  if (!initdb || !pgCtl) return { missing: 'initdb/pg_ctl not found: install the Debian package postgresql' };
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  runPg(initdb, ['-D', data, '-U', 'tixmo', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  runPg(pgCtl, [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    'start',
  ]);
  return {
    url: `postgres://tixmo@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        runPg(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
