import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogueDefinition } from './definition/testing.ts';
import { MAX_SEARCH_WORDS, prefixQuery, searchTextOf, searchWords } from './search.ts';

describe('catalogue search words', () => {
  it('are lower case, without accents, a-z and digits only, whatever the language', () => {
    assert.deepEqual(searchWords("Élections sociales – Délégation du personnel (l'ITM)"), [
      'elections',
      'sociales',
      'delegation',
      'du',
      'personnel',
      'l',
      'itm',
    ]);
    assert.deepEqual(searchWords('Straße, Œuvre, Ærø, Łódź, Đorđe, ÜBERSICHT'), [
      'strasse',
      'oeuvre',
      'aero',
      'lodz',
      'dorde',
      'ubersicht',
    ]);
    assert.deepEqual(searchWords('ITM-SE-ANNOUNCE v2, B100001'), ['itm', 'se', 'announce', 'v2', 'b100001']);
    assert.deepEqual(searchWords(' —;\'" '), []);
  });

  it("of a definition: titles, descriptions, keywords in fr/en/de, its code, its administration's code and theme labels, each once", () => {
    const definition = catalogueDefinition('itm-se-announce.v1.json');
    const words = searchTextOf(definition, ['Élections sociales', 'Social elections', 'Sozialwahlen']).split(
      ' ',
    );
    for (const word of [
      'itm',
      'announce',
      'elections',
      'annonce',
      'ankundigung',
      'sozialwahlen',
      'wahl',
      'scrutin',
    ])
      assert.ok(words.includes(word), word);
    assert.equal(new Set(words).size, words.length, 'no word twice');
    assert.ok(words.every((w) => /^[a-z0-9]+$/.test(w)));
  });
});

describe('catalogue search query', () => {
  it('asks for every word typed as a prefix', () => {
    assert.equal(prefixQuery('elect'), "'elect':*");
    assert.equal(prefixQuery('  Formation   CONTINUE '), "'formation':* & 'continue':*");
    assert.equal(prefixQuery('élections Élections elections'), "'elections':*", 'one term per word');
  });

  it('is nothing when nothing searchable was typed', () => {
    assert.equal(prefixQuery(''), undefined);
    assert.equal(prefixQuery("  -- ' ! "), undefined);
  });

  it('cannot be given tsquery syntax, and stays short whatever is typed', () => {
    assert.equal(prefixQuery("itm' | !elect:* & (x"), "'itm':* & 'elect':* & 'x':*");
    const query = prefixQuery(Array.from({ length: 50 }, (_, i) => `w${i}${'x'.repeat(100)}`).join(' '))!;
    const terms = query.split(' & ');
    assert.equal(terms.length, MAX_SEARCH_WORDS);
    assert.ok(terms.every((term) => term.length <= 60 + 4));
  });
});
