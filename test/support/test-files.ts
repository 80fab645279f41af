import { glob, readFile } from 'node:fs/promises';
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
