import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { translator } from '../i18n/index.ts';
import { enqueueMail } from './outbox.ts';
import { renderMail } from './render.tsx';

describe('development mailbox', () => {
  let demo: TestApp;
  let production: TestApp;
  before(async () => {
    demo = await testApp();
    production = await testApp({ env: { MODE: 'production' } });
  });
  after(async () => {
    await demo.close();
    await production.close();
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
    assert.equal((await demo.app.inject({ url: '/dev/mailbox/nope' })).statusCode, 404);
  });

  it('does not exist in production mode', async () => {
    assert.equal((await production.app.inject({ url: '/dev/mailbox' })).statusCode, 404);
  });
});
