// `npm run build`: compiles src/ to dist/ (tsc; imports rewritten from .ts to .js) and
// notes when the build started, which bin/tixmo.js compares with src/ to choose dist/
// or tsx. Types are checked by `npm run typecheck`, not here (--noCheck: 7 s instead
// of 30). `--prepare` (npm install, npm ci, and every `npx tixmo` in a checkout, which
// installs the checkout into npx's cache and so runs `prepare` here): skipped where
// TypeScript is not installed, and where dist/ is already up to date.
//
// The build goes to a sibling directory that replaces dist/ only when complete: a
// `tixmo` started meanwhile (a gate restarting, a test) finds the old build or the new
// one, never a dist/ half deleted.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../bin/build-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const prepare = process.argv.includes('--prepare');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (prepare) {
    process.stdout.write('tixmo: TypeScript is not installed (production install): dist/ not rebuilt\n');
    process.exit(0);
  }
  process.stderr.write('tixmo: TypeScript is not installed: run `npm install` first\n');
  process.exit(1);
}
if (prepare && distIsCurrent(root)) {
  process.stdout.write('tixmo: dist/ is up to date with src/: not rebuilt\n');
  process.exit(0);
}

const startedAt = Date.now();
// Same depth as dist/, so the source maps' relative paths to src/ hold after the swap.
const next = join(root, `.dist-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const run = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck', '--outDir', next],
  { stdio: 'inherit' },
);
if (run.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}
writeFileSync(join(next, 'build.json'), `${JSON.stringify({ startedAt })}\n`);
// Two renames: dist/ is missing only between them (microseconds), not for the whole build.
try {
  renameSync(dist, old);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
try {
  renameSync(next, dist);
} catch (err) {
  // Another build swapped its own in between ours: it is as new as this one.
  if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  rmSync(next, { recursive: true, force: true });
}
rmSync(old, { recursive: true, force: true });
