// Whether dist/ holds an up-to-date build of src/: bin/tixmo.js runs dist/ only then, and
// `npm install` / `npx tixmo` (the `prepare` script) skip rebuilding it then.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestChange(dir) {
  let newest = statSync(dir).mtimeMs; // a deleted file changes its directory
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** When the build in `root`/dist started (dist/build.json, written last), or null without one. */
export function builtAt(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8')).startedAt;
  } catch {
    return null;
  }
}

/** A build exists and started after the last change under src/ (or there is no src/: an image). */
export function distIsCurrent(root) {
  const built = builtAt(root);
  const src = join(root, 'src');
  return (
    built !== null &&
    existsSync(join(root, 'dist', 'cli.js')) &&
    (!existsSync(src) || newestChange(src) < built)
  );
}
