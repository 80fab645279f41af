import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { businessSpace } from '../../../../test/support/procedures.ts';
import { communications, outboxMails, spaces } from '../../../db/schema/index.ts';
import type { SpaceCtx } from '../../spaces/service.ts';
import { definitionFile, field, step } from '../definition/testing.ts';
import { deleteDraft, renameProcedure, startProcedure } from './drafts.ts';
import { closeVersion, publishDefinition } from './publish.ts';
import { remindExpiringDrafts } from './reminders.ts';

const DAY = 24 * 60 * 60_000;

describe('reminders before a draft would be lost', () => {
  let t: TestApp;
  let head: SpaceCtx;
  let spaceId: string;
  let address: string;
  const now = new Date();
  const days = (n: number) => new Date(now.getTime() + n * DAY);

  /** A published procedure of its own (version 1), for a test to close. */
  async function published(version = 1, code?: string) {
    const json = definitionFile([step('a', [field('note', 'text')])], code ? { code, version } : { version });
    assert.equal((await publishDefinition({ db: t.database.db, now }, json)).status, 'published');
    return json.code as string;
  }

  /** A draft of `code` with a name of the eSpace's own. */
  async function draftOf(code: string, name: string) {
    const draft = await startProcedure({ ...head, now }, spaceId, { code });
    await renameProcedure({ ...head, now }, spaceId, draft.id, name);
    return draft.id;
  }

  const mailsTo = () =>
    t.database.db
      .select()
      .from(outboxMails)
      .where(eq(outboxMails.recipient, address))
      .orderBy(outboxMails.createdAt);
  const remind = (at: Date) => remindExpiringDrafts({ db: t.database.db, config: t.config }, at);

  before(async () => {
    t = await testApp();
    // The eSpace's language of procedures is German; its head reads the portal in English.
    const made = await businessSpace(t, 'Rappel Transports', 'de');
    head = made.head.ctx;
    spaceId = made.space.id;
    // As if confirmed through the link mailed to it (spaces' own tests cover that).
    address = 'office@rappel.example.lu';
    await t.database.db.update(spaces).set({ notificationEmail: address }).where(eq(spaces.id, spaceId));
  });
  after(() => t.close());

  it('tells the notification address, in the language of procedures, 14 and 2 days before, each once', async () => {
    const code = await published();
    await draftOf(code, 'Entwurf Weber');
    const closesAt = days(10);
    assert.equal(
      (await closeVersion({ db: t.database.db, now }, { code, version: 1, at: closesAt })).status,
      'set',
    );

    assert.equal(await remind(now), 1, 'ten days before: the 14-day reminder');
    const [first, ...others] = await mailsTo();
    assert.equal(others.length, 0);
    assert.match(
      first!.text,
      /Erinnerung: Das Verfahren in Vorbereitung „Entwurf Weber“ \(Test procedure \(de\)\)/,
    );
    const lux = new Intl.DateTimeFormat('de-LU', {
      timeZone: 'Europe/Luxembourg',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(closesAt);
    assert.ok(first!.text.includes(lux), `the closing day ${lux} in Luxembourg`);
    // Every member finds it in My communications (nobody acted).
    const told = await t.database.db
      .select()
      .from(communications)
      .where(and(eq(communications.spaceId, spaceId), eq(communications.event, 'procedure.draft_expiring')));
    assert.equal(told.length, 1);

    assert.equal(await remind(now), 0, 'a second pass sends nothing');
    assert.equal(await remind(days(5)), 0, 'five days later: still the 14-day reminder, sent');
    assert.equal(await remind(days(9)), 1, 'a day before: the 2-day reminder');
    assert.equal(await remind(days(9)), 0);
    assert.equal((await mailsTo()).length, 2);
    assert.equal(await remind(days(11)), 0, 'closed: nothing more to say');
  });

  it('sends only the most urgent reminder to a draft found late, and a moved closing date gets its own', async () => {
    const code = await published();
    await draftOf(code, 'Late');
    await closeVersion({ db: t.database.db, now }, { code, version: 1, at: days(1) });
    const before = (await mailsTo()).length;
    assert.equal(await remind(now), 1);
    assert.equal(await remind(now), 0);
    await closeVersion({ db: t.database.db, now }, { code, version: 1, at: days(12) });
    assert.equal(await remind(now), 1, 'the new date: its 14-day reminder');
    assert.equal((await mailsTo()).length, before + 2);
  });

  it('reminds nobody of a draft a newer version will take, nor of a deleted draft', async () => {
    const code = await published();
    await draftOf(code, 'Moves on');
    await published(2, code);
    await closeVersion({ db: t.database.db, now }, { code, version: 1, at: days(3) });
    const other = await published();
    const doomed = await draftOf(other, 'Deleted');
    await deleteDraft({ ...head, now }, spaceId, doomed);
    await closeVersion({ db: t.database.db, now }, { code: other, version: 1, at: days(3) });
    const before = (await mailsTo()).length;
    assert.equal(await remind(now), 0);
    assert.equal((await mailsTo()).length, before);
  });
});
