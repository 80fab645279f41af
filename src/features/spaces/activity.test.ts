import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { join, membershipOf, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { formatCertificateNumber } from '../identity/rules.ts';

const rowsOf = (body: string) =>
  body.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr>[\s\S]*?<\/tr>/g) ?? [];

describe('Activity tab: the audit trail of the eSpace, for Administrators', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('shows who, what, when and with which certificate number, newest first, 50 a page', async () => {
    const { agent: head, person } = await personLoggedOn(t, { surname: 'Trail', firstName: 'Karine' });
    await setUpBusinessSpace(head, 'Trail');
    for (let i = 1; i <= 50; i++) await head.post('/space/profile/edit', { name: `Trail ${i}` });

    const first = await head.get('/space/activity');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Page 1 of 2/);
    const rows = rowsOf(first.body);
    assert.equal(rows.length, 50);
    const newest = rows[0]!;
    assert.match(newest, /<td class="nowrap">\d\d\/\d\d\/\d{4}, \d\d:\d\d<\/td>/, 'when');
    assert.match(newest, /<td>Karine Trail<\/td>/, 'who');
    assert.match(
      newest,
      /<td>Information sheet changed<br\/><span class="muted">Name of the eSpace<\/span><\/td>/,
      'what, and which field',
    );
    assert.ok(newest.includes(formatCertificateNumber(person.certificateNumber)), 'with which certificate');

    const second = await head.get('/space/activity?page=2');
    const oldest = rowsOf(second.body);
    assert.equal(oldest.length, 1);
    assert.match(oldest[0]!, /eSpace set up/);
  });

  it('says whom an event concerned: the user invited, whose role changed from what to what', async () => {
    const { agent: head } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(head, 'Whom');
    const member = await newOtpPerson(t, { firstName: 'Anna', surname: 'Weber' });
    const browser = await logOn(t, member);
    await join(t, head, member, browser, { role: 'manager' });
    const { id } = await membershipOf(t, member.personId, identifier);
    await head.post(`/space/users/m/${id}/role`, { role: 'administrator' });
    const rows = rowsOf((await head.get('/space/activity')).body);
    assert.match(
      rows[0]!,
      /Role changed<br\/><span class="muted">Anna Weber · Manager → Administrator<\/span>/,
    );
    assert.ok(rows.some((r) => /User invited<br\/><span class="muted">Anna Weber · Manager</.test(r)));
  });

  it('is for Administrators only: no tab and 403 for the others', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head, 'Private trail');
    const manager = await newOtpPerson(t);
    const browser = await logOn(t, manager);
    await join(t, head, manager, browser, { role: 'manager' });
    assert.match((await head.get('/space/profile')).body, /href="\/space\/activity"/);
    assert.doesNotMatch((await browser.get('/space/profile')).body, /href="\/space\/activity"/);
    const refused = await browser.get('/space/activity');
    assert.equal(refused.statusCode, 403);
    assert.doesNotMatch(refused.body, /User invited|Invitation accepted/);
  });
});
