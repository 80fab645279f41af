import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandIo } from '../../src/platform/command-channel.ts';

/** A caller's terminal for a command: what it printed, and files relative to `folder`. */
export function terminal(folder: string = process.cwd()) {
  const printed = { out: '', err: '' };
  const io: CommandIo = {
    out(text) {
      printed.out += text;
    },
    err(text) {
      printed.err += text;
    },
    readFile: (file) => readFile(path.resolve(folder, file)),
    async writeFile(file, data, mode) {
      const absolute = path.resolve(folder, file);
      await writeFile(absolute, data, { mode });
      return absolute;
    },
  };
  return { io, printed };
}
