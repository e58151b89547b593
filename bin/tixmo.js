#!/usr/bin/env node
// Runs the built JavaScript in dist/ with plain node when it is up to date: built
// (`npm run build`, also run by `npm install`) after the last change under src/, or
// when there is no src/ (an installed image). Otherwise — a checkout whose sources
// changed since the build — it runs the TypeScript sources through tsx, so development
// and the tests never run stale code. tsx costs a gate ≈ 75 MB and a second of start.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestChange(dir) {
  let newest = statSync(dir).mtimeMs; // a deleted file changes its directory
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8')).startedAt;
  } catch {
    return null;
  }
}

const built = builtAt();
const src = join(root, 'src');
if (built !== null && (!existsSync(src) || newestChange(src) < built)) {
  await import('../dist/cli.js');
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('tixmo: dist/ is missing or older than src/ — run `npm run build`\n');
    process.exit(2);
  }
  tsx.register();
  await import('../src/cli.ts');
}
