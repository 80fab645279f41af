import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The layers of a feature (DESIGN.md, "Architecture"): routes and views speak HTTP and HTML and
 * reach data only through a service; only services call a store. This test reads the imports of
 * every HTTP and view file so that a shortcut to a store fails here, not in a review.
 */

const root = import.meta.dirname;

/** Files that must not reach a store: route modules, the certificate TLS listener, every view. */
const isHttpOrView = (file: string) => {
  const base = path.basename(file);
  return (
    /^routes.*\.tsx?$/.test(base) || base === 'tls-listener.ts' || file.split(path.sep).includes('views')
  );
};
const isStore = (specifier: string) => /^store.*\.ts$/.test(path.basename(specifier));

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    files.push(path.join(entry.parentPath, entry.name));
  }
  return files;
}

/** Every module a file imports or re-exports, types included: `import`, `export … from`, `import()`. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('layers', () => {
  it('reads imports of every form', () => {
    // Quoted apart, so that the architecture test's reader does not take the examples for imports.
    const q = "'";
    const source = [
      `import { a } from ${q}./store.ts${q};`,
      `import type { B } from ${q}../store-mandates.ts${q};`,
      `export type { C } from ${q}../x/store.ts${q};`,
      `const d = await import(${q}./store.ts${q});`,
      `import ${q}./side-effect.ts${q};`,
    ].join('\n');
    assert.deepEqual(importsOf(source), [
      './store.ts',
      '../store-mandates.ts',
      '../x/store.ts',
      './store.ts',
      './side-effect.ts',
    ]);
  });

  it('no route, TLS listener or view imports a store', async () => {
    const files = (await sourceFiles(root)).filter(isHttpOrView);
    assert.ok(files.length > 30, `only ${files.length} route and view files found`);
    const offenders: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(await readFile(file, 'utf8'))) {
        if (isStore(specifier)) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(offenders, [], 'go through the feature’s service instead');
  });

  it('transactions all go through inTransaction (one typed style, no casts of the transaction)', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(root)) {
      if (path.relative(root, file) === path.join('platform', 'db.ts')) continue;
      if (/\.transaction\(/.test(await readFile(file, 'utf8'))) offenders.push(path.relative(root, file));
    }
    assert.deepEqual(offenders, [], 'use inTransaction(db, (tx) => …) from platform/db.ts');
  });
});
