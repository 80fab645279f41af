import {
  ADMIN,
  agentCode,
  agentMandate,
  attachment,
  completeDraft,
  draft,
  emailChange,
  freshEntity,
  get,
  holder,
  invitation,
  issued,
  MEMBERS,
  member,
  newUser,
  PROCEDURE,
  post,
  type Row,
  SCOPE,
  select,
  transmitted,
  type Who,
} from '../../test/support/access.ts';
import { issueCode } from '../../test/support/certification.ts';

/**
 * The access table: one row per route the app registers (route-access.test.ts fails on a route
 * without one). Columns: the route as Fastify has it; who may call it (a visitor, any logged-on
 * person, the roles of the selected business eSpace's members, an officer of the administration,
 * anyone in demo mode only); its CSRF stand ('token': refused with 403 without one; `{ exempt }`:
 * the reason its route declares; null for GET); the request (the route's URL by default); and,
 * for a script's JSON route, the status of a refusal when it is not the usual one.
 */
/** Officers whose role manages access codes (authorities/permissions.ts): not a catalogue editor. */
const CODES: Who = { officers: ['officer', 'supervisor'] };

export const table: Row[] = [
  // The portal's pages and files, for anyone.
  ['GET /', 'visitor', null],
  ['GET /help', 'visitor', null],
  ['GET /contact', 'visitor', null],
  ['GET /legal-notice', 'visitor', null],
  ['GET /accessibility', 'visitor', null],
  ['GET /sitemap', 'visitor', null],
  ['GET /language/:lang', 'visitor', null, get('/language/en')],
  ['GET /healthz', 'visitor', null],
  ['GET /assets/*', 'visitor', null, get('/assets/app.css')],
  [
    'GET /assets/vendor/simplewebauthn/*',
    'visitor',
    null,
    get('/assets/vendor/simplewebauthn/index.umd.min.js'),
  ],
  // Log on and out.
  ['GET /logon', 'visitor', null],
  ['GET /logon/token', 'visitor', null],
  [
    'POST /logon/token',
    'visitor',
    'token',
    post('/logon/token', { login: 'nobody', password: 'x', code: '1' }),
  ],
  ['GET /logon/certificate', 'visitor', null],
  ['GET /logon/certificate/complete', 'visitor', null, get('/logon/certificate/complete?ticket=unknown')],
  ['GET /logon/oidc', 'visitor', null],
  ['GET /logon/oidc/callback', 'visitor', null],
  ['GET /logon/passkey', 'visitor', null],
  ['POST /logon/passkey/options', 'visitor', 'token'],
  ['POST /logon/passkey/verify', 'visitor', 'token', post('/logon/passkey/verify', { response: '{}' })],
  ['POST /logout', 'person', 'token'],
  ['POST /logout/all', 'person', 'token'],
  // The demo: its identities, its first visit, its mailbox.
  ['GET /demo-identities', 'demo', null],
  ['GET /first-visit', 'demo', null],
  ['POST /first-visit', 'demo', 'token', post('/first-visit', { surname: '', device: 'token' })],
  ['GET /first-visit/passkey', 'demo', null],
  // The passkey scripts' routes answer JSON: without the log on attempt they continue (a first
  // visit's here, a person's below), "expired" with 409.
  ['POST /first-visit/passkey/options', 'demo', 'token', undefined, 409],
  [
    'POST /first-visit/passkey/verify',
    'demo',
    'token',
    post('/first-visit/passkey/verify', { response: '{}' }),
    409,
  ],
  ['GET /dev/mailbox', 'demo', null],
  [
    'GET /dev/mailbox/:id',
    'demo',
    null,
    async (f) => ({ url: `/dev/mailbox/${(await invitation(f)).mailId}` }),
  ],
  // A person's devices: their own only (the service answers 404 for another's).
  ['GET /devices', 'person', null],
  [
    'POST /devices/:id/revoke',
    'person',
    'token',
    // Their only device: refused as the last one, with a message (nothing revoked).
    (f, actor) => ({
      url: `/devices/${f.person(actor)?.deviceId ?? '00000000-0000-4000-8000-000000000000'}/revoke`,
    }),
  ],
  ['POST /devices/token', 'person', 'token'],
  ['GET /devices/certificate', 'person', null],
  ['POST /devices/certificate', 'person', 'token', post('/devices/certificate', { label: 'unknown' })],
  ['GET /devices/passkey', 'person', null],
  ['POST /devices/passkey/options', 'person', 'token', undefined, 409],
  [
    'POST /devices/passkey/verify',
    'person',
    'token',
    post('/devices/passkey/verify', { response: '{}' }),
    409,
  ],
  // eSpaces: a person's list, setting one up, choosing one (a non-member is told it is not found).
  ['GET /spaces', 'person', null],
  ['POST /spaces/select', 'person', 'token', select],
  ['GET /spaces/new', 'person', null],
  [
    'POST /spaces/new',
    'person',
    'token',
    post('/spaces/new', { name: 'Set up', companyName: 'Set up SARL', email: 'a@example.lu' }),
  ],
  // The selected eSpace: what every member sees, what only its Administrators do (rule 7).
  ['GET /space/profile', MEMBERS, null],
  ['GET /space/profile/edit', ADMIN, null],
  [
    'POST /space/profile/edit',
    ADMIN,
    'token',
    post('/space/profile/edit', { name: 'Renamed', companyName: 'Renamed SARL' }),
  ],
  ['POST /space/profile/email-change/cancel', ADMIN, 'token'],
  [
    'GET /email-change/:token',
    'visitor',
    null,
    async (f) => ({ url: `/email-change/${await emailChange(f)}` }),
  ],
  [
    'POST /email-change/:token',
    'visitor',
    'token',
    async (f) => ({ url: `/email-change/${await emailChange(f)}` }),
  ],
  ['GET /space/activity', ADMIN, null],
  ['GET /space/users', MEMBERS, null],
  ['GET /space/users/new', ADMIN, null],
  [
    'POST /space/users/new',
    ADMIN,
    'token',
    () => ({ url: '/space/users/new', body: { ...newUser(), step: '3', go: 'next' } }),
  ],
  ['GET /space/users/m/:id', ADMIN, null, async (f) => ({ url: `/space/users/m/${await member(f)}` })],
  ...(['role', 'deactivate', 'remove'] as const).map(
    (change): Row => [
      `POST /space/users/m/:id/${change}`,
      ADMIN,
      'token',
      async (f) => ({
        url: `/space/users/m/${await member(f)}/${change}`,
        body: { role: 'manager_no_signature' },
      }),
    ],
  ),
  [
    'POST /space/users/m/:id/reactivate',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/m/${await member(f, 'deactivated')}/reactivate` }),
  ],
  // Every member may leave; the only Administrator is told why not (rule 8).
  ['POST /space/leave', MEMBERS, 'token'],
  [
    'GET /space/users/i/:id',
    ADMIN,
    null,
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}` }),
  ],
  [
    'POST /space/users/i/:id/resend',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}/resend` }),
  ],
  [
    'POST /space/users/i/:id/withdraw',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}/withdraw` }),
  ],
  // Invitations are answered by the person invited (anyone else is told it is not theirs).
  [
    'GET /invitations/:token',
    'person',
    null,
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}` }),
  ],
  [
    'POST /invitations/:token/accept',
    'person',
    'token',
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}/accept` }),
  ],
  [
    'POST /invitations/:token/decline',
    'person',
    'token',
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}/decline` }),
  ],
  [
    'POST /invitations/id/:id/accept',
    'person',
    'token',
    async (f) => ({ url: `/invitations/id/${(await invitation(f)).id}/accept` }),
  ],
  [
    'POST /invitations/id/:id/decline',
    'person',
    'token',
    async (f) => ({ url: `/invitations/id/${(await invitation(f)).id}/decline` }),
  ],
  // Certification: every member sees (rule 9), Administrators certify and manage agents.
  ['GET /space/certifications', MEMBERS, null],
  ['GET /space/certifications/:scope', MEMBERS, null, get(`/space/certifications/${SCOPE}`)],
  [
    'POST /space/certifications/:scope/:kind',
    ADMIN,
    'token',
    async (f) => ({
      url: `/space/certifications/${SCOPE}/holder`,
      body: { code: (await f.once('code', () => issueCode(f.t, { entity: freshEntity() }))).code },
    }),
  ],
  [
    'GET /space/certifications/:scope/agents',
    MEMBERS,
    null,
    async (f) => {
      await holder(f);
      return { url: `/space/certifications/${SCOPE}/agents` };
    },
  ],
  [
    'GET /space/certifications/:scope/agents/:id/revoke',
    ADMIN,
    null,
    async (f) => ({ url: `/space/certifications/${SCOPE}/agents/${await agentMandate(f)}/revoke` }),
  ],
  [
    'POST /space/certifications/:scope/agents/:id/revoke',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/agents/${await agentMandate(f)}/revoke` }),
  ],
  [
    'GET /space/certifications/:scope/m/:id/give-up',
    ADMIN,
    null,
    async (f) => ({ url: `/space/certifications/${SCOPE}/m/${(await holder(f)).id}/give-up` }),
  ],
  [
    'POST /space/certifications/:scope/m/:id/give-up',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/m/${(await holder(f)).id}/give-up` }),
  ],
  [
    'POST /space/certifications/:scope/agent-code',
    ADMIN,
    'token',
    async (f) => {
      await holder(f);
      return { url: `/space/certifications/${SCOPE}/agent-code` };
    },
  ],
  [
    'POST /space/certifications/:scope/agent-code/letter',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/agent-code/letter`, body: await agentCode(f) }),
  ],
  ['GET /business-data', MEMBERS, null],
  ['GET /business-data/:scope', MEMBERS, null, get(`/business-data/${SCOPE}`)],
  [
    'GET /business-data/:scope/:entity',
    MEMBERS,
    null,
    async (f) => ({ url: `/business-data/${SCOPE}/${(await holder(f)).entityId}` }),
  ],
  // New procedure: every member reads the catalogue and a procedure's sheet, and creates (rule 7).
  ['GET /procedures/new', MEMBERS, null],
  [
    'GET /procedures/new/:code',
    MEMBERS,
    null,
    async (f) => {
      await holder(f);
      return { url: `/procedures/new/${PROCEDURE}` };
    },
  ],
  [
    'POST /procedures/new/:code',
    MEMBERS,
    'token',
    async (f) => ({ url: `/procedures/new/${PROCEDURE}`, body: { subject: (await holder(f)).entityId } }),
  ],
  // My communications: every member.
  ['GET /communications', MEMBERS, null],
  // Its body is checked before its guard: a well-formed one, so that the guard decides.
  [
    'POST /communications/read',
    MEMBERS,
    'token',
    post('/communications/read', { id: '00000000-0000-4000-8000-000000000000', page: '1' }),
  ],
  // My procedures: every member reads, renames and deletes the eSpace's procedures (rule 9).
  ['GET /procedures', MEMBERS, null],
  ['GET /procedures/:id', MEMBERS, null, async (f) => ({ url: `/procedures/${await draft(f)}` })],
  [
    'GET /procedures/:id/slip.pdf',
    MEMBERS,
    null,
    async (f) => ({ url: `/procedures/${await transmitted(f)}/slip.pdf` }),
  ],
  [
    'GET /procedures/:id/files/:fileId',
    MEMBERS,
    null,
    async (f) => {
      const { id, fileId } = await attachment(f);
      return { url: `/procedures/${id}/files/${fileId}` };
    },
  ],
  [
    'GET /procedures/:id/rename',
    MEMBERS,
    null,
    async (f) => ({ url: `/procedures/${await draft(f)}/rename` }),
  ],
  [
    'POST /procedures/:id/rename',
    MEMBERS,
    'token',
    async (f) => ({
      url: `/procedures/${await draft(f)}/rename`,
      body: { name: 'Renamed by the access table' },
    }),
  ],
  [
    'GET /procedures/:id/delete',
    MEMBERS,
    null,
    async (f) => ({ url: `/procedures/${await draft(f)}/delete` }),
  ],
  [
    'POST /procedures/:id/delete',
    MEMBERS,
    'token',
    async (f, actor) => ({ url: `/procedures/${await draft(f, actor)}/delete` }),
  ],
  // Procedures: every member checks and transmits the eSpace's drafts (rule 7, policy none);
  // anyone checks a transmission slip, online or with the published keys.
  [
    'GET /procedures/:id/check',
    MEMBERS,
    null,
    async (f) => ({ url: `/procedures/${await draft(f)}/check?changed=company,unknown` }),
  ],
  [
    'POST /procedures/:id/transmit',
    MEMBERS,
    'token',
    async (f, actor) => ({
      url: `/procedures/${await completeDraft(f, actor)}/transmit`,
      body: { approved: 'yes' },
    }),
  ],
  ['GET /verify', 'visitor', null, get('/verify?token=not-a-token')],
  ['GET /.well-known/jwks.json', 'visitor', null],
  // The back office: officers of the administration whose role has its action (codes.manage);
  // anyone else is told it is not found.
  ['GET /backoffice', CODES, null],
  ['GET /backoffice/:admin/codes', CODES, null, get('/backoffice/ITM/codes')],
  ['GET /backoffice/:admin/codes/new', CODES, null, get('/backoffice/ITM/codes/new')],
  [
    'POST /backoffice/:admin/codes/new',
    CODES,
    'token',
    post('/backoffice/ITM/codes/new', {
      scope: SCOPE,
      kind: 'holder',
      entities: 'rcs:B100014',
      expiresOn: '',
    }),
  ],
  [
    'POST /backoffice/:admin/letters',
    CODES,
    'token',
    async (f) => {
      const code = await issued(f);
      return { url: '/backoffice/ITM/letters', body: { id: code.id, code: code.code } };
    },
  ],
  [
    'GET /backoffice/:admin/codes/:id/revoke',
    CODES,
    null,
    async (f) => ({ url: `/backoffice/ITM/codes/${(await issued(f)).id}/revoke` }),
  ],
  [
    'POST /backoffice/:admin/codes/:id/revoke',
    CODES,
    'token',
    async (f, actor) => ({ url: `/backoffice/ITM/codes/${(await issued(f, actor)).id}/revoke` }),
  ],
  // Filling a draft: every member fills, goes back and resumes the eSpace's drafts (rule 9).
  [
    'GET /procedures/:id/steps/:step',
    MEMBERS,
    null,
    async (f) => ({ url: `/procedures/${await draft(f)}/steps/company` }),
  ],
  [
    'POST /procedures/:id/steps/:step',
    MEMBERS,
    'token',
    async (f) => ({
      url: `/procedures/${await draft(f)}/steps/company`,
      body: { go: 'back', revision: '0' },
    }),
  ],
  [
    'POST /procedures/:id/resume',
    MEMBERS,
    'token',
    async (f) => ({ url: `/procedures/${await draft(f)}/resume` }),
  ],
];
