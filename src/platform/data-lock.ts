import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The exclusive lock on a data folder: two embedded PostgreSQL engines (PGlite) opening one
 * folder each believe they own it, and what one writes the other never sees or overwrites.
 *
 * The lock is a POSIX record lock (fcntl) on `DATA_DIR/comptoir.lock`, taken through SQLite
 * (`node:sqlite`, built into Node) with an exclusive transaction that stays open while the folder
 * is in use. The kernel grants it to one process at a time, atomically, and releases it when the
 * process ends however it ends (SIGKILL, power loss of a container): a lock can never be left
 * stale, and two processes starting at the same instant cannot both get it. A lock made of files
 * alone (a pid file, a socket file) cannot replace a dead holder's file atomically.
 * `comptoir.pid` only names the holder in the refusal.
 */

export const lockFile = (dataDir: string) => path.join(dataDir, 'comptoir.lock');
const pidFile = (dataDir: string) => path.join(dataDir, 'comptoir.pid');

/** Another process holds the data folder. */
export class DataDirBusy extends Error {
  constructor(
    readonly dataDir: string,
    /** The holder's process id, when it could be read. */
    readonly pid: number | undefined,
  ) {
    super(
      `the data folder ${dataDir} is in use by ${pid ? `process ${pid}` : 'another process'} ` +
        '(a Comptoir portal or command): two embedded databases must never open one folder',
    );
    this.name = 'DataDirBusy';
  }
}

export type DataLock = { dataDir: string; release(): void };

/** Takes the data folder's lock now, or throws DataDirBusy naming the process that holds it. */
export async function lockDataDir(dataDir: string): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true });
  // timeout 0: answer at once rather than wait for the holder.
  const lock = new DatabaseSync(lockFile(dataDir), { timeout: 0 });
  try {
    // The journal in memory: the lock leaves no file behind, and there is nothing to journal.
    lock.exec('pragma journal_mode = memory; begin exclusive');
  } catch (error) {
    lock.close();
    if (!/locked|busy/i.test((error as Error).message)) throw error;
    throw new DataDirBusy(dataDir, await holderOf(dataDir));
  }
  await writeFile(pidFile(dataDir), `${process.pid}\n`);
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      lock.close(); // closing the connection drops the transaction and its lock
    },
  };
}

/** The process id written by the folder's current holder, if readable. */
async function holderOf(dataDir: string): Promise<number | undefined> {
  const text = await readFile(pidFile(dataDir), 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
