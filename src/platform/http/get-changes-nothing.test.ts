import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { company, confirmCode, issueCode } from '../../../test/support/certification.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { ctxOf, entity } from '../../../test/support/procedures.ts';
import { join, setUpBusinessSpace, unreadCount } from '../../../test/support/spaces.ts';
import { changedTables, snapshotTables } from '../../../test/support/tables.ts';
import { spaces } from '../../db/schema/index.ts';
import { startProcedure } from '../../features/procedures/service/drafts.ts';

/** Only the session's "last seen" may change while pages are shown. */
const sessionsOnly = new Set(['sessions']);

/**
 * Issue 11, point 9: showing a page changes nothing. The GETs that used to write (marking
 * communications read, recording where to go after log on, starting the linking of a passkey,
 * making the private eSpace) leave every table as it was; the POSTs that took their place work
 * with a CSRF token, in plain HTML forms.
 */
describe('a GET never changes state', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  /** Runs `show` and asserts that no table but the sessions changed. */
  const unchanged = async <T>(show: () => Promise<T>): Promise<T> => {
    // The mails of what came before are sent first: the outbox worker's marks are not the page's.
    await t.mail.runOnce();
    const before = await snapshotTables(t, sessionsOnly);
    const result = await show();
    assert.deepEqual(changedTables(before, await snapshotTables(t, sessionsOnly)), []);
    return result;
  };

  it('My communications shows what is unread; "Mark as read" (a form post) marks the ones shown', async () => {
    const head = await personLoggedOn(t);
    await setUpBusinessSpace(head.agent, 'Read Only SARL');
    const member = await newOtpPerson(t);
    const reader = await logOn(t, member);
    await join(t, head.agent, member, reader, { role: 'manager' });
    await head.agent.post('/space/profile/edit', { name: 'Read Only SARL', officePhone: '+352 123 456' });
    assert.equal(await unreadCount(reader), 1);

    const page = await unchanged(() => reader.get('/communications'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /changed the information sheet/);
    assert.equal(await unreadCount(reader), 1, 'still unread after the page was shown');
    const form = page.body.match(/<form method="post" action="\/communications\/read">[\s\S]*?<\/form>/)?.[0];
    assert.ok(form, 'a plain HTML form, no script needed');
    const ids = [...form.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(ids.length, 1);

    const forged = await t.app.inject({
      method: 'POST',
      url: '/communications/read',
      headers: { cookie: reader.cookie() },
      payload: { id: ids[0]! },
    });
    assert.equal(forged.statusCode, 403, 'refused without the CSRF token');
    assert.equal(await unreadCount(reader), 1);
    // Someone else's ids and garbage mark nothing of the reader's.
    assert.equal((await head.agent.post('/communications/read', { id: ids })).statusCode, 303);
    assert.equal((await reader.post('/communications/read', { id: 'not-an-id' })).statusCode, 400);
    assert.equal(await unreadCount(reader), 1);

    const marked = await reader.post('/communications/read', { id: ids, page: '1' });
    assert.equal(marked.statusCode, 303);
    assert.equal(marked.headers.location, '/communications?page=1&done=read');
    const after = await reader.get(marked.headers.location);
    assert.match(after.body, /The communications shown are marked as read/);
    assert.doesNotMatch(after.body, /action="\/communications\/read"/, 'nothing left to mark');
    assert.equal(await unreadCount(reader), 0);
  });

  it('the log on page keeps where to go in the browser, not in the attempt', async () => {
    const browser = new Agent(t);
    await browser.get('/logon');
    const page = await unchanged(() => browser.get('/logon?next=%2Fspace%2Fusers'));
    assert.equal(page.statusCode, 200);
    assert.equal(page.cookies.find((c) => c.name === 'logon_next')?.value, '/space/users');
    assert.ok(!page.cookies.some((c) => c.name === 'logon'), 'the same attempt goes on');
  });

  it('the page that links a passkey starts nothing; asking for options (a POST) does', async () => {
    const { agent } = await personLoggedOn(t);
    const page = await unchanged(() => agent.get('/devices/passkey?device=security_key'));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.cookies.some((c) => c.name === 'logon'), 'the log on cookie is not replaced');
    const csrf = page.body.match(/data-csrf="([^"]+)"/)?.[1] ?? '';
    const options = await t.app.inject({
      method: 'POST',
      url: '/devices/passkey/options',
      headers: { cookie: agent.cookie(), 'csrf-token': csrf },
      payload: { device: 'security_key' },
    });
    assert.equal(options.statusCode, 200);
    assert.ok(options.json().challenge);
    assert.ok(
      options.cookies.some((c) => c.name === 'logon'),
      'the linking starts here',
    );
  });

  it('the list of eSpaces shows the private eSpace made at log on, and makes none', async () => {
    const { agent, person } = await personLoggedOn(t);
    const [mine] = await t.database.db.select().from(spaces).where(eq(spaces.createdBy, person.personId));
    assert.equal(mine?.kind, 'private', 'made when the session opened');
    const list = await unchanged(() => agent.get('/spaces'));
    assert.match(list.body, new RegExp(mine.identifier));
  });

  it("a draft's step page and a step it redirects from change nothing; its form posts", async () => {
    const head = await company(t, 'Unchanged SARL');
    await confirmCode(head.agent, (await issueCode(t, { entity: 'rcs:B100003' })).code);
    const ctx = await ctxOf(t, head.person.personId, head.person.deviceId);
    const draft = await startProcedure(ctx, head.spaceId, {
      code: 'ITM-SE-ANNOUNCE',
      subjectEntityId: (await entity(t, 'B100003')).id,
    });
    const page = await unchanged(() => head.agent.get(`/procedures/${draft.id}/steps/company`));
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<form id="step-form" method="post" action="\/procedures\/[^"]+\/steps\/company"/,
    );
    const ahead = await unchanged(() => head.agent.get(`/procedures/${draft.id}/steps/contact`));
    assert.equal(ahead.headers.location, `/procedures/${draft.id}/steps/company`);
  });
});
