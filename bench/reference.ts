/**
 * The two bare references, in a minimal Fastify app, no plugins, no hooks:
 *
 * - the same-work reference: Comptoir's pages doing the same work with the same queries and the
 *   same components: the home page, the same `select 1` for /healthz, and, for a logged-on person,
 *   each measured page (session lookup, membership, the listing, the header's unread count,
 *   rendering). Comptoir's figure divided by this one is the cost of everything it adds
 *   (security headers, CSRF, rate limiting, language negotiation, permission checks, metrics, logs);
 * - the one-query page (`/one-query/:spaceId`): one indexed query of 25 rows through node-postgres
 *   as a prepared statement, rendered in the same layout with the Users tab's components. What a
 *   logged-on page could serve on this machine: every logged-on page is compared with it.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import pg from 'pg';
import type { VNode } from 'preact';
import { catalogueOf } from '../src/features/certification/rules.ts';
import { LIST_PAGE_SIZE, PREVIEW_SIZE } from '../src/features/certification/service/tab.ts';
import { findScope, listScopes } from '../src/features/certification/store.ts';
import {
  findOpenMandate,
  firstMandatesObtained,
  listMandates,
  mandateCursor,
  scopesOverview,
  scopesWithAccess,
} from '../src/features/certification/store-mandates.ts';
import { CataloguePage, SourcePage } from '../src/features/certification/views/business-data.tsx';
import { CertificationsTabPage } from '../src/features/certification/views/certifications.tsx';
import { formatCertificateNumber, hashToken } from '../src/features/identity/rules.ts';
import { findSessionWithOwner, listDevices } from '../src/features/identity/store.ts';
import { PAGE_SIZE } from '../src/features/members/service.ts';
import {
  countActiveAdministrators,
  listUsers,
  openInvitationsFor,
  type UserLine,
} from '../src/features/members/store.ts';
import { UsersPage } from '../src/features/members/views/users.tsx';
import { countUnread } from '../src/features/notifications/store.ts';
import { HomePage } from '../src/features/site/views/home.tsx';
import {
  findPrivateSpace,
  findSpaceWithMembership,
  listSpacesOfPerson,
} from '../src/features/spaces/store.ts';
import { SpacesPage } from '../src/features/spaces/views/spaces.tsx';
import { openDatabase } from '../src/platform/db.ts';
import { translator } from '../src/platform/i18n/index.ts';
import { cursorsOf } from '../src/platform/keyset.ts';
import { renderPage, type Viewer } from '../src/platform/views/page.tsx';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '', poolMax: 10 });
const { db } = database;
const app = Fastify();
const t = translator('fr');
const assets = { css: '/assets/app.css?v=0', icon: '/assets/favicon.svg?v=0' };
const csrfToken = 'reference';

const html = (path: string, title: string, content: Parameters<typeof renderPage>[2], viewer?: Viewer) =>
  renderPage({ t, lang: 'fr', path, assets, viewer, csrfToken }, title, content);

async function sessionOf(request: FastifyRequest) {
  const token = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  const current = token ? await findSessionWithOwner(db, hashToken(token)) : undefined;
  if (!current) throw Object.assign(new Error('no session'), { statusCode: 401 });
  const viewer = {
    name: `${current.person.firstName} ${current.person.surname}`,
    certificateNumber: formatCertificateNumber(current.device.certificateNumber),
  };
  return { ...current, viewer };
}

app.get('/', (_request, reply) =>
  reply.type('text/html; charset=utf-8').send(html('/', t('home.title'), HomePage({ t, loggedOn: false }))),
);

app.get('/healthz', async () => {
  await database.ping();
  return { status: 'ok', database: 'up' };
});

/** The tabs of "My eSpace profile" an Administrator of a business eSpace sees. */
const tabs = (['sheet', 'users', 'certifications', 'activity'] as const).map((key) => ({
  key,
  href: key === 'sheet' ? '/space/profile' : `/space/${key}`,
  label: t(`spaces.profile.tab.${key}`),
}));

/** The selected eSpace of the session, and the header that shows it with its sections. */
async function selectedSpace(request: FastifyRequest) {
  const { person, session, viewer } = await sessionOf(request);
  const access = await findSpaceWithMembership(db, { spaceId: session.selectedSpaceId! }, person.id);
  if (!access) throw Object.assign(new Error('no eSpace'), { statusCode: 404 });
  const unread = await countUnread(db, person.id, access.space.id);
  const nav = [
    { href: '/space/profile', label: t('user.spaceProfile') },
    { href: '/business-data', label: t('certification.data.title') },
    { href: '/communications', label: t('user.communications'), badge: unread },
  ];
  return {
    access,
    viewer: { ...viewer, space: { name: access.space.name, identifier: access.space.identifier }, nav },
  };
}

const send = (reply: FastifyReply, path: string, title: string, page: VNode, viewer: Viewer) =>
  reply.type('text/html; charset=utf-8').send(html(path, title, page, viewer));

app.get('/space/users', async (request, reply) => {
  const { access, viewer } = await selectedSpace(request);
  const spaceId = access.space.id;
  const { lines, total } = await listUsers(db, spaceId, { limit: PAGE_SIZE, at: { offset: 0 } });
  const administrators = await countActiveAdministrators(db, spaceId);
  const page = UsersPage({
    t,
    csrfToken,
    lines,
    total,
    page: 1,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    cursors: cursorsOf(lines, (line) => ({ key: line.sortName, id: line.id })),
    search: '',
    tabs,
    canManage: true,
    singleAdministrator: administrators === 1,
    now: new Date(),
  });
  return send(reply, '/space/users', t('members.users.title'), page, viewer);
});

app.get('/space/certifications', async (request, reply) => {
  const { access, viewer } = await selectedSpace(request);
  const now = new Date();
  const [overview, preview] = await Promise.all([
    scopesOverview(db, access.space.id, now),
    firstMandatesObtained(db, access.space.id, now, PREVIEW_SIZE),
  ]);
  const scopes = overview.map((s) => ({ ...s, preview: preview.filter((m) => m.scopeId === s.scope.id) }));
  const page = CertificationsTabPage({
    t,
    lang: 'fr',
    csrfToken,
    tabs,
    scopes,
    canManage: true,
    now,
  });
  return send(reply, '/space/certifications', t('spaces.profile.tab.certifications'), page, viewer);
});

app.get('/business-data', async (request, reply) => {
  const { access, viewer } = await selectedSpace(request);
  const [scopes, available] = await Promise.all([
    listScopes(db),
    scopesWithAccess(db, access.space.id, new Date()),
  ]);
  const groups = catalogueOf(scopes, available);
  return send(
    reply,
    '/business-data',
    t('certification.data.title'),
    CataloguePage({ t, lang: 'fr', groups }),
    viewer,
  );
});

app.get('/business-data/ITM_ELECTIONS', async (request, reply) => {
  const { access, viewer } = await selectedSpace(request);
  const scope = (await findScope(db, { code: 'ITM_ELECTIONS' }))!;
  const where = { spaceId: access.space.id, scopeId: scope.scope.id, now: new Date() };
  const [own, clients, holder] = await Promise.all([
    listMandates(db, { ...where, kind: 'holder' }, { limit: 1, offset: 0, count: false }),
    listMandates(db, { ...where, kind: 'agent' }, { limit: LIST_PAGE_SIZE, offset: 0 }),
    findOpenMandate(db, { spaceId: access.space.id, scopeId: scope.scope.id, kind: 'holder' }),
  ]);
  const page = SourcePage({
    t,
    lang: 'fr',
    scope,
    own: own.lines[0],
    ownExpired: Boolean(holder && !own.lines[0]),
    clients: clients.lines,
    total: clients.total,
    page: 1,
    pages: Math.max(1, Math.ceil(clients.total / LIST_PAGE_SIZE)),
    cursors: cursorsOf(clients.lines, mandateCursor),
    search: '',
  });
  return send(reply, '/business-data/ITM_ELECTIONS', t('certification.data.title'), page, viewer);
});

app.get('/spaces', async (request, reply) => {
  const { person, viewer } = await sessionOf(request);
  await findPrivateSpace(db, person.id);
  const spaces = (await listSpacesOfPerson(db, person.id)).map((s) => ({
    ...s,
    usable: s.membership.status === 'active',
  }));
  const numbers = (await listDevices(db, person.id)).map((d) => d.certificateNumber);
  const invitations = await openInvitationsFor(db, numbers, new Date());
  const page = SpacesPage({
    t,
    csrfToken,
    spaces,
    selectedId: undefined,
    invitations: invitations.map((i) => ({
      id: i.id,
      spaceName: i.spaceName,
      spaceIdentifier: i.spaceIdentifier,
      role: i.role,
    })),
    created: spaces.filter((s) => s.space.kind === 'business' && s.space.createdBy === person.id).length,
    max: 10,
  });
  return reply.type('text/html; charset=utf-8').send(html('/spaces', t('spaces.list.title'), page, viewer));
});

// The one-query page: what a logged-on page costs when all it asks the database is one
// indexed query (a member page of the eSpace, by name, with the persons' names), prepared once.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const membersPage = {
  name: 'one-query-page',
  text: `select m.id, m.sort_name as "sortName", p.surname, p.first_name as "firstName", m.email, m.certificate_number as "certificateNumber",
                m.role, m.status, m.restricted_device_id is not null as restricted
           from memberships m join persons p on p.id = m.person_id
          where m.space_id = $1
          order by m.sort_name, m.id
          limit ${PAGE_SIZE}`,
};
const oneQueryViewer: Viewer = {
  name: 'Anne Muller',
  certificateNumber: formatCertificateNumber('9'.repeat(20)),
  space: { name: 'Fiduciaire du Centre', identifier: 'PM-AAAAAA' },
  nav: [
    { href: '/space/profile', label: t('user.spaceProfile') },
    { href: '/business-data', label: t('certification.data.title') },
    { href: '/communications', label: t('user.communications'), badge: 3 },
  ],
};

app.get<{ Params: { spaceId: string } }>('/one-query/:spaceId', async (request, reply) => {
  const { rows } = await pool.query<Omit<UserLine, 'kind' | 'expiresAt'>>({
    ...membersPage,
    values: [request.params.spaceId],
  });
  const page = UsersPage({
    t,
    csrfToken,
    lines: rows.map((row) => ({ ...row, kind: 'member', expiresAt: null })),
    total: rows.length,
    page: 1,
    pages: 1,
    cursors: undefined,
    search: '',
    tabs,
    canManage: true,
    singleAdministrator: false,
    now: new Date(),
  });
  return send(reply, '/space/users', t('members.users.title'), page, oneQueryViewer);
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
