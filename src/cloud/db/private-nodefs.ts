import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type Init = Awaited<ReturnType<NodeFS['init']>>;
type Mod = Parameters<Init['emscriptenOpts']['preRun'] extends (infer F)[] | undefined ? F : never>[0];

/**
 * PGlite's files on disk, created private to this user. Emscripten's file layer sets
 * the mode of every file it creates with an explicit chmod (0666 for PGlite's initial
 * files and some WAL segments), which the process umask cannot narrow; so its chmod
 * drops group and other bits here. Together with the 0700 data dir, no other local
 * user can read the database, its WAL or the sealed keys in it.
 */
export class PrivateNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]): Promise<Init> {
    const init = await super.init(pg, opts);
    const privateModes = (mod: Mod) => {
      const fs = mod.FS as unknown as {
        chmod(path: unknown, mode: number, dontFollow?: boolean): void;
        fchmod(fd: number, mode: number): void;
      };
      const chmod = fs.chmod.bind(fs);
      const fchmod = fs.fchmod.bind(fs);
      fs.chmod = (path, mode, dontFollow) => chmod(path, mode & ~0o077, dontFollow);
      fs.fchmod = (fd, mode) => fchmod(fd, mode & ~0o077);
    };
    init.emscriptenOpts.preRun = [privateModes, ...(init.emscriptenOpts.preRun ?? [])];
    return init;
  }
}
