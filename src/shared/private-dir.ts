import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';

/**
 * Files this process creates from now on are private to its user (0600 files, 0700
 * folders). PGlite creates its files 0666 and SQLite 0644 and rely on the umask; the
 * default 022 left the databases, the event signing keys in them and the scan journal
 * readable by every local user. Process-wide, so call it once at start.
 */
export function restrictUmask(): void {
  process.umask(0o077);
}

/**
 * Makes `dir` a private data folder: created 0700 if missing; if it exists, it and
 * everything in it lose their group and other permissions (an older version, a copy
 * or a restore may have left them 0755/0644). Refuses, with one line the CLI prints, a
 * folder or file that belongs to another user: fixing it would need their rights, and
 * files this process then wrote would be out of their owner's reach.
 */
export function securePrivateDir(dir: string): void {
  restrictUmask();
  if (dirname(resolve(dir)) === resolve(dir))
    throw new ConfigError(`data dir ${dir} is the root of the file system: give TixMo a folder of its own`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const uid = process.getuid?.();
    const top = statSync(dir); // the data dir itself may be a symlink to where the disk is
    if (!top.isDirectory()) throw new ConfigError(`data dir ${dir} is not a folder`);
    check(dir, top.uid, uid);
    tighten(dir, top.mode);
    walk(dir, uid);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof ConfigError || !code) throw err;
    const path = (err as NodeJS.ErrnoException).path ?? dir;
    const why: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EEXIST: 'is a file, not a folder',
      ENOTDIR: 'a part of the path is a file, not a folder',
    };
    throw new ConfigError(`data dir: ${path}: ${why[code] ?? code}`);
  }
}

function walk(dir: string, uid: number | undefined, top = true): void {
  for (const name of readdirSync(dir)) {
    // A data dir that is a file system of its own has fsck's folder, which belongs to root.
    if (top && name === 'lost+found') continue;
    const path = join(dir, name);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) continue; // never follow a link out of the data dir
    check(path, st.uid, uid);
    tighten(path, st.mode);
    if (st.isDirectory()) walk(path, uid, false);
  }
}

function check(path: string, owner: number, uid: number | undefined): void {
  if (uid !== undefined && owner !== uid)
    throw new ConfigError(
      `data dir: ${path} belongs to uid ${owner}, not to this user (uid ${uid}): run as its owner or chown -R the data dir`,
    );
}

/** Drops group and other bits only, so an owner's execute bit on a stray file survives. */
function tighten(path: string, mode: number): void {
  if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
}
