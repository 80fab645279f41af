import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { databaseWithRegistries } from '../../../../test/support/certification.ts';
import { auditEvents, procedureDefinitions } from '../../../db/schema/index.ts';
import type { Database } from '../../../platform/db.ts';
import { demoCatalogueFiles } from '../catalogue/files.ts';
import { definitionFile, field, step } from '../definition/testing.ts';
import { snapshotOf } from '../rules.ts';
import { definitionFor } from './catalogue.ts';
import { closeVersion, publishDefinition } from './publish.ts';

/** A definition file of one step with a new code (each call), for the ITM administration. */
const file = (extra: Record<string, unknown> = {}) =>
  definitionFile([step('only', [field('name', 'text', { required: true })])], extra);

describe('publishing procedure definitions', () => {
  let database: Database;
  let ctx: { db: Database['db'] };
  const rows = (code: string) =>
    database.db.select().from(procedureDefinitions).where(eq(procedureDefinitions.code, code));

  before(async () => {
    database = await databaseWithRegistries();
    ctx = { db: database.db };
  });
  after(() => database.close());

  it('publishes a checked file as it is, without $schema, with the SHA-256 of its canonical JSON', async () => {
    const json: Record<string, unknown> = {
      $schema: '../definition/definition.schema.json',
      ...file({ certificationScope: 'ITM_ELECTIONS' }),
    };
    const code = json.code as string;
    assert.deepEqual(await publishDefinition(ctx, json), { status: 'published', code, version: 1 });
    const published = await definitionFor(ctx, code, 1);
    const { $schema: _, ...definition } = json;
    assert.deepEqual(published?.definition, definition);
    assert.equal(published?.sha256, snapshotOf(definition).sha256);
    const [row] = await rows(code);
    assert.equal(row?.audience, 'business');
    assert.equal(row?.theme, 'social-elections');
    assert.ok(row?.scopeId, 'its certification scope, from the registry');
    assert.equal(row?.publishedBy, null, 'the CLI publishes as no person');
    assert.equal(row?.demo, false);
    const trail = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'procedures.published'));
    assert.ok(trail.some((e) => e.detail?.code === code && e.detail?.sha256 === row?.sha256));
  });

  it('is idempotent: the same content again, its keys in another order, is "already published"', async () => {
    const json = file();
    const code = json.code as string;
    await publishDefinition(ctx, json);
    const reordered = Object.fromEntries(Object.entries({ $schema: 'x.json', ...json }).reverse());
    assert.deepEqual(await publishDefinition(ctx, reordered), { status: 'already', code, version: 1 });
    assert.equal((await rows(code)).length, 1);
  });

  it('refuses changed content under a published version, and says which version to publish it as', async () => {
    const json = file();
    const code = json.code as string;
    await publishDefinition(ctx, json);
    const [before] = await rows(code);
    const changed = { ...json, processingDays: 31 };
    assert.deepEqual(await publishDefinition(ctx, changed), {
      status: 'refused',
      problems: [
        `/version: ${code} v1 is already published with other content; a published version never changes: publish it as version 2`,
      ],
    });
    assert.deepEqual(await rows(code), [before], 'the published version is untouched');
    assert.equal((await publishDefinition(ctx, { ...changed, version: 2 })).status, 'published');
  });

  it('publishes the versions of a code in order, without gaps', async () => {
    const json = file();
    const code = json.code as string;
    assert.deepEqual(await publishDefinition(ctx, { ...json, version: 2 }), {
      status: 'refused',
      problems: [`/version: ${code} has no published version yet: publish it as version 1`],
    });
    await publishDefinition(ctx, json);
    assert.deepEqual(await publishDefinition(ctx, { ...json, version: 3 }), {
      status: 'refused',
      problems: [`/version: ${code} is published up to version 1: publish this one as version 2`],
    });
    assert.equal((await rows(code)).length, 1);
  });

  it('refuses a broken file with every problem at its JSON pointer, and publishes nothing', async () => {
    const unknown = file({ code: 'XYZ-ONE', administration: 'XYZ', certificationScope: 'XYZ_SCOPE' });
    const outcome = await publishDefinition(ctx, unknown);
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(outcome.status === 'refused' && outcome.problems, [
      '/administration: no administration has the code "XYZ"',
      '/certificationScope: no certification scope has the code "XYZ_SCOPE"',
    ]);
    const { title: _, ...untitled } = file();
    const shape = await publishDefinition(ctx, { ...untitled, audience: 'everyone', steps: [] });
    assert.equal(shape.status, 'refused');
    const problems = shape.status === 'refused' ? shape.problems : [];
    assert.ok(problems.includes('/title: is required'), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('/audience: must be one of')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('/steps: ')),
      problems.join('\n'),
    );
    for (const json of [null, [], 'a definition', 42]) {
      assert.equal((await publishDefinition(ctx, json)).status, 'refused', JSON.stringify(json));
    }
    assert.equal((await rows('XYZ-ONE')).length, 0);
  });

  it('publishes a version once when two operators publish it at the same time', async () => {
    const json = file();
    const code = json.code as string;
    const outcomes = await Promise.all([
      publishDefinition(ctx, json),
      publishDefinition(ctx, { ...json, processingDays: 12 }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['published', 'refused']);
    const [row] = await rows(code);
    const winner = outcomes[0]!.status === 'published' ? json : { ...json, processingDays: 12 };
    assert.equal(row?.sha256, snapshotOf(winner).sha256);

    const same = file();
    const twice = await Promise.all([publishDefinition(ctx, same), publishDefinition(ctx, same)]);
    assert.deepEqual(twice.map((o) => o.status).sort(), ['already', 'published']);
  });

  it("makes the demo's version the operator's when the operator publishes the same file", async () => {
    const json = file();
    const code = json.code as string;
    await publishDefinition(ctx, json, { demo: true });
    assert.equal((await rows(code))[0]?.demo, true);
    assert.equal((await publishDefinition(ctx, json)).status, 'already');
    assert.equal((await rows(code))[0]?.demo, false);
    // …and the demo never makes the operator's version its own.
    assert.equal((await publishDefinition(ctx, json, { demo: true })).status, 'already');
    assert.equal((await rows(code))[0]?.demo, false);
  });

  it('accepts every file of the demo catalogue against the registries', async () => {
    for (const [name, json] of demoCatalogueFiles()) {
      const outcome = await publishDefinition(ctx, json);
      assert.equal(outcome.status, 'published', `${name}: ${JSON.stringify(outcome)}`);
    }
  });
});

describe('closing a published version', () => {
  let database: Database;
  const at = (iso: string) => new Date(iso);
  const closing = (code: string) =>
    database.db
      .select({ closesAt: procedureDefinitions.closesAt })
      .from(procedureDefinitions)
      .where(and(eq(procedureDefinitions.code, code), eq(procedureDefinitions.version, 1)))
      .then(([row]) => row?.closesAt);

  before(async () => {
    database = await databaseWithRegistries();
  });
  after(() => database.close());

  it('sets a date to come, moves it earlier or later while it is to come, and never into the past', async () => {
    const json = file();
    const code = json.code as string;
    const db = database.db;
    await publishDefinition({ db }, json);
    const now = at('2026-06-01T10:00:00Z');
    const close = (iso: string, when = now) =>
      closeVersion({ db, now: when }, { code, version: 1, at: at(iso) });

    assert.deepEqual(await close('2026-10-01T00:00:00+02:00'), {
      status: 'set',
      closesAt: at('2026-09-30T22:00:00Z'),
      previous: null,
    });
    assert.deepEqual(await close('2026-12-31T23:00:00Z'), {
      status: 'set',
      closesAt: at('2026-12-31T23:00:00Z'),
      previous: at('2026-09-30T22:00:00Z'),
    });
    assert.deepEqual(await close('2026-12-31T23:00:00Z'), {
      status: 'unchanged',
      closesAt: at('2026-12-31T23:00:00Z'),
    });
    assert.equal((await close('2026-07-01T00:00:00Z')).status, 'set', 'earlier, still to come');
    assert.deepEqual(await close('2026-05-31T00:00:00Z'), { status: 'inPast', now });
    assert.deepEqual(await closing(code), at('2026-07-01T00:00:00Z'));
    assert.equal((await closeVersion({ db }, { code: 'ITM-NONE', version: 1, at: now })).status, 'unknown');
  });

  it('closes now, and a closed version never reopens nor closes again', async () => {
    const json = file();
    const code = json.code as string;
    const db = database.db;
    await publishDefinition({ db }, json);
    const now = at('2026-06-01T10:00:00Z');
    assert.equal((await closeVersion({ db, now }, { code, version: 1, at: now })).status, 'set');
    const later = at('2026-06-02T10:00:00Z');
    assert.deepEqual(
      await closeVersion({ db, now: later }, { code, version: 1, at: at('2027-01-01T00:00:00Z') }),
      {
        status: 'alreadyClosed',
        closedAt: now,
      },
    );
    assert.deepEqual(await closeVersion({ db, now: later }, { code, version: 1, at: now }), {
      status: 'unchanged',
      closesAt: now,
    });
    // A scheduled date that has passed is a closed version too.
    const other = file();
    await publishDefinition({ db }, other);
    const otherCode = other.code as string;
    await closeVersion({ db, now }, { code: otherCode, version: 1, at: at('2026-06-01T12:00:00Z') });
    assert.equal(
      (
        await closeVersion(
          { db, now: later },
          { code: otherCode, version: 1, at: at('2026-12-01T00:00:00Z') },
        )
      ).status,
      'alreadyClosed',
    );
    assert.deepEqual(await closing(otherCode), at('2026-06-01T12:00:00Z'));
  });
});
