import { glob, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { relativeImportsOf } from './imports.ts';

/**
 * Every test file, and those whose imports reach test/support/db.ts: the only module that reads
 * the engine. A file that never reaches it (pure rules, PDFs, the CLI on its own data folder)
 * would run the very same test twice, so the PostgreSQL pass runs only the others.
 */
export async function testFiles(): Promise<{ all: string[]; onEngine: string[] }> {
  const all: string[] = [];
  for await (const file of glob(['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts']))
    all.push(file);
  all.sort();
  const engineModule = path.resolve('test/support/db.ts');
  const reaches = new Map<string, boolean>();
  const reachesEngine = async (file: string): Promise<boolean> => {
    if (file === engineModule) return true;
    const known = reaches.get(file);
    if (known !== undefined) return known;
    reaches.set(file, false); // an import cycle ends here
    const text = await readFile(file, 'utf8');
    for (const imported of relativeImportsOf(file, text)) {
      if (await reachesEngine(imported)) {
        reaches.set(file, true);
        return true;
      }
    }
    return false;
  };
  const onEngine: string[] = [];
  for (const file of all) if (await reachesEngine(path.resolve(file))) onEngine.push(file);
  return { all, onEngine };
}

/**
 * The files in `count` batches of about equal weight, heaviest first, a file's size standing for
 * its time: each batch runs in one process, and the runner hands the next batch to the first
 * process free, so the heavy ones go first and the light ones fill in at the end.
 */
export async function testBatches(files: string[], count: number): Promise<string[][]> {
  const sized = await Promise.all(files.map(async (file) => ({ file, size: (await stat(file)).size })));
  sized.sort((a, b) => b.size - a.size || a.file.localeCompare(b.file));
  const batches = Array.from({ length: Math.min(count, files.length) }, () => ({
    size: 0,
    files: [] as string[],
  }));
  for (const { file, size } of sized) {
    const lightest = batches.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.files.push(file);
    lightest.size += size;
  }
  return batches.sort((a, b) => b.size - a.size).map((batch) => batch.files);
}
