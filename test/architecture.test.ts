import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Every .ts file under src/ with the relative modules it imports (type-only imports left out: they vanish at run time). */
function importGraph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(src);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)].map(
      (m) => relative(src, normalize(join(dirname(file), m[1]!))),
    );
    graph.set(relative(src, file), targets);
  }
  return graph;
}

const layer = (path: string) => path.split('/')[0]!;

describe('the code base’s shape (docs/architecture.md)', () => {
  const graph = importGraph();

  it('imports point downward: cloud and edge never import each other; sync and devices use only shared', () => {
    const allowed: Record<string, string[]> = {
      cloud: ['cloud', 'sync', 'devices', 'shared'],
      edge: ['edge', 'sync', 'devices', 'shared'],
      sync: ['sync', 'shared'],
      devices: ['devices', 'shared'],
      shared: ['shared'],
    };
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const may = allowed[layer(file)];
      if (!may) continue; // the CLIs on top (cli.ts, demo/, ops/) may use any layer
      for (const target of targets) if (!may.includes(layer(target))) wrong.push(`${file} → ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has no import circles', () => {
    const cycles: string[] = [];
    const done = new Set<string>();
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (file: string) => {
      done.add(file);
      onPath.add(file);
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (onPath.has(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else if (!done.has(next)) visit(next);
      }
      path.pop();
      onPath.delete(file);
    };
    for (const file of graph.keys()) if (!done.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
