import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson } from '../../../test/support/identity.ts';
import { publicDir } from './assets.ts';
import { localPath } from './local-path.ts';

const BASE = 'https://portal.example.lu';

/**
 * Return addresses that lead off the site, as written in a link (before the query string is
 * decoded): each one must be refused, by the server and by the browser script alike.
 */
const offSite = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '/%252F/evil.example',
  '/%25252F/evil.example',
  '/%5C/evil.example',
  '/%255C/evil.example',
  '/.//evil.example',
  '/./%2F/evil.example',
  'https://evil.example/',
  'https:evil.example',
  'http:/evil.example',
  '//portal.example.lu@evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' /help',
  '/help\u0000',
  '/help\u0085',
  'evil.example',
  '',
  '/%',
];

/** Paths of the site that are followed as they are. */
const onSite: [string, string][] = [
  ['/', '/'],
  ['/help', '/help'],
  ['/space/users?q=anne&page=2', '/space/users?q=anne&page=2'],
  ['/space/certifications/ITM_ELECTIONS#block', '/space/certifications/ITM_ELECTIONS#block'],
  ['/invitations/abc-DEF_123', '/invitations/abc-DEF_123'],
  // Characters beyond ASCII come back percent-encoded: always a valid Location header.
  ['/help?q=Müller €', '/help?q=M%C3%BCller%20%E2%82%AC'],
  ['/a/../help', '/help'],
];

/** The browser script's function, evaluated as a page at BASE would run it. */
function browserLocalPath(): (next: unknown) => string | undefined {
  const context: Record<string, unknown> = { location: new URL(BASE), URL };
  runInNewContext(readFileSync(`${publicDir}local-path.js`, 'utf8'), context);
  return context.comptoirLocalPath as (next: unknown) => string | undefined;
}

describe('local paths (the return addresses followed)', () => {
  const inBrowser = browserLocalPath();

  for (const [name, check] of [
    ['the server', (next: unknown) => localPath(next, BASE)],
    ['the browser script', inBrowser],
  ] as const) {
    it(`${name} refuses every address that leaves the site, raw or decoded once`, () => {
      for (const next of offSite) {
        assert.equal(check(next), undefined, JSON.stringify(next));
        assert.equal(check(decodeURIComponent(next.replace(/%(?![0-9a-f]{2})/gi, '%25'))), undefined, next);
      }
      for (const value of [undefined, null, 42, ['/help'], { next: '/help' }, `/${'a'.repeat(3000)}`])
        assert.equal(check(value), undefined, String(value));
    });

    it(`${name} follows paths of the site`, () => {
      for (const [next, expected] of onSite) assert.equal(check(next), expected, next);
    });
  }
});

describe('return addresses over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  /** The forms of `next` in a link: encoded, and as typed when a URL can carry it so. */
  const linkForms = (next: string) => [
    encodeURIComponent(next),
    encodeURIComponent(encodeURIComponent(next)),
    ...(/^[\x21-\x7e]*$/.test(next) ? [next] : []),
  ];

  it('the language switch goes back only to a path of the site, with a valid Location', async () => {
    for (const next of offSite) {
      for (const form of linkForms(next)) {
        const res = await t.app.inject({ url: `/language/en?next=${form}` });
        if (next.includes('\u0000') && form === encodeURIComponent(next)) {
          assert.equal(res.statusCode, 400, `${form}: a NUL is refused as such`);
          continue;
        }
        assert.equal(res.statusCode, 303, form);
        assert.equal(res.headers.location, '/', form);
      }
    }
    // Line breaks and characters beyond Latin-1 used to break the Location header (a 500).
    for (const form of ['/a%0d%0aX-Evil:%201', '/%E2%82%AC', '/%C3%BC', '/%FF']) {
      const res = await t.app.inject({ url: `/language/de?next=${form}` });
      assert.equal(res.statusCode, 303, form);
      assert.match(String(res.headers.location), /^\/[\x21-\x7e]*$/, form);
      assert.equal(res.headers['x-evil'], undefined);
    }
    const home = await t.app.inject({ url: '/language/de?next=%2Fhelp%3Fq%3D%C3%BC' });
    assert.equal(home.headers.location, '/help?q=%C3%BC');
  });

  it('the log on page keeps only a path of the site, and the log on follows only that', async () => {
    for (const next of offSite) {
      for (const form of linkForms(next)) {
        const res = await t.app.inject({ url: `/logon?next=${form}` });
        assert.equal(
          res.statusCode,
          next.includes('\u0000') && form === encodeURIComponent(next) ? 400 : 200,
        );
        const kept = res.cookies.find((c) => c.name === 'logon_next');
        assert.ok(!kept || kept.value === '/' || kept.value === '%2F', `${form} kept as ${kept?.value}`);
      }
    }
    // A cookie planted by other means is checked again when the log on ends.
    const person = await newOtpPerson(t);
    const planted = await logOnWithToken(t, person, `logon_next=${encodeURIComponent('/\t/evil.example')}`);
    assert.equal(planted.response.statusCode, 303);
    assert.equal(planted.response.headers.location, '/');

    const page = await t.app.inject({ url: '/logon?next=%2Fdevices%3Fdone%3Dadded' });
    const back = await logOnWithToken(t, person, cookiesFrom(page), 30_000);
    assert.equal(back.response.headers.location, '/devices?done=added');
  });
});
