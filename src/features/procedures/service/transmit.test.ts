import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import jsqr from 'jsqr';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { pdftoppm, pdftotext } from '../../../../test/support/poppler.ts';
import { businessSpace, mandateOn, memberOf } from '../../../../test/support/procedures.ts';
import {
  communications,
  mandates,
  outboxMails,
  procedures,
  procedureTransmissions,
  spaces,
} from '../../../db/schema/index.ts';
import { RuleError } from '../../../platform/errors.ts';
import { readFile } from '../../../platform/files/service.ts';
import type { SpaceCtx } from '../../spaces/service.ts';
import { definitionFile, field, step } from '../definition/testing.ts';
import { countsOf } from '../store/procedures.ts';
import { saveStep, startProcedure } from './drafts.ts';
import { publishDefinition } from './publish.ts';
import { transmit } from './transmit.ts';
import { slipPublicKeys, verifySlip } from './verify.ts';

const steps: [string, Record<string, unknown>][] = [
  ['company', { employeeCount: 48 }],
  [
    'elections',
    { electionDate: '2029-03-12', delegatesCount: 3, existingDelegation: false, equalityDelegate: true },
  ],
  [
    'contact',
    { contactName: 'Karine Maitry', contactEmail: 'rh@maitry.lu', contactTelephone: '+352 621 123 456' },
  ],
];

/** An announcement of the social elections for the company, every step filled; returns the draft's id. */
async function filledAnnouncement(ctx: SpaceCtx, spaceId: string, entityId: string): Promise<string> {
  const draft = await startProcedure(ctx, spaceId, { code: 'ITM-SE-ANNOUNCE', subjectEntityId: entityId });
  let revision = draft.revision;
  for (const [stepId, values] of steps) {
    const saved = await saveStep(ctx, spaceId, draft.id, { stepId, values, revision });
    assert.ok(saved.ok, JSON.stringify(saved));
    revision = saved.procedure.revision;
  }
  return draft.id;
}

describe('transmitting a procedure', () => {
  let t: TestApp;
  let spaceId: string;
  let identifier: string;
  let head: SpaceCtx;
  let entityId: string;
  const clock = (ctx: SpaceCtx, at: string): SpaceCtx => ({ ...ctx, now: new Date(at) });

  before(async () => {
    t = await testApp();
    const made = await businessSpace(t, 'Fiduciaire Kayl', 'fr');
    spaceId = made.space.id;
    identifier = made.space.identifier;
    head = made.head.ctx;
    await mandateOn(t, head, spaceId, 'B100001', 'agent');
    entityId = (await mandateOn(t, head, spaceId, 'B100002', 'holder')).entityId;
  });
  after(() => t.close());

  it('gives the reference, freezes the snapshot with its SHA-256 and makes a slip in the eSpace language, naming agent and principal', async () => {
    const client = (await mandateOn(t, head, spaceId, 'B100003', 'agent')).entityId;
    const id = await filledAnnouncement(head, spaceId, client);
    const before = await countsOf(t.database.db, spaceId);
    const at = clock(head, '2029-01-15T09:30:00Z');
    const outcome = await transmit(at, spaceId, id);
    assert.equal(outcome.status, 'transmitted');
    assert.ok(outcome.status === 'transmitted' && !outcome.already);
    const { transmission, procedure, notice } = outcome;
    assert.match(transmission.reference, /^ITM-2029-\d{6}$/);
    assert.equal(procedure.status, 'transmitted');
    assert.equal(procedure.reference, transmission.reference);
    assert.equal(transmission.sha256, createHash('sha256').update(transmission.snapshot).digest('hex'));
    const snapshot = JSON.parse(transmission.snapshot);
    assert.equal(snapshot.answers.companyName, 'Weber Transports SARL');
    assert.equal(snapshot.subject.value, 'B100003');
    assert.equal(snapshot.space.identifier, identifier);
    const after = await countsOf(t.database.db, spaceId);
    assert.equal(after.draft, before.draft! - 1);
    assert.equal(after.transmitted, (before.transmitted ?? 0) + 1);

    const slip = await readFile(t.database.db, transmission.slipFileId);
    assert.equal(slip?.mediaType, 'application/pdf');
    assert.equal(slip?.owner, id);
    const text = (await pdftotext(slip!.content)).replace(/\s+/g, ' ');
    for (const expected of [
      'Accusé de transmission',
      'Annonce des élections sociales',
      transmission.reference,
      '15/01/2029 10:30:00',
      `pour l'espace Fiduciaire Kayl (${identifier})`,
      'Pour le compte de Weber Transports SARL (B100003)',
      'Weber Transports SARL',
      '12/03/2029',
      'rh@maitry.lu',
      transmission.sha256,
    ])
      assert.ok(text.includes(expected), `the slip shows ${expected}:\n${text}`);

    // The QR code, read from the printed page, holds the verification address with the token.
    const page = await pdftoppm(slip!.content, 1, 150);
    const rgba = new Uint8ClampedArray(page.width * page.height * 4);
    page.pixels.forEach((grey, index) => {
      rgba.set([grey, grey, grey, 255], index * 4);
    });
    const url = new URL(jsqr.default(rgba, page.width, page.height)!.data);
    assert.equal(`${url.origin}${url.pathname}`, `${t.config.baseUrl}/verify`);
    const token = url.searchParams.get('token')!;
    assert.equal(token, transmission.token);
    const verdict = await verifySlip({ db: t.database.db }, token);
    assert.ok(verdict.genuine);
    assert.deepEqual(
      {
        ...verdict,
        procedure: { ...verdict.procedure, title: verdict.procedure.title.en },
        administration: { code: verdict.administration.code, name: verdict.administration.names.fr },
      },
      {
        genuine: true,
        reference: transmission.reference,
        transmittedAt: new Date('2029-01-15T09:30:00Z'),
        sha256: transmission.sha256,
        procedure: { code: 'ITM-SE-ANNOUNCE', version: 2, title: 'Announcement of the social elections' },
        administration: { code: 'ITM', name: 'Inspection du travail et des mines' },
      },
    );

    assert.equal(notice?.event.key, 'procedure.transmitted');
    assert.equal(notice?.actor.personId, head.current.person.id);
    assert.equal(notice?.space.id, spaceId);
    assert.equal(notice?.params.reference, transmission.reference);
    assert.equal(notice?.slipFileId, transmission.slipFileId);
  });

  it('says a tampered token, a token of another key or a changed snapshot is not genuine', async () => {
    const id = await filledAnnouncement(head, spaceId, entityId);
    const outcome = await transmit(head, spaceId, id);
    assert.ok(outcome.status === 'transmitted');
    const { token, reference } = outcome.transmission;
    const db = { db: t.database.db };
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'ITM-2029-000001' })).toString('base64url');
    for (const bad of [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${signature!.slice(0, -4)}AAAA`,
      'not a token',
      '',
    ])
      assert.deepEqual(await verifySlip(db, bad), { genuine: false }, bad);
    assert.equal((await verifySlip(db, token)).genuine, true);
    // Offline, as docs/procedures.md shows: the published key set alone checks the token.
    const keys = createLocalJWKSet(JSON.parse(JSON.stringify(await slipPublicKeys(db))));
    const offline = await jwtVerify(token, keys, { algorithms: ['EdDSA'], typ: 'comptoir-slip+jwt' });
    assert.equal(offline.payload.sub, reference);
    assert.equal(offline.payload.sha256, outcome.transmission.sha256);
    await assert.rejects(jwtVerify(`${header}.${forged}.${signature}`, keys, { algorithms: ['EdDSA'] }));
    await t.database.db.execute(
      sql`update procedure_transmissions set snapshot = replace(snapshot, '"delegatesCount":3', '"delegatesCount":4') where reference = ${reference}`,
    );
    assert.deepEqual(await verifySlip(db, token), { genuine: false });
  });

  it('transmits once: a second click and two users at once get the same transmission', async () => {
    const colleague = (await memberOf(t, spaceId, 'manager_no_signature')).ctx;
    const id = await filledAnnouncement(head, spaceId, entityId);
    await t.database.db
      .update(spaces)
      .set({ notificationEmail: 'greffe@kayl.example.lu' })
      .where(eq(spaces.id, spaceId));
    const before = await countsOf(t.database.db, spaceId);
    const outcomes = await Promise.all([
      transmit(head, spaceId, id),
      transmit(colleague, spaceId, id),
      transmit(head, spaceId, id),
    ]);
    const again = await transmit(colleague, spaceId, id);
    const all = [...outcomes, again].map((o) => (o.status === 'transmitted' ? o : assert.fail(o.status)));
    assert.equal(all.filter((o) => !o.already).length, 1, 'one transmission');
    assert.equal(new Set(all.map((o) => o.transmission.reference)).size, 1);
    assert.equal(all.filter((o) => o.notice).length, 1, 'told once');
    const rows = await t.database.db
      .select()
      .from(procedureTransmissions)
      .where(eq(procedureTransmissions.procedureId, id));
    assert.equal(rows.length, 1);
    const after = await countsOf(t.database.db, spaceId);
    assert.equal(after.transmitted, (before.transmitted ?? 0) + 1);
    // Rule 11, once: the e-mail to whoever transmitted and to the notification address, My communications for the others.
    const reference = rows[0]!.reference;
    const mails = await t.database.db
      .select()
      .from(outboxMails)
      .where(sql`${outboxMails.text} like ${`%${reference}%`}`);
    assert.deepEqual(
      mails.map((m) => m.recipient).sort(),
      ['greffe@kayl.example.lu', all.find((o) => !o.already)!.notice!.actor.email].sort(),
    );
    // The notification address reads the eSpace's language of procedures, the member their own.
    const greffe = mails.find((m) => m.recipient === 'greffe@kayl.example.lu')!;
    assert.match(greffe.text, /a transmis la démarche Annonce des élections sociales/);
    const actor = mails.find((m) => m.recipient !== 'greffe@kayl.example.lu')!;
    assert.match(actor.text, /transmitted the procedure Annonce des élections sociales .*: reference ITM-/);
    const told = await t.database.db
      .select()
      .from(communications)
      .where(
        sql`${communications.spaceId} = ${spaceId} and ${communications.params}->>'reference' = ${reference}`,
      );
    const actorId = all.find((o) => !o.already)!.notice!.actor.personId;
    assert.ok(
      told.length >= 1 && told.every((c) => c.event === 'procedure.transmitted' && c.personId !== actorId),
    );
    assert.equal(new Set(told.map((c) => c.personId)).size, told.length, 'each member told once');
  });

  it('refuses answers changed since they were checked, and incomplete answers, keeping the draft', async () => {
    const id = await filledAnnouncement(head, spaceId, entityId);
    const [row] = await t.database.db.select().from(procedures).where(eq(procedures.id, id));
    await assert.rejects(transmit(head, spaceId, id, { revision: row!.revision - 1 }), (error: unknown) => {
      return error instanceof RuleError && error.code === 'AnswersNoLongerValid';
    });
    const draft = await startProcedure(head, spaceId, { code: 'ITM-SE-ANNOUNCE', subjectEntityId: entityId });
    const outcome = await transmit(head, spaceId, draft.id, { revision: draft.revision });
    assert.equal(outcome.status, 'incomplete');
    assert.ok(outcome.status === 'incomplete' && 'electionDate' in outcome.errors);
    const [kept] = await t.database.db.select().from(procedures).where(eq(procedures.id, draft.id));
    assert.equal(kept!.status, 'draft');
    assert.equal(kept!.reference, null);
  });

  it('checks the mandate again: revoked meanwhile, it is refused with a clear message and the draft kept', async () => {
    const client = (await mandateOn(t, head, spaceId, 'B100004', 'agent')).entityId;
    const id = await filledAnnouncement(head, spaceId, client);
    await t.database.db
      .update(mandates)
      .set({ endedAt: new Date(), endReason: 'revoked_by_holder' })
      .where(sql`${mandates.spaceId} = ${spaceId} and ${mandates.entityId} = ${client}`);
    await assert.rejects(transmit(head, spaceId, id), (error: unknown) => {
      assert.ok(error instanceof RuleError);
      assert.equal(error.code, 'MandateEnded');
      assert.deepEqual(error.params, { company: 'Clinique vétérinaire Thill SCS' });
      return true;
    });
    const [kept] = await t.database.db.select().from(procedures).where(eq(procedures.id, id));
    assert.equal(kept!.status, 'draft');
  });

  it('counts references per administration and year, in Luxembourg time', async () => {
    const json = definitionFile([step('only', [field('subject', 'text', { required: true })])], {
      administration: 'MENJE',
      code: `MENJE-TEST-REF-${Date.now()}`,
      theme: 'education',
    });
    assert.equal((await publishDefinition({ db: t.database.db }, json)).status, 'published');
    const one = async (at: string) => {
      const ctx = clock(head, at);
      const draft = await startProcedure(ctx, spaceId, { code: json.code as string });
      const saved = await saveStep(ctx, spaceId, draft.id, {
        stepId: 'only',
        values: { subject: 'x' },
        revision: 1,
      });
      assert.ok(saved.ok);
      const outcome = await transmit(ctx, spaceId, draft.id);
      return outcome.status === 'transmitted' ? outcome.transmission.reference : assert.fail(outcome.status);
    };
    assert.equal(await one('2031-12-31T22:30:00Z'), 'MENJE-2031-000001');
    assert.equal(await one('2031-12-31T22:59:59Z'), 'MENJE-2031-000002');
    // 00:00 in Luxembourg on 1 January is 23:00 UTC: a new year, a new count.
    assert.equal(await one('2031-12-31T23:00:00Z'), 'MENJE-2032-000001');
  });

  it('leaves a procedure with a fee or a signature in preparation: those come with their own issue', async () => {
    for (const extra of [{ fee: { cents: 500 } }, { signature: { policy: 'one' } }]) {
      const json = definitionFile([step('only', [field('subject', 'text', { required: true })])], extra);
      assert.equal((await publishDefinition({ db: t.database.db }, json)).status, 'published');
      const draft = await startProcedure(head, spaceId, { code: json.code as string });
      await saveStep(head, spaceId, draft.id, { stepId: 'only', values: { subject: 'x' }, revision: 1 });
      await assert.rejects(
        transmit(head, spaceId, draft.id),
        (error: unknown) => error instanceof RuleError && error.code === 'TransmitNotAvailable',
      );
    }
  });
});
