import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { pdftotext } from '../../../../test/support/poppler.ts';
import { businessSpace } from '../../../../test/support/procedures.ts';
import { AppError } from '../../../platform/errors.ts';
import { FileRefused, readFile } from '../../../platform/files/service.ts';
import { createPdf } from '../../../platform/pdf/document.ts';
import type { SpaceCtx } from '../../spaces/service.ts';
import { definitionFile, field, step } from '../definition/testing.ts';
import { attachFile } from './attachments.ts';
import { deleteDraft, saveStep, startProcedure } from './drafts.ts';
import { publishDefinition } from './publish.ts';
import { transmit } from './transmit.ts';

const pdf = { accept: ['application/pdf'], maxBytes: 20_000 };

/** A real one-page PDF, as a person would upload. */
async function aPdf(): Promise<Uint8Array> {
  const doc = await createPdf({ title: 'Letter', author: 'Test', lang: 'en', createdAt: new Date(0) });
  doc.addPage();
  return doc.save();
}

describe('files given as answers', () => {
  let t: TestApp;
  let spaceId: string;
  let head: SpaceCtx;
  let code: string;

  before(async () => {
    t = await testApp();
    const made = await businessSpace(t, 'Files SARL');
    spaceId = made.space.id;
    head = made.head.ctx;
    const json = definitionFile([
      step('documents', [
        field('letter', 'file', { required: true, ...pdf }),
        field('annexes', 'group', { fields: [field('annex', 'file', { required: true, ...pdf })] }),
        field('note', 'text'),
      ]),
    ]);
    code = json.code as string;
    assert.equal((await publishDefinition({ db: t.database.db }, json)).status, 'published');
  });
  after(() => t.close());

  it('stores an upload checked against the field, and saves the answer as the stored file describes it', async () => {
    const draft = await startProcedure(head, spaceId, { code });
    const letter = await attachFile(head, spaceId, draft.id, {
      fieldId: 'letter',
      bytes: await aPdf(),
      filename: '../Lettre signée.pdf',
    });
    assert.equal(letter.type, 'application/pdf');
    assert.equal(letter.name, 'Lettre signée.pdf');
    const annex = await attachFile(head, spaceId, draft.id, {
      fieldId: 'annex',
      bytes: await aPdf(),
      filename: 'a.pdf',
    });
    const saved = await saveStep(head, spaceId, draft.id, {
      stepId: 'documents',
      // What the browser claims of a file is not taken: the stored file says its name, size and type.
      values: { letter: { ...letter, name: 'other.exe', size: 1 }, annexes: [{ annex }] },
      revision: draft.revision,
    });
    assert.ok(saved.ok, JSON.stringify(saved));
    assert.deepEqual(saved.procedure.answers.letter, letter);
    assert.deepEqual(saved.procedure.answers.annexes, [{ annex }]);
    const stored = await readFile(t.database.db, letter.fileId);
    assert.equal(stored?.owner, draft.id);

    const outcome = await transmit(head, spaceId, draft.id);
    assert.ok(outcome.status === 'transmitted');
    const slip = await readFile(t.database.db, outcome.transmission.slipFileId);
    assert.match(await pdftotext(slip!.content), /Lettre signée\.pdf/);
  });

  it('refuses a file of another type, too large, or for a field that takes none', async () => {
    const draft = await startProcedure(head, spaceId, { code });
    const refused = async (fieldId: string, bytes: Uint8Array) => {
      try {
        await attachFile(head, spaceId, draft.id, { fieldId, bytes, filename: 'x.pdf' });
      } catch (error) {
        return error;
      }
      return assert.fail('stored');
    };
    const text = await refused('letter', new TextEncoder().encode('%not really a PDF'));
    assert.ok(text instanceof FileRefused && text.code === 'FileTypeNotAllowed');
    const big = new Uint8Array(30_000);
    big.set(await aPdf());
    const large = await refused('letter', big);
    assert.ok(large instanceof FileRefused && large.code === 'FileTooLarge');
    for (const fieldId of ['note', 'annexes', 'nothing']) {
      const error = await refused(fieldId, await aPdf());
      assert.ok(error instanceof AppError && error.code === 'NotFound', fieldId);
    }
  });

  it("calls a file of another procedure, or one never uploaded, invalid: it is never someone else's", async () => {
    const mine = await startProcedure(head, spaceId, { code });
    const other = await startProcedure(head, spaceId, { code });
    const theirs = await attachFile(head, spaceId, other.id, {
      fieldId: 'letter',
      bytes: await aPdf(),
      filename: 'b.pdf',
    });
    const saved = await saveStep(head, spaceId, mine.id, {
      stepId: 'documents',
      values: {
        letter: theirs,
        annexes: [{ annex: { ...theirs, fileId: '00000000-0000-4000-8000-000000000000' } }],
      },
      revision: mine.revision,
    });
    assert.ok(!saved.ok);
    assert.deepEqual(
      Object.entries(saved.errors).map(([path, error]) => [path, error.code]),
      [
        ['letter', 'fileInvalid'],
        ['annexes.0.annex', 'fileInvalid'],
      ],
    );
    assert.equal(saved.errors.letter?.message.en, 'The attached file is not valid; attach it again.');
    await deleteDraft(head, spaceId, other.id);
    assert.equal(await readFile(t.database.db, theirs.fileId), undefined, 'a deleted draft keeps no file');
  });
});
