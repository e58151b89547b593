// `npm run build`: compiles src/ to dist/ (tsc; imports rewritten from .ts to .js) and
// notes when the build started, which bin/tixmo.js compares with src/ to choose dist/
// or tsx. Types are checked by `npm run typecheck`, not here (--noCheck: 7 s instead
// of 30). `--prepare` (npm install, npm ci): skipped where TypeScript is not installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (process.argv.includes('--prepare')) {
    process.stdout.write('tixmo: TypeScript is not installed (production install): dist/ not rebuilt\n');
    process.exit(0);
  }
  process.stderr.write('tixmo: TypeScript is not installed: run `npm install` first\n');
  process.exit(1);
}
const startedAt = Date.now();
rmSync(dist, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck'], {
  stdio: 'inherit',
});
if (run.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'build.json'), `${JSON.stringify({ startedAt })}\n`);
