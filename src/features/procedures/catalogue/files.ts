import { readdirSync, readFileSync } from 'node:fs';

const folder = new URL('./', import.meta.url);

/**
 * The demo catalogue's definition files (this folder), by file name, as parsed JSON, in code and
 * version order (file names are `<code in lower case>.v<version>.json`): the order they are
 * published in, since a code's versions are published one after the other.
 */
export function demoCatalogueFiles(): Map<string, unknown> {
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort(new Intl.Collator('en', { numeric: true }).compare);
  return new Map(names.map((name) => [name, JSON.parse(readFileSync(new URL(name, folder), 'utf8'))]));
}
