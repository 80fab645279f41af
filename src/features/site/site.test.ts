import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';

describe('public pages rendered once per language for visitors', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const visit = (url: string, lang: string) => t.app.inject({ url, headers: { 'accept-language': lang } });

  it('gives every visitor the same page in their language, and a logged-on person their own', async () => {
    for (const url of ['/', '/help', '/sitemap', '/?from=newsletter']) {
      const [fr, again, en] = [await visit(url, 'fr'), await visit(url, 'fr'), await visit(url, 'en')];
      assert.equal(fr.statusCode, 200, url);
      assert.equal(again.body, fr.body, `${url}: the page kept`);
      assert.match(fr.body, /<html lang="fr"/);
      assert.match(en.body, /<html lang="en"/);
      assert.equal(fr.headers['cache-control'], 'no-store');
      assert.ok(fr.headers['content-security-policy']);
    }
    // The language links bring the visitor back to the URL they came from, query string included.
    assert.match((await visit('/?from=newsletter', 'fr')).body, /next=%2F%3Ffrom%3Dnewsletter/);

    const { person, agent } = await personLoggedOn(t);
    const home = await agent.get('/');
    assert.match(home.body, new RegExp(`${person.firstName} ${person.surname}`));
    assert.match(home.body, /Log out/);
    assert.doesNotMatch((await visit('/', 'en')).body, new RegExp(person.surname), 'nothing of theirs kept');
  });
});
