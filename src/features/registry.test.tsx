import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { personLoggedOn } from '../../test/support/agent.ts';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { setUpBusinessSpace } from '../../test/support/spaces.ts';
import type { FeatureModule } from '../platform/registry.ts';
import { requireSpace } from './spaces/http.ts';
import { profileTabsOf } from './spaces/sections.ts';
import { ProfileTabs } from './spaces/views/tabs.tsx';

/**
 * A feature added through its module alone: its menu entry and profile tab show where their
 * conditions say, beside the existing ones, in their order; nothing else is edited.
 */
const probe: FeatureModule = {
  name: 'probe',
  routes: [
    (app) => {
      app.get('/space/probe', { preHandler: requireSpace }, (request, reply) =>
        reply.page('Probe', <ProfileTabs t={request.t} current="probe" tabs={profileTabsOf(request)} />),
      );
    },
  ],
  menu: [{ href: '/probe', label: 'Probe menu', order: 25, when: { kind: 'business' } }],
  profileTabs: [
    { key: 'probe', href: '/space/probe', label: 'Probe tab', order: 35, when: { may: 'members.manage' } },
  ],
};

const menuOf = (html: string) =>
  [...(html.match(/<nav class="space-nav"[\s\S]*?<\/nav>/)?.[0] ?? '').matchAll(/<a href="([^"]+)"/g)].map(
    (m) => m[1],
  );
const tabsOf = (html: string) =>
  [...(html.match(/<nav class="tabs"[\s\S]*?<\/nav>/)?.[0] ?? '').matchAll(/<a href="([^"]+)"/g)].map(
    (m) => m[1],
  );

describe('open registries: a feature brings its menu entry and profile tab in its module', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ extraModules: [probe] });
  });
  after(() => t.close());

  it('shows them in a business eSpace, in their order, and the menu entry not in a private one', async () => {
    const { agent } = await personLoggedOn(t);
    const identifier = (await agent.get('/spaces')).body.match(/PP-[A-NP-Z1-9]{6}/)![0];
    assert.equal((await agent.post('/spaces/select', { identifier })).statusCode, 303);
    const privateProfile = await agent.get('/space/profile');
    assert.deepEqual(menuOf(privateProfile.body), [
      '/space/profile',
      '/procedures',
      '/procedures/new',
      '/communications',
    ]);
    assert.deepEqual(tabsOf(privateProfile.body), ['/space/profile', '/space/probe', '/space/activity']);
    await setUpBusinessSpace(agent, 'Probe Works');
    const probePage = await agent.get('/space/probe');
    assert.equal(probePage.statusCode, 200);
    assert.deepEqual(menuOf(probePage.body), [
      '/space/profile',
      '/procedures',
      '/procedures/new',
      '/business-data',
      '/probe',
      '/communications',
    ]);
    assert.deepEqual(tabsOf(probePage.body), [
      '/space/profile',
      '/space/users',
      '/space/certifications',
      '/space/probe',
      '/space/activity',
    ]);
    assert.match(probePage.body, /<a href="\/space\/probe" aria-current="page">Probe tab<\/a>/);
  });
});
