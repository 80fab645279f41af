#!/usr/bin/env node
// The installed `comptoir` command: runs the TypeScript CLI through the project's loader (tsx).
import '../src/loader.mjs';

await import('../src/cli/main.ts');
