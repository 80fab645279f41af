// The browser's copy of the rule of src/platform/http/local-path.ts (a script cannot import
// TypeScript; src/platform/http/local-path.test.ts runs both on the same list): a return address
// is followed only when it is a path of this site. Tabs, line breaks and backslashes, which the
// URL parser drops or reads as "/", are refused before parsing and in the decoded path.
globalThis.comptoirLocalPath = (next) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  const unsafe = /[\u0000-\u001f\u007f-\u009f\\]/;
  if (typeof next !== 'string' || next.length > 2000 || !next.startsWith('/') || unsafe.test(next))
    return undefined;
  let url;
  try {
    url = new URL(next, location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== location.origin) return undefined;
  let layer = url.pathname;
  for (;;) {
    if (layer.startsWith('//') || unsafe.test(layer)) return undefined;
    let decoded;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return undefined;
    }
    if (decoded === layer) break;
    layer = decoded;
  }
  return url.pathname + url.search + url.hash;
};
