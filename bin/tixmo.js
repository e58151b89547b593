#!/usr/bin/env node
// Runs the built JavaScript in dist/ with plain node when it is up to date: built
// (`npm run build`, also run by `npm install`) after the last change under src/, or
// when there is no src/ (an installed image). Otherwise — a checkout whose sources
// changed since the build — it runs the TypeScript sources through tsx, so development
// and the tests never run stale code. tsx costs a gate ≈ 75 MB and a second of start.
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './build-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (distIsCurrent(root)) {
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
