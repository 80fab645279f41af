import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { translator } from '../i18n/index.ts';
import { enqueueMail } from './outbox.ts';
import { renderMail } from './render.tsx';

describe('development mailbox', () => {
  let demo: TestApp;
  let production: TestApp;
  let delivering: TestApp;
  before(async () => {
    demo = await testApp();
    production = await testApp({ env: { MODE: 'production' } });
    // Demo mode with an SMTP server: mails leave, so there is no mailbox to read them in.
    delivering = await testApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9', MAIL_POLL_MS: '600000' } });
  });
  after(async () => {
    await demo.close();
    await production.close();
    await delivering.close();
  });

  it('lists and shows the mails in demo mode, escaped, with the HTML in a sandbox', async () => {
    const t = translator('en');
    const subject = '<script>alert(1)</script> Invitation';
    await enqueueMail(demo.database.db, {
      to: 'lea@example.lu',
      ...renderMail(t, 'en', { subject, heading: 'Hello', paragraphs: ['Join us'] }),
    });
    const list = await demo.app.inject({ url: '/dev/mailbox', headers: { 'accept-language': 'en' } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /lea@example\.lu/);
    assert.doesNotMatch(list.body, /<script>alert/);
    const id = list.body.match(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/)?.[1];
    assert.ok(id);
    const page = await demo.app.inject({ url: `/dev/mailbox/${id}`, headers: { 'accept-language': 'en' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<iframe class="mail-preview" title="[^"]*" sandbox srcdoc=/);
    assert.match(page.body, /Join us/);
    assert.match(page.body, /<dt>Status<\/dt><dd>(Pending|Sent)<\/dd>/);
    // Only this page lets the sandboxed mail keep its inline styles; scripts stay forbidden.
    assert.match(String(page.headers['content-security-policy']), /style-src 'self' 'unsafe-inline'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /script-src[^;]*unsafe-inline/);
    assert.doesNotMatch(String(list.headers['content-security-policy']), /unsafe-inline/);
    assert.equal((await demo.app.inject({ url: '/dev/mailbox/nope' })).statusCode, 404);
    assert.equal(
      (await demo.app.inject({ url: '/dev/mailbox/00000000-0000-4000-8000-000000000000' })).statusCode,
      404,
    );
  });

  it('says so when there is no mail on a page', async () => {
    const empty = await demo.app.inject({
      url: '/dev/mailbox?page=999',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No e-mail yet\./);
  });

  it('does not exist in production mode nor when mails are delivered, and the log on page says so', async () => {
    for (const app of [production, delivering]) {
      assert.equal((await app.app.inject({ url: '/dev/mailbox' })).statusCode, 404);
      assert.doesNotMatch((await app.app.inject({ url: '/logon' })).body, /href="\/dev\/mailbox"/);
    }
    assert.match((await demo.app.inject({ url: '/logon' })).body, /href="\/dev\/mailbox"/);
  });
});
