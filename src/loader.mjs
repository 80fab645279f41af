/**
 * What `node --import` loads before the portal, the `comptoir` command, the tests and the
 * benchmarks: tsx (TypeScript), and a shortcut for drizzle-orm's imports of its own files.
 *
 * Node 24 (lib/internal/modules/package_json_reader.js) reads the package.json of a module's
 * package for every import it resolves, and parses that file's "exports" again each time.
 * drizzle-orm's package.json is 179 kB and its hundred modules import one another about a
 * thousand times: a second of CPU at every start of a process, a quarter of it (bench/README.md).
 * Its files are ES modules ("type": "module", one package.json), so a relative import of a .js
 * file among them resolves to that file as an ES module, which is what Node would answer.
 */
import * as nodeModule from 'node:module';
import 'tsx';

const drizzle = '/node_modules/drizzle-orm/';

// registerHooks came with Node 22.15: on an older Node, only tsx, and a slower start.
nodeModule.registerHooks?.({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (
      parent?.includes(drizzle) &&
      (specifier.startsWith('./') || specifier.startsWith('../')) &&
      specifier.endsWith('.js')
    ) {
      const url = new URL(specifier, parent).href;
      if (url.includes(drizzle)) return { url, format: 'module', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});
