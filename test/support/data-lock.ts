import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const fixture = path.resolve(import.meta.dirname, 'hold-data-lock.ts');
const loader = path.resolve(import.meta.dirname, '../../src/loader.mjs');

/**
 * Another process trying a data folder's lock: `answer` is "locked" (it holds it until its
 * standard input ends) or "busy <pid of the holder>".
 */
export async function contender(dir: string): Promise<{ child: ChildProcess; answer: string }> {
  const child = spawn(process.execPath, ['--import', loader, fixture, dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += chunk;
    if (out.includes('\n')) break;
  }
  return { child, answer: out.trim() };
}

/** Resolves when the process has ended. */
export const ended = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');
