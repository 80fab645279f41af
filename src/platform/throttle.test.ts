import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase } from '../../test/support/db.ts';
import type { Database } from './db.ts';
import { claimAttempt, hitsSince, minutesAgo } from './throttle.ts';

describe('throttle counters', () => {
  let database: Database;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database.close());

  it('admits exactly the limit out of 50 parallel attempts on one key, and records only those', async () => {
    const limit = { max: 5, since: minutesAgo(15) };
    const admitted = await Promise.all(
      Array.from({ length: 50 }, () => claimAttempt(database.db, 'test.burst', 'device-1', limit)),
    );
    assert.equal(admitted.filter(Boolean).length, 5);
    assert.equal(await hitsSince(database.db, 'test.burst', 'device-1', limit.since), 5);
    // Other keys and buckets keep their own counts.
    assert.equal(await claimAttempt(database.db, 'test.burst', 'device-2', limit), true);
    assert.equal(await claimAttempt(database.db, 'test.other', 'device-1', limit), true);
  });

  it('admits again once the earlier attempts leave the window', async () => {
    const now = new Date();
    const long = { max: 2, since: minutesAgo(60, now) };
    for (const at of [minutesAgo(30, now), minutesAgo(20, now)]) {
      assert.equal(await claimAttempt(database.db, 'test.window', 'k', long, at), true);
    }
    assert.equal(await claimAttempt(database.db, 'test.window', 'k', long, now), false);
    const short = { max: 2, since: minutesAgo(25, now) };
    assert.equal(await claimAttempt(database.db, 'test.window', 'k', short, now), true);
  });
});
