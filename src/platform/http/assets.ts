import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Static files, served under /assets/ as immutable for a year: their URLs carry a content hash,
 * so a new version gets a new URL. Browser libraries are served from node_modules as installed
 * (no copy in the repository to drift from the version in package-lock.json).
 */

export const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));

/** Browser bundles of dependencies: URL folder under /assets/vendor/ → installed folder. */
export const vendorDirs = {
  simplewebauthn: fileURLToPath(
    new URL('../../../node_modules/@simplewebauthn/browser/dist/bundle/', import.meta.url),
  ),
} as const;

const urls = new Map<string, string>();

function hashed(url: string, file: string): string {
  let cached = urls.get(url);
  if (!cached) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
    cached = `${url}?v=${hash}`;
    urls.set(url, cached);
  }
  return cached;
}

/** The URL of a file of public/ (e.g. `app.css`). */
export const assetUrl = (file: string): string => hashed(`/assets/${file}`, publicDir + file);

/** The URL of a dependency's browser bundle (e.g. `vendorUrl('simplewebauthn', 'index.umd.min.js')`). */
export const vendorUrl = (vendor: keyof typeof vendorDirs, file: string): string =>
  hashed(`/assets/vendor/${vendor}/${file}`, vendorDirs[vendor] + file);
