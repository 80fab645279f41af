import { and, desc, eq, like } from 'drizzle-orm';
import { invitations, memberships, outboxMails, spaces } from '../../src/db/schema/index.ts';
import { formatCertificateNumber, generateCertificateNumber } from '../../src/features/identity/rules.ts';
import { Agent } from './agent.ts';
import type { TestApp } from './app.ts';
import type { OtpPerson } from './identity.ts';

/** Sets up a business eSpace through the form (it becomes the selected one); returns its identifier. */
export async function setUpBusinessSpace(agent: Agent, name = 'Maitry Bâtiment'): Promise<string> {
  const res = await agent.post('/spaces/new', {
    name,
    companyName: `${name} SARL`,
    email: 'head@example.lu',
  });
  if (res.statusCode !== 303) throw new Error(`set up failed: ${res.statusCode}`);
  const identifier = (await agent.get('/space/profile')).body.match(/PM-[A-NP-Z1-9]{6}/)?.[0];
  if (!identifier) throw new Error('no identifier');
  return identifier;
}

/** The newest mail to `to` whose subject contains `subject`, from the outbox. */
export async function lastMail(t: TestApp, to: string, subject = '') {
  const [mail] = await t.database.db
    .select()
    .from(outboxMails)
    .where(and(eq(outboxMails.recipient, to), like(outboxMails.subject, `%${subject}%`)))
    .orderBy(desc(outboxMails.createdAt))
    .limit(1);
  return mail;
}

/** Runs the "Add a user" wizard to the end, as an Administrator would. */
export async function invite(
  agent: Agent,
  who: { surname: string; firstName: string; email: string; certificateNumber: string },
  options: { role?: string; restricted?: 'all' | 'this' } = {},
) {
  const values = {
    surname: who.surname,
    firstName: who.firstName,
    email: who.email,
    certificateNumber: formatCertificateNumber(who.certificateNumber),
    restricted: options.restricted ?? 'all',
    role: options.role ?? 'manager',
  };
  return agent.post('/space/users/new', { ...values, step: '3', go: 'next' });
}

/** Invites someone whose certificate number nobody holds (an invitation that stays pending); returns its id. */
export async function pendingInvitation(t: TestApp, admin: Agent): Promise<string> {
  const certificateNumber = generateCertificateNumber();
  await invite(admin, { surname: 'Pending', firstName: 'Paul', email: 'paul@example.lu', certificateNumber });
  const [row] = await t.database.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(eq(invitations.certificateNumber, certificateNumber));
  if (!row) throw new Error('no invitation');
  return row.id;
}

/** The token of the newest invitation mailed to `email`. */
export async function invitationToken(t: TestApp, email: string): Promise<string> {
  const [mail] = await t.database.db
    .select()
    .from(outboxMails)
    .where(and(eq(outboxMails.recipient, email), like(outboxMails.text, '%/invitations/%')))
    .orderBy(desc(outboxMails.createdAt))
    .limit(1);
  const token = mail?.text.match(/\/invitations\/([\w-]+)/)?.[1];
  if (!token) throw new Error(`no invitation mailed to ${email}`);
  return token;
}

/** Invites `person` and has them accept with the browser `theirs`: they become a member. */
export async function join(
  t: TestApp,
  admin: Agent,
  person: OtpPerson,
  theirs: Agent,
  options: { role?: string; restricted?: 'all' | 'this' } = {},
) {
  const res = await invite(admin, person, options);
  if (res.statusCode !== 303) throw new Error(`invite failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const token = await invitationToken(t, person.email);
  const accepted = await theirs.post(`/invitations/${token}/accept`);
  if (accepted.statusCode !== 303) throw new Error(`accept failed: ${accepted.statusCode}`);
  return accepted;
}

/** The membership of a person in the eSpace of `identifier`. */
export async function membershipOf(t: TestApp, personId: string, identifier: string) {
  const [row] = await t.database.db
    .select({ membership: memberships })
    .from(memberships)
    .innerJoin(spaces, eq(spaces.id, memberships.spaceId))
    .where(and(eq(memberships.personId, personId), eq(spaces.identifier, identifier)));
  if (!row) throw new Error('no such membership');
  return row.membership;
}

/** The mails to `to` whose text contains `sentence`. */
export async function mailsWith(t: TestApp, to: string, sentence: string) {
  return t.database.db
    .select()
    .from(outboxMails)
    .where(and(eq(outboxMails.recipient, to), like(outboxMails.text, `%${sentence}%`)));
}

/**
 * Makes `address` the notification e-mail of the selected eSpace named `name`, asked for and then
 * confirmed by its link. The eSpace's language becomes English: the mails to `address` are read in it.
 */
export async function confirmNotificationEmail(t: TestApp, admin: Agent, address: string, name: string) {
  await admin.post('/space/profile/edit', { name, proceduresLang: 'en', notificationEmail: address });
  const token = (await lastMail(t, address))?.text.match(/\/email-change\/([\w-]+)/)?.[1];
  if (!token) throw new Error(`no confirmation link mailed to ${address}`);
  // Whoever reads that mailbox confirms, without logging on.
  const reader = new Agent(t);
  await reader.get(`/email-change/${token}`);
  const done = await reader.post(`/email-change/${token}`);
  if (done.statusCode !== 200) throw new Error(`confirmation failed: ${done.statusCode}`);
}

/**
 * Opens "My communications" and presses "Mark as read": the unread communications the page shows
 * become read. Returns the page as it was shown.
 */
export async function readCommunications(agent: Agent) {
  const page = await agent.get('/communications');
  const ids = [...page.body.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!);
  if (ids.length > 0) {
    const marked = await agent.post('/communications/read', { id: ids, page: '1' });
    if (marked.statusCode !== 303) throw new Error(`mark as read failed: ${marked.statusCode}`);
  }
  return page;
}

/** The unread count of "My communications" in the header of a page (0 when none shown). */
export async function unreadCount(agent: Agent): Promise<number> {
  const page = await agent.get('/space/profile');
  return Number(page.body.match(/class="badge"><span aria-hidden="true">(\d+)</)?.[1] ?? 0);
}
