/**
 * The one rule for a return address (`next`, a redirect handed to the page script): it is
 * followed only when it is a path on this site. public/passkey.js applies the same rule in the
 * browser (it cannot import this file; local-path.test.ts runs both on the same list).
 *
 * Browsers and proxies are lenient where this must be strict: the URL parser drops tabs and
 * line breaks and reads `\` as `/`, so `/\t/evil.example` and `/\evil.example` both become
 * `//evil.example`, another site. Control characters and backslashes are therefore refused
 * before parsing, and in the path as a server or proxy would see it after decoding it, as many
 * times as it is encoded (`/%2F/evil.example`, `/%252F…`).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;
const MAX_LENGTH = 2000;

/** Decodes percent escapes once; undefined when they are malformed. */
const decodeOnce = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * `next` as a path of the site at `baseUrl` (path, query and fragment, percent-encoded, so it is
 * always a valid Location header), or undefined when it is anything else.
 */
export function localPath(next: unknown, baseUrl: string): string | undefined {
  if (typeof next !== 'string' || next.length > MAX_LENGTH || !next.startsWith('/') || UNSAFE.test(next))
    return undefined;
  const base = new URL(baseUrl);
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin) return undefined;
  // Every layer of encoding (each decoding shortens the path, so this ends).
  let layer = url.pathname;
  for (;;) {
    if (layer.startsWith('//') || UNSAFE.test(layer)) return undefined;
    const decoded = decodeOnce(layer);
    if (decoded === undefined) return undefined;
    if (decoded === layer) break;
    layer = decoded;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `next` when it is a path of the site, else the home page. */
export function safeLocalPath(next: unknown, baseUrl: string): string {
  return localPath(next, baseUrl) ?? '/';
}
