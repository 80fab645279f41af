import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { importsOf } from '../test/support/imports.ts';
import * as schema from './db/schema/index.ts';

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

  it("no feature imports another feature's store: it reads through that feature's services", async () => {
    const features = path.join(root, 'features');
    const offenders: string[] = [];
    for (const file of await sourceFiles(features)) {
      const own = path.relative(features, file).split(path.sep)[0]!;
      for (const specifier of importsOf(await readFile(file, 'utf8'))) {
        const target = path.relative(features, path.resolve(path.dirname(file), specifier));
        const feature = target.split(path.sep)[0]!;
        if (isStore(specifier) && !target.startsWith('..') && feature !== own)
          offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(
      offenders,
      [],
      "import the other feature's service (e.g. certification/service/reads.ts)",
    );
  });

  it('transactions all go through inTransaction (one typed style, no casts of the transaction)', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(root)) {
      if (path.relative(root, file) === path.join('platform', 'db.ts')) continue;
      if (/\.transaction\(/.test(await readFile(file, 'utf8'))) offenders.push(path.relative(root, file));
    }
    assert.deepEqual(offenders, [], 'use inTransaction(db, (tx) => …) from platform/db.ts');
  });
  it('every table is written by one feature only (its store); the others go through its service', async () => {
    const features = path.join(root, 'features');
    const writers = new Map<string, Set<string>>();
    for (const file of await sourceFiles(features)) {
      const feature = path.relative(features, file).split(path.sep)[0]!;
      for (const table of tablesWrittenBy(await readFile(file, 'utf8'))) {
        writers.set(table, (writers.get(table) ?? new Set()).add(feature));
      }
    }
    assert.deepEqual(writers.get('memberships'), new Set(['spaces']), 'the scan sees the writes');
    const shared = [...writers].filter(([, by]) => by.size > 1);
    assert.deepEqual(
      shared.map(([table, by]) => `${table}: ${[...by].sort().join(', ')}`),
      [],
      'one owner per table',
    );
  });
});

/** The schema's tables: the name the code uses → the name in SQL. */
const tableNames = new Map(
  Object.entries(schema)
    .filter(([, value]) => is(value, PgTable))
    .map(([name, table]) => [name, getTableName(table as PgTable)]),
);
const sqlNames = new Set(tableNames.values());

/** The tables a source file writes: Drizzle's insert/update/delete(table), and raw SQL. */
export function tablesWrittenBy(source: string): string[] {
  const drizzle = [...source.matchAll(/\.(?:insert|update|delete)\(\s*(\w+)\s*\)/g)].map((m) =>
    tableNames.get(m[1]!),
  );
  const raw = [...source.matchAll(/\b(?:insert\s+into|update|delete\s+from)\s+(\w+)/gi)].map((m) => m[1]);
  return [...new Set([...drizzle, ...raw])].filter((name): name is string => !!name && sqlNames.has(name));
}
