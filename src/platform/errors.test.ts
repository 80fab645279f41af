import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RuleError, ruleMessage, ruleMessageKey } from './errors.ts';
import { catalogues, languages, translator } from './i18n/index.ts';

const src = path.join(import.meta.dirname, '..');

/** Every rule code declared in a `rule-codes.ts` of src/, with the file that declares it. */
async function declaredRuleCodes(): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const entry of await readdir(src, { withFileTypes: true, recursive: true })) {
    if (entry.name !== 'rule-codes.ts') continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const list of Object.values(await import(file)) as string[][]) {
      for (const code of list) {
        assert.ok(!codes.has(code), `${code} is declared twice`);
        codes.set(code, path.relative(src, file));
      }
    }
  }
  return codes;
}

const lookUp = (catalogue: unknown, key: string): unknown =>
  key.split('.').reduce((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);

describe('rule errors', () => {
  it('every code is PascalCase and has a message in fr, en and de', async () => {
    const codes = await declaredRuleCodes();
    assert.ok(codes.size >= 17, `only ${codes.size} rule codes found`);
    const missing: string[] = [];
    for (const [code, file] of codes) {
      assert.match(code, /^[A-Z][A-Za-z]+$/, `${code} (${file}) is not PascalCase`);
      for (const lang of languages) {
        const message = lookUp(catalogues[lang], ruleMessageKey(code as never));
        if (typeof message !== 'string' || !message.trim()) missing.push(`${lang}: ${code} (${file})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('a page shows the message of the code with its values, in the person’s language', () => {
    const error = new RuleError('BusinessSpaceLimitReached', { max: 3 });
    assert.equal(error.code, 'BusinessSpaceLimitReached');
    assert.match(ruleMessage(translator('en'), error), /You have already set up 3 business eSpaces/);
    assert.match(ruleMessage(translator('fr'), error), /\b3\b/);
    assert.notEqual(ruleMessage(translator('de'), error), ruleMessage(translator('en'), error));
  });
});
