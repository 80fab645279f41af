/**
 * The bare reference: a minimal Fastify app, no plugins, no hooks, doing the same work as
 * Comptoir's routes with the same queries and the same components: the home page, the same
 * `select 1` for /healthz, and, for a logged-on person, the Users tab and "Manage my eSpaces"
 * (session lookup, membership, the listing, the header's unread count, rendering). Comptoir's
 * figure divided by this one is what the benchmark reports: the cost of everything it adds
 * (security headers, CSRF, rate limiting, language negotiation, permission checks, metrics, logs).
 */
import Fastify, { type FastifyRequest } from 'fastify';
import { formatCertificateNumber, hashToken } from '../src/features/identity/rules.ts';
import { findSessionWithOwner, listDevices } from '../src/features/identity/store.ts';
import { PAGE_SIZE } from '../src/features/members/service.ts';
import { countActiveAdministrators, listUsers, openInvitationsFor } from '../src/features/members/store.ts';
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

app.get('/space/users', async (request, reply) => {
  const { person, session, viewer } = await sessionOf(request);
  const access = await findSpaceWithMembership(db, { spaceId: session.selectedSpaceId! }, person.id);
  if (!access) throw Object.assign(new Error('no eSpace'), { statusCode: 404 });
  const spaceId = access.space.id;
  const unread = await countUnread(db, person.id, spaceId);
  const { lines, total } = await listUsers(db, spaceId, { limit: PAGE_SIZE, offset: 0 });
  const administrators = await countActiveAdministrators(db, spaceId);
  const page = UsersPage({
    t,
    csrfToken,
    lines,
    total,
    page: 1,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    search: '',
    canManage: true,
    singleAdministrator: administrators === 1,
    now: new Date(),
  });
  const nav = [
    { href: '/space/profile', label: t('user.spaceProfile') },
    { href: '/communications', label: t('user.communications'), badge: unread },
  ];
  return reply.type('text/html; charset=utf-8').send(
    html('/space/users', t('members.users.title'), page, {
      ...viewer,
      space: { name: access.space.name, identifier: access.space.identifier },
      nav,
    }),
  );
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

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
