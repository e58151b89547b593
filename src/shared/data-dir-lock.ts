import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';

export interface DataDirLock {
  readonly dir: string;
  release(): void;
}

interface Holder {
  pid: number;
  since: string;
  command: string;
}

/** A held lock per directory in this process: a second start in the same process is refused too. */
const heldHere = new Map<string, Holder>();

/**
 * One process per data dir. The lock is an exclusive SQLite lock on `tixmo.lock`: an
 * fcntl lock the kernel drops when the holder dies, so a process killed with -9 (or a
 * power cut) never leaves a stale lock behind, and a re-used pid cannot fake one. Who
 * holds it is written beside it (`tixmo.lock.json`) for the refusal message.
 * better-sqlite3 is loaded only here, so a cloud on Postgres never loads it.
 */
export async function lockDataDir(dataDir: string, what: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const holderFile = join(dir, 'tixmo.lock.json');
  const refuse = (holder: Holder | undefined): never => {
    const who = holder
      ? `pid ${holder.pid} (${holder.command}, since ${holder.since})`
      : 'another process (pid unknown)';
    throw new ConfigError(
      `data dir ${dir} is in use by ${who} — stop that process first, or give this ${what} its own data dir`,
    );
  };
  if (heldHere.has(dir)) refuse(heldHere.get(dir));
  let lock: import('better-sqlite3').Database;
  try {
    mkdirSync(dir, { recursive: true });
    const { default: Database } = await import('better-sqlite3');
    lock = new Database(join(dir, 'tixmo.lock'), { timeout: 0 });
  } catch (err) {
    throw new ConfigError(
      `data dir ${dir} cannot be used (${(err as Error).message}) — check the path, its owner and free space`,
    );
  }
  try {
    lock.pragma('journal_mode = OFF'); // nothing in it to protect; no -journal file beside it
    lock.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; EXCLUSIVE locking mode keeps it until close.
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at TEXT); COMMIT');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') refuse(readHolder(holderFile));
    throw new ConfigError(`data dir ${dir} cannot be locked (${(err as Error).message}) — check the disk`);
  }
  const holder: Holder = { pid: process.pid, since: new Date().toISOString(), command: what };
  try {
    writeFileSync(holderFile, `${JSON.stringify(holder)}\n`);
  } catch {
    // Only for the refusal message (a full disk must not stop a start that holds the lock).
  }
  heldHere.set(dir, holder);
  let released = false;
  return {
    dir,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      // Before the lock goes: once it is gone, the file may already be the next holder's.
      try {
        rmSync(holderFile, { force: true });
      } catch {
        // a stale holder file is harmless: the lock itself is the truth
      }
      lock.close();
    },
  };
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, since: String(parsed.since ?? '?'), command: String(parsed.command ?? '?') };
  } catch {
    return undefined;
  }
}
