import path from 'node:path';

/**
 * The one reader of imports in source text, for the tests that check the code's structure
 * (architecture, layers) and for the runner that picks the files the PostgreSQL pass needs.
 * It reads every form, type-only ones included (a cycle of types still ties two modules
 * together, and becomes a runtime cycle at the first value): `import … from`, `export … from`,
 * `import()` and the bare `import '…'`.
 */
const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** Every module specifier a source imports or re-exports, packages included, in order. */
export const importsOf = (source: string): string[] => [...source.matchAll(specifier)].map((m) => m[1]!);

/** The files a source at `file` imports by a relative specifier, as absolute paths. */
export const relativeImportsOf = (file: string, source: string): string[] =>
  importsOf(source)
    .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
    .map((spec) => path.resolve(path.dirname(file), spec));
