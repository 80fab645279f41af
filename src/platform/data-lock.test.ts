import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contender, ended } from '../../test/support/data-lock.ts';
import { DataDirBusy, lockDataDir } from './data-lock.ts';
import { openDatabase } from './db.ts';

describe('the data folder lock', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-lock-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second process and names the holder; the folder is free once the holder ends', async () => {
    const holder = await contender(dir);
    assert.equal(holder.answer, 'locked');
    await assert.rejects(lockDataDir(dir), (error: unknown) => {
      assert.ok(error instanceof DataDirBusy);
      assert.equal(error.pid, holder.child.pid);
      assert.match(error.message, new RegExp(`in use by process ${holder.child.pid}`));
      return true;
    });
    holder.child.stdin!.end();
    await ended(holder.child);
    const lock = await lockDataDir(dir);
    lock.release();
  });

  it('a holder killed with SIGKILL leaves no lock behind', async () => {
    const holder = await contender(dir);
    assert.equal(holder.answer, 'locked');
    holder.child.kill('SIGKILL');
    await ended(holder.child);
    const lock = await lockDataDir(dir);
    lock.release();
  });

  it('of processes starting at the same instant, exactly one gets the folder', async () => {
    const all = await Promise.all([1, 2, 3, 4].map(() => contender(dir)));
    try {
      assert.deepEqual(all.map((c) => c.answer.split(' ')[0]).sort(), ['busy', 'busy', 'busy', 'locked']);
    } finally {
      for (const { child } of all) child.stdin!.end();
      await Promise.all(all.map(({ child }) => ended(child)));
    }
  });

  it('within one process too, the embedded database opens a folder once', async () => {
    const lock = await lockDataDir(dir);
    try {
      await assert.rejects(lockDataDir(dir), DataDirBusy);
      await assert.rejects(openDatabase({ dataDir: dir }), DataDirBusy);
    } finally {
      lock.release();
    }
    const database = await openDatabase({ dataDir: dir });
    try {
      await assert.rejects(openDatabase({ dataDir: dir }), DataDirBusy, 'a second PGlite on the open folder');
    } finally {
      await database.close();
    }
    (await lockDataDir(dir)).release();
  });
});
