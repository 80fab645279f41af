import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
// An absolute path, so that a command run from another folder still finds it.
const loader = path.join(root, 'src/loader.mjs');

/**
 * Runs a TypeScript entry point of the project as a child process, as an operator would
 * (from the project's folder unless `cwd` says another).
 */
export function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
  {
    killAfterMs,
    cwd = root,
    onStderr,
  }: { killAfterMs?: number; cwd?: string; onStderr?: (soFar: string) => void } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', loader, path.resolve(root, entry), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    const timer = killAfterMs ? setTimeout(() => child.kill('SIGTERM'), killAfterMs) : undefined;
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
