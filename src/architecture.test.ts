import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { relativeImportsOf } from '../test/support/imports.ts';

/**
 * The structure's rules that the type checker cannot see. Imports are read from the source text
 * (every relative specifier of `import`, `export … from` and `import()`, type-only ones included:
 * a cycle of types still ties two modules together, and becomes a runtime cycle at the first value).
 */

const src = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [file] : [];
  });
}

/** Each file of `src/` and the files of `src/` it imports. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const targets = relativeImportsOf(file, text);
    graph.set(
      path.relative(src, file),
      targets.filter((t) => t.startsWith(src)).map((t) => path.relative(src, t)),
    );
  }
  return graph;
}

/** The import cycles: each strongly connected group of files (Tarjan), sorted, as one line. */
export function importCycles(graph: Map<string, string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  let next = 0;
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || graph.get(file)?.includes(file)) cycles.push(group.sort().join(' ↔ '));
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort();
}

test('the import graph is read: every relative import names a file of src/', () => {
  const graph = importGraph();
  assert.ok(graph.size > 100);
  const missing = [...graph].flatMap(([file, targets]) =>
    targets.filter((t) => !graph.has(t) && !t.endsWith('.json')).map((t) => `${file} → ${t}`),
  );
  assert.deepEqual(missing, []);
});

test('the cycle finder sees a cycle', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  assert.deepEqual(importCycles(graph), ['a.ts ↔ b.ts ↔ c.ts']);
});

/**
 * The part of the structure a file belongs to: its feature (`features/<name>`), `platform`, `db`,
 * `cli`; a file at the top of `src/` or `features/` (entry points, the features' list) is its own.
 */
function partOf(file: string): string {
  const [top, name, ...rest] = file.split(path.sep);
  if (top === 'features' && rest.length > 0) return `features/${name}`;
  if (top === 'platform' || top === 'db' || top === 'cli') return top;
  return file;
}

/**
 * The graph of the parts: one part imports another when one of its files (tests left out: a
 * test may set up its data through any feature) imports one of the other's.
 */
export function partGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const parts = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const from = partOf(file);
    const edges = parts.get(from) ?? new Set<string>();
    parts.set(from, edges);
    for (const target of targets) if (partOf(target) !== from) edges.add(partOf(target));
  }
  return new Map([...parts].map(([part, edges]) => [part, [...edges]]));
}

test('no import cycle between the files of src/', () => {
  assert.deepEqual(importCycles(importGraph()), []);
});

test('no import cycle between the features, the platform, the schema and the CLI', () => {
  assert.deepEqual(importCycles(partGraph(importGraph())), []);
});

test('the platform imports no feature', () => {
  const platform = partGraph(importGraph()).get('platform') ?? [];
  assert.deepEqual(
    platform.filter((part) => part.startsWith('features')),
    [],
  );
});
