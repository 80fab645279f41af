import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { databaseWithRegistries } from '../../../../test/support/certification.ts';
import { freshDatabase } from '../../../../test/support/db.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { Database } from '../../../platform/db.ts';
import { loadDemoDataOnce } from '../../../platform/demo.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { demoSeeders } from '../../index.ts';
import { definitionFile, field, step, texts } from '../definition/testing.ts';
import { prefixQuery } from '../search.ts';
import { catalogueFacets, catalogueQuery } from '../store/definitions.ts';
import { audiencesFor, CATALOGUE_LIMIT, type Catalogue, catalogue, definitionFor } from './catalogue.ts';
import { closeVersion, publishDefinition } from './publish.ts';

/** The codes of a catalogue, with the version shown, in the order shown. */
const codesOf = (c: Catalogue) =>
  c.administrations.flatMap((a) => a.themes.flatMap((t) => t.entries.map((e) => `${e.code} v${e.version}`)));

const ITM = ['ITM-SE-ANNOUNCE v2', 'ITM-SE-CANDIDATES v1', 'ITM-SE-DEROGATION v1', 'ITM-SE-MINUTES v1'];
const MENJE = ['MENJE-FC-MANAGER v1', 'MENJE-FC-TEAM v1'];

describe('the catalogue of the demo procedures', () => {
  let database: Database;
  const find = (spaceKind: 'private' | 'business', q?: string, more: { lang?: Lang } = {}) =>
    catalogue({ db: database.db }, { spaceKind, q, lang: more.lang ?? 'en' });

  before(async () => {
    database = await freshDatabase({ demo: true });
    await loadDemoDataOnce(database.db, loadConfig({ MODE: 'demo' }), demoSeeders);
  });
  after(() => database.close());

  // What a business eSpace finds for each search, in any order, and what a private eSpace finds.
  const searches: [string, string[], string[]?][] = [
    ['ITM', ITM],
    ['itm', ITM],
    ['elect', ITM, ['AEV-BIKE-AID v1']], // « vélo électrique »
    ['élections', ITM],
    ['elections', ITM],
    ['ÉLECTIONS', ITM],
    ['election', ITM],
    ['Sozialwahlen', ITM],
    ['Wahl', ['ITM-SE-ANNOUNCE v2', 'ITM-SE-DEROGATION v1', 'ITM-SE-MINUTES v1']],
    ['formation continue', MENJE],
    ['Formation  Continue', MENJE],
    ['weiterbildung', MENJE],
    ['MENJE', MENJE],
    ['elections candidats', ['ITM-SE-CANDIDATES v1']],
    ['candidats elections', ['ITM-SE-CANDIDATES v1']],
    ['ITM formation', []],
    ['health certificate', ['ALVA-EXPORT-CERT v1']],
    ['Ausfuhr', ['ALVA-EXPORT-CERT v1']],
    ['xqzzy', []],
    ['elections xqzzy', []],
  ];
  for (const [q, expected, inPrivate = []] of searches) {
    it(`"${q}" finds ${expected.length ? expected.join(', ') : 'nothing'}`, async () => {
      assert.deepEqual(codesOf(await find('business', q)).sort(), expected);
      assert.deepEqual(codesOf(await find('private', q)), inPrivate);
    });
  }

  it('shows a private eSpace the procedures for citizens only, and a business eSpace none of them', async () => {
    assert.deepEqual(codesOf(await find('private')), ['AEV-BIKE-AID v1']);
    assert.deepEqual(codesOf(await find('private', 'vélo')), ['AEV-BIKE-AID v1']);
    assert.deepEqual(codesOf(await find('private', 'velo')), ['AEV-BIKE-AID v1']);
    assert.deepEqual(codesOf(await find('private', 'Fahrrad')), ['AEV-BIKE-AID v1']);
    assert.deepEqual(codesOf(await find('business', 'vélo')), []);
  });

  it('groups by administration (in code order) and theme, titles in the language asked, each with its certification scope', async () => {
    const de = await find('business', undefined, { lang: 'de' });
    assert.equal(de.count, 7);
    assert.equal(de.truncated, false);
    assert.deepEqual(
      de.administrations.map((a) => [a.code, a.themes.map((t) => t.label)]),
      [
        ['ALVA', ['Lebensmittelsicherheit']],
        ['ITM', ['Sozialwahlen']],
        ['MENJE', ['Bildung und Ausbildung']],
      ],
    );
    const itm = de.administrations[1]!;
    assert.equal(itm.name, 'Gewerbeinspektion');
    const titles = itm.themes[0]!.entries.map((e) => e.title);
    assert.deepEqual(titles, [...titles].sort(new Intl.Collator('de').compare), 'by title');
    assert.ok(titles.includes('Ankündigung der Sozialwahlen'));
    assert.ok(itm.themes[0]!.entries.every((e) => e.certificationScope?.code === 'ITM_ELECTIONS'));
    assert.equal(de.administrations[0]!.themes[0]!.entries[0]!.certificationScope, null);
  });

  it('filters by administration and by theme', async () => {
    const ctx = { db: database.db };
    const itm = await catalogue(ctx, { spaceKind: 'business', administration: 'itm', lang: 'fr' });
    assert.deepEqual(codesOf(itm).sort(), ITM);
    const education = await catalogue(ctx, { spaceKind: 'business', theme: 'education', lang: 'fr' });
    assert.deepEqual(codesOf(education).sort(), MENJE);
    const none = await catalogue(ctx, {
      spaceKind: 'business',
      theme: 'no-such-theme',
      q: 'itm',
      lang: 'fr',
    });
    assert.deepEqual(codesOf(none), []);
  });
});

describe('which version the catalogue shows', () => {
  let database: Database;
  const db = () => database.db;
  /** A new code, all its versions found by one word no other definition has. */
  const versions = (word: string, audiences: string[]): Record<string, unknown>[] => {
    const first = definitionFile([step('only', [field('name', 'text')])], {
      keywords: { fr: [word], en: [word], de: [word] },
    });
    return audiences.map((audience, i) => ({
      ...first,
      version: i + 1,
      audience,
      title: texts(`${word} v${i + 1}`),
    }));
  };
  const shown = async (word: string, spaceKind: 'private' | 'business', now?: Date) =>
    codesOf(await catalogue({ db: db(), now }, { spaceKind, q: word, lang: 'en' })).map(
      (c) => c.split(' ')[1],
    );

  before(async () => {
    database = await databaseWithRegistries();
  });
  after(() => database.close());

  it('shows the latest version whose closing date is not reached', async () => {
    const [v1, v2] = versions('aardvark', ['business', 'business']);
    await publishDefinition({ db: db() }, v1);
    assert.deepEqual(await shown('aardvark', 'business'), ['v1']);
    await publishDefinition({ db: db() }, v2);
    assert.deepEqual(await shown('aardvark', 'business'), ['v2'], 'v1 still open: v2 replaces it');
    const code = v1!.code as string;
    const now = new Date();
    await closeVersion({ db: db(), now }, { code, version: 1, at: now });
    assert.deepEqual(await shown('aardvark', 'business'), ['v2'], 'v1 closed');
    // v2 closes in an hour: shown until then, and then v1 is closed too: nothing.
    const inAnHour = new Date(now.getTime() + 3_600_000);
    await closeVersion({ db: db(), now }, { code, version: 2, at: inAnHour });
    assert.deepEqual(await shown('aardvark', 'business'), ['v2']);
    assert.deepEqual(await shown('aardvark', 'business', inAnHour), []);
    assert.equal((await definitionFor({ db: db(), now: inAnHour }, code))?.version, undefined);
    assert.equal(
      (await definitionFor({ db: db(), now: inAnHour }, code, 1))?.version,
      1,
      'a draft on v1 still reads it',
    );
    assert.equal((await definitionFor({ db: db() }, code))?.version, 2, 'what "Create" starts on');
  });

  it('falls back to the previous version when the latest is closed', async () => {
    const [v1, v2] = versions('bandicoot', ['business', 'business']);
    await publishDefinition({ db: db() }, v1);
    await publishDefinition({ db: db() }, v2);
    const now = new Date();
    await closeVersion({ db: db(), now }, { code: v2!.code as string, version: 2, at: now });
    assert.deepEqual(await shown('bandicoot', 'business'), ['v1']);
  });

  it('follows the audience of the latest version: "both" shows in either eSpace, a change of audience hides the old one', async () => {
    const [both, privateOnly] = versions('capybara', ['both', 'private']);
    await publishDefinition({ db: db() }, both);
    assert.deepEqual(await shown('capybara', 'business'), ['v1']);
    assert.deepEqual(await shown('capybara', 'private'), ['v1']);
    await publishDefinition({ db: db() }, privateOnly);
    assert.deepEqual(await shown('capybara', 'private'), ['v2']);
    assert.deepEqual(
      await shown('capybara', 'business'),
      [],
      'v1 is replaced, not shown to business eSpaces',
    );
  });
});

describe('the catalogue at scale', () => {
  let database: Database;
  const FAKES = 5000;

  before(async () => {
    database = await databaseWithRegistries();
    // Fake versions written straight into the table: only the columns the catalogue reads matter.
    await database.db.execute(sql`
      insert into procedure_definitions
        (code, version, administration_id, audience, theme, definition, sha256, search_text)
      select 'ITM-FAKE-' || i, 1, (select id from administrations where code = 'ITM'),
             case when i % 2 = 0 then 'business' else 'private' end, 'employment',
             jsonb_build_object('title', jsonb_build_object('fr', 'Fake ' || i, 'en', 'Fake ' || i, 'de', 'Fake ' || i),
                                'description', jsonb_build_object('fr', '', 'en', '', 'de', ''), 'processingDays', 30),
             md5(i::text) || md5(i::text), 'itm fake procedure ' || i || ' topic' || (i % 1000)
        from generate_series(1, ${FAKES}) as i`);
    await database.db.execute(sql`analyze procedure_definitions`);
  });
  after(() => database.close());

  it('finds by keyword through the full-text index', async () => {
    const query = catalogueQuery(database.db, {
      audiences: audiencesFor('business'),
      tsquery: prefixQuery('topic42'),
      now: new Date(),
      limit: CATALOGUE_LIMIT + 1,
    });
    const plan = (
      (await database.db.execute(sql`explain ${query}`)) as unknown as { rows: { 'QUERY PLAN': string }[] }
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    assert.match(plan, /Bitmap Index Scan on procedure_definitions_search_idx/, plan);
    // topic42, topic420…topic429 of 5,000, business ones only.
    const found = await catalogue({ db: database.db }, { spaceKind: 'business', q: 'topic42', lang: 'en' });
    assert.equal(found.count, 30);
  });

  it('offers as filters each administration and theme once, whatever the number of versions', async (test) => {
    const started = performance.now();
    const facets = await catalogueFacets(database.db, {
      audiences: audiencesFor('business'),
      now: new Date(),
    });
    test.diagnostic(`the filters of ${FAKES / 2} versions in ${(performance.now() - started).toFixed(1)} ms`);
    assert.deepEqual(
      facets.map((f) => [f.administration.code, f.theme]),
      [['ITM', 'employment']],
    );
  });

  it(`answers at most ${CATALOGUE_LIMIT} entries and says there are more`, async () => {
    const all = await catalogue({ db: database.db }, { spaceKind: 'business', q: 'fake', lang: 'en' });
    assert.equal(all.count, CATALOGUE_LIMIT);
    assert.equal(all.truncated, true);
    const whole = await catalogue({ db: database.db }, { spaceKind: 'private', lang: 'en' });
    assert.equal(whole.count, CATALOGUE_LIMIT);
    assert.equal(whole.truncated, true);
  });
});
