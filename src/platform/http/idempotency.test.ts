import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { type Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { certifiedCompany, company, issueCode } from '../../../test/support/certification.ts';
import { newOtpPerson, pageCsrf } from '../../../test/support/identity.ts';
import { setUpBusinessSpace } from '../../../test/support/spaces.ts';
import {
  accessCodes,
  devices,
  idempotencyKeys,
  invitations,
  mandates,
  persons,
  spaces,
} from '../../db/schema/index.ts';
import { grantOfficer } from '../../features/authorities/service.ts';
import { formatCertificateNumber, generateCertificateNumber } from '../../features/identity/rules.ts';
import type { Feature } from './app.tsx';
import { ONE_TIME_FIELD } from './idempotency.ts';

/**
 * Idempotent form posts (issue 12, point 5), over HTTP: every form that creates something carries
 * a one-time token; the same post sent twice at once creates one row, and both answers are the
 * first answer. A token given back by a failed post works again; another person's token never
 * shows them the first answer.
 */

type Table = typeof spaces | typeof invitations | typeof accessCodes | typeof mandates | typeof persons;
const rows = async (t: TestApp, table: Table | typeof devices) =>
  (await t.database.db.select({ n: count() }).from(table))[0]!.n;

/** The one-time token of the form of `page` that posts to `action`. */
function onceOf(page: LightMyRequestResponse, action: string): string {
  const start = page.body.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `a form to ${action} (status ${page.statusCode})`);
  const form = page.body.slice(start, page.body.indexOf('</form>', start));
  const token = form.match(/name="_once" value="([^"]+)"/)?.[1];
  assert.ok(token, `a one-time token in the form to ${action}`);
  return token;
}

/** What a browser shows of an answer. */
const answerOf = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  location: res.headers.location,
  body: res.body,
});

/**
 * Posts the same form twice at the same moment, then once more (a reload): one row more in
 * `table`, and the three answers are the first one.
 */
async function postedThrice(
  t: TestApp,
  table: Table | typeof devices,
  post: () => Promise<LightMyRequestResponse>,
  expected: number,
) {
  const before = await rows(t, table);
  const [first, second] = await Promise.all([post(), post()]);
  const reload = await post();
  assert.equal(first!.statusCode, expected, first!.body.slice(0, 500));
  assert.deepEqual(answerOf(second!), answerOf(first!));
  assert.deepEqual(answerOf(reload), answerOf(first!));
  assert.equal(await rows(t, table), before + 1);
  return first!;
}

const spaceFields = (name: string) => ({ name, companyName: `${name} SARL`, email: 'head@example.lu' });

describe('a creating form posted twice creates one thing', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('set up a business eSpace', async () => {
    const { agent } = await personLoggedOn(t);
    const _once = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    const fields = { ...spaceFields('Twice SARL'), [ONE_TIME_FIELD]: _once };
    const answer = await postedThrice(t, spaces, () => agent.post('/spaces/new', fields), 303);
    assert.equal(answer.headers.location, '/space/profile?done=created');
  });

  it('invite a user (the last step of "Add a user")', async () => {
    const { agent } = await personLoggedOn(t);
    await setUpBusinessSpace(agent, 'Inviting SARL');
    const values = {
      surname: 'Twice',
      firstName: 'Tom',
      email: 'tom.twice@example.lu',
      certificateNumber: formatCertificateNumber(generateCertificateNumber()),
      restricted: 'all',
      role: 'manager',
    };
    const step3 = await agent.post('/space/users/new', { ...values, step: '2', go: 'next' });
    const fields = { ...values, step: '3', go: 'next', [ONE_TIME_FIELD]: onceOf(step3, '/space/users/new') };
    await postedThrice(t, invitations, () => agent.post('/space/users/new', fields), 303);
  });

  it('issue access codes in the back office (the codes shown once come back the same)', async () => {
    const person = await newOtpPerson(t);
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: person.personId, administration: 'ITM' },
    );
    const officer = await logOn(t, person);
    const action = '/backoffice/ITM/codes/new';
    const fields = {
      scope: 'ITM_ELECTIONS',
      kind: 'holder',
      entities: 'rcs:B100010',
      expiresOn: '',
      [ONE_TIME_FIELD]: onceOf(await officer.get(action), action),
    };
    const answer = await postedThrice(t, accessCodes, () => officer.post(action, fields), 200);
    // The page shows the code in clear once: its kept copy is not readable in the database.
    const code = answer.body.match(/name="code" value="([^"]+)"/)?.[1];
    assert.ok(code, 'a code on the page');
    const kept = await t.database.db.select({ answer: idempotencyKeys.answer }).from(idempotencyKeys);
    assert.ok(
      kept.every(
        (row) =>
          !Buffer.from(row.answer ?? [])
            .toString('latin1')
            .includes(code),
      ),
    );
  });

  it('add access: a holder code typed in the Certifications tab', async () => {
    const head = await company(t, 'Holder Twice');
    const { code } = await issueCode(t, { entity: 'rcs:B100011' });
    const action = '/space/certifications/ITM_ELECTIONS/holder';
    const fields = { code, [ONE_TIME_FIELD]: onceOf(await head.agent.get('/space/certifications'), action) };
    await postedThrice(t, mandates, () => head.agent.post(action, fields), 303);
  });

  it("add access: an agent code generated for the holder's agents", async () => {
    const holder = await certifiedCompany(t, 'Agent Twice', 'rcs:B100012');
    const action = '/space/certifications/ITM_ELECTIONS/agent-code';
    const fields = { [ONE_TIME_FIELD]: onceOf(await holder.agent.get('/space/certifications'), action) };
    await postedThrice(t, accessCodes, () => holder.agent.post(action, fields), 200);
  });

  it('first visit (demo identities): one person, and the same password shown again', async () => {
    const form = await pageCsrf(t, '/first-visit');
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/first-visit',
        headers: { cookie: form.cookie, 'accept-language': 'en' },
        payload: {
          _csrf: form.csrf,
          [ONE_TIME_FIELD]: form.once ?? '',
          surname: 'Twice',
          firstName: 'Vic',
          email: 'vic.twice@example.lu',
          device: 'token',
        },
      });
    const answer = await postedThrice(t, persons, post, 200);
    assert.match(answer.body, /data-field="password"/);
  });

  it('link a device: a new token, and a new certificate', async () => {
    const { agent } = await personLoggedOn(t);
    const token = { [ONE_TIME_FIELD]: onceOf(await agent.get('/devices'), '/devices/token') };
    await postedThrice(t, devices, () => agent.post('/devices/token', token), 200);
    const certificate = {
      label: 'smartcard',
      [ONE_TIME_FIELD]: onceOf(await agent.get('/devices/certificate'), '/devices/certificate'),
    };
    await postedThrice(t, devices, () => agent.post('/devices/certificate', certificate), 200);
  });
});

/** A promise and the function that resolves it. */
function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('a one-time token after a failure, of someone else, or missing', () => {
  let t: TestApp;
  /** A creating route whose first run fails with an exception, as a lost database would. */
  let runs = 0;
  const flaky: Feature = (app) => {
    app.post('/test/flaky', { config: { idempotent: true } }, async (_request, reply) => {
      runs++;
      if (runs === 1) throw new Error('the database went away');
      return reply.redirect(`/test/made/${runs}`, 303);
    });
  };
  /** A creating route held open until the test lets it finish: a second post comes meanwhile. */
  let gated = 0;
  let entered = signal();
  let gate = signal();
  const held: Feature = (app) => {
    app.post('/test/held', { config: { idempotent: true } }, async (_request, reply) => {
      gated++;
      entered.resolve();
      await gate.promise;
      return reply.redirect(`/test/made/${gated}`, 303);
    });
  };
  before(async () => {
    t = await testApp({ extraFeatures: [flaky, held] });
  });
  after(() => t.close());

  const setUp = (agent: Agent, name: string, once: string) =>
    agent.post('/spaces/new', { ...spaceFields(name), [ONE_TIME_FIELD]: once });

  it('works again after a validation error (also when both posts failed at once)', async () => {
    const { agent } = await personLoggedOn(t);
    const once = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    const before = await rows(t, spaces);
    const failed = await Promise.all([setUp(agent, '', once), setUp(agent, '', once)]);
    assert.deepEqual(
      failed.map((r) => r.statusCode),
      [400, 400],
    );
    const corrected = await setUp(agent, 'Corrected SARL', once);
    assert.equal(corrected.statusCode, 303);
    assert.equal(await rows(t, spaces), before + 1);
    assert.deepEqual(answerOf(await setUp(agent, 'Corrected SARL', once)), answerOf(corrected));
    assert.equal(await rows(t, spaces), before + 1);
  });

  it('works again after an exception: the next post of it runs, and its answer is kept', async () => {
    const { agent } = await personLoggedOn(t);
    const once = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    assert.equal((await agent.post('/test/flaky', { [ONE_TIME_FIELD]: once })).statusCode, 500);
    const made = await agent.post('/test/flaky', { [ONE_TIME_FIELD]: once });
    assert.equal(made.headers.location, '/test/made/2');
    assert.equal(
      (await agent.post('/test/flaky', { [ONE_TIME_FIELD]: once })).headers.location,
      '/test/made/2',
    );
    assert.equal(runs, 2);
  });

  it('makes a post that comes while the first one runs wait for its answer', async () => {
    const { agent } = await personLoggedOn(t);
    const once = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    entered = signal();
    gate = signal();
    const first = agent.post('/test/held', { [ONE_TIME_FIELD]: once });
    await entered.promise;
    // The first post holds the token and has no answer yet: the second one can only wait.
    const second = agent.post('/test/held', { [ONE_TIME_FIELD]: once });
    gate.resolve();
    const answers = await Promise.all([first, second]);
    assert.deepEqual(
      answers.map((res) => res.headers.location),
      ['/test/made/1', '/test/made/1'],
    );
    assert.equal(gated, 1);
  });

  it('takes over the claim of a post whose process died, and keeps the claim of a running post alive', async () => {
    const { agent, person } = await personLoggedOn(t);
    const key = (once: string) => ({
      owner: `person:${person.personId}`,
      keyHash: createHash('sha256').update(once).digest('hex'),
    });
    // A claim nobody touched for 21 s: the post of a portal killed in the middle of it.
    const orphan = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    await t.database.db
      .insert(idempotencyKeys)
      .values({ ...key(orphan), createdAt: new Date(Date.now() - 21_000) });
    const retried = await agent.post('/test/flaky', { [ONE_TIME_FIELD]: orphan });
    assert.equal(retried.statusCode, 303, 'the retry runs instead of waiting in vain');

    entered = signal();
    gate = signal();
    const running = onceOf(await agent.get('/spaces/new'), '/spaces/new');
    const first = agent.post('/test/held', { [ONE_TIME_FIELD]: running });
    await entered.promise;
    const claimedAt = async () =>
      (
        await t.database.db
          .select()
          .from(idempotencyKeys)
          .where(eq(idempotencyKeys.keyHash, key(running).keyHash))
      )[0]!.createdAt;
    const at = await claimedAt();
    await sleep(5_500);
    assert.ok((await claimedAt()) > at, 'a running post touches its claim');
    gate.resolve();
    assert.equal((await first).statusCode, 303);
  });

  it("is a fresh token of the person who sends another person's token: never the first answer", async () => {
    const first = await personLoggedOn(t);
    const once = onceOf(await first.agent.get('/spaces/new'), '/spaces/new');
    assert.equal((await setUp(first.agent, 'First Owner', once)).statusCode, 303);
    const other = await personLoggedOn(t);
    const before = await rows(t, spaces);
    const theirs = await setUp(other.agent, 'Other Owner', once);
    assert.equal(theirs.statusCode, 303);
    assert.equal(await rows(t, spaces), before + 1);
    assert.match((await other.agent.get('/space/profile')).body, /Other Owner/);

    // A visitor's token is their browser's: another browser posting it gets its own new person.
    const visit = await pageCsrf(t, '/first-visit');
    const post = (form: { csrf: string; cookie: string }, surname: string) =>
      t.app.inject({
        method: 'POST',
        url: '/first-visit',
        headers: { cookie: form.cookie, 'accept-language': 'en' },
        payload: {
          _csrf: form.csrf,
          [ONE_TIME_FIELD]: visit.once ?? '',
          surname,
          firstName: 'Ann',
          email: 'ann@example.lu',
          device: 'token',
        },
      });
    const mine = await post(visit, 'Mine');
    const elsewhere = await post(await pageCsrf(t, '/first-visit'), 'Elsewhere');
    assert.equal(mine.statusCode, 200);
    assert.equal(elsewhere.statusCode, 200);
    const password = (res: LightMyRequestResponse) => res.body.match(/data-field="password">([^<]+)</)?.[1];
    assert.ok(password(mine));
    assert.notEqual(password(elsewhere), password(mine));
  });

  it('is required: a creating post without one is refused as an expired form, and creates nothing', async () => {
    const { agent } = await personLoggedOn(t);
    const before = await rows(t, spaces);
    for (const once of ['', 'short', 'x'.repeat(43).replace(/x$/, '!')]) {
      const res = await setUp(agent, 'No Token', once);
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /Form expired/);
    }
    assert.equal(await rows(t, spaces), before);
  });
});
