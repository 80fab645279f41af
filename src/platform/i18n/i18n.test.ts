import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogues, languages, negotiateLang, translator } from './index.ts';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('i18n catalogues', () => {
  it('have exactly the same keys in fr, en and de', () => {
    const reference = new Set(keysOf(catalogues.fr));
    for (const lang of languages) {
      const keys = new Set(keysOf(catalogues[lang]));
      const missing = [...reference].filter((k) => !keys.has(k));
      const extra = [...keys].filter((k) => !reference.has(k));
      assert.deepEqual({ lang, missing, extra }, { lang, missing: [], extra: [] });
    }
  });

  it('have no empty message and use the same interpolation variables in every language', () => {
    for (const key of keysOf(catalogues.fr)) {
      const variables = (lang: (typeof languages)[number]) => {
        const text = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogues[lang]);
        assert.ok(typeof text === 'string' && text.trim().length > 0, `${lang}:${key} is empty`);
        return [...(text as string).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      };
      assert.deepEqual(variables('en'), variables('fr'), key);
      assert.deepEqual(variables('de'), variables('fr'), key);
    }
  });

  it('translates and interpolates', () => {
    assert.equal(translator('de')('user.logOn'), 'Anmelden');
    assert.equal(translator('en')('error.reference', { id: 'X1' }), 'Incident reference: X1');
  });

  it('remembers answers per key and options without mixing them up', () => {
    const t = translator('en');
    for (let round = 0; round < 2; round++) {
      assert.equal(t('error.reference', { id: 'X1' }), 'Incident reference: X1');
      assert.equal(t('error.reference', { id: 'X2' }), 'Incident reference: X2');
      assert.equal(t('pagination.status', { page: 2, pages: 7 }), 'Page 2 of 7');
      assert.equal(t('pagination.status', { page: 3, pages: 7 }), 'Page 3 of 7');
      assert.equal(t('user.logOn'), 'Log on');
      assert.equal(t('certification.obtained.count', { count: 1 }), '1 company');
      assert.equal(t('certification.obtained.count', { count: 2 }), '2 companies');
      assert.equal(translator('de')('user.logOn'), 'Anmelden');
      assert.equal(t('no.such.key', { defaultValue: 'fallback' }), 'fallback');
    }
  });
});

describe('language negotiation', () => {
  it('prefers the cookie, then Accept-Language by quality, then French', () => {
    assert.equal(negotiateLang('de', 'en-GB,en;q=0.9'), 'de');
    assert.equal(negotiateLang(undefined, 'en-GB,en;q=0.9'), 'en');
    assert.equal(negotiateLang(undefined, 'it;q=1, de;q=0.5, en;q=0.4'), 'de');
    assert.equal(negotiateLang(undefined, 'it, es'), 'fr');
    assert.equal(negotiateLang('xx', undefined), 'fr');
    assert.equal(negotiateLang(undefined, 'en;q=0, de'), 'de');
  });
});
