import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { type Lang, langOr, type T, translator } from '../../platform/i18n/index.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { renderMail } from '../../platform/mail/render.tsx';
import { type CommunicationRow, countUnread, insertForMembers, listForReader, markRead } from './store.ts';

/**
 * Rule 11: for each event of an eSpace, the member who acted always gets the e-mail, the
 * eSpace's notification e-mail receives every one, and the other members find it in
 * "My communications". Called inside the transaction of the change it reports.
 */

export const spaceEvents = [
  'member.invited',
  'member.joined',
  'member.removed',
  'member.left',
  'member.deactivated',
  'member.reactivated',
  'member.role_changed',
  'profile.changed',
  'notification_email.changed',
  'certification.holder_confirmed',
  'certification.agent_added',
  'certification.agent_code_issued',
  'certification.agent_revoked',
  'certification.given_up',
  'certification.access_ended',
] as const;
export type SpaceEvent = (typeof spaceEvents)[number];

export type NotifiedSpace = {
  id: string;
  name: string;
  identifier: string;
  notificationEmail: string | null;
  proceduresLang: string | null;
};

export type Actor = { personId: string; name: string; email: string; lang: string };

type Ctx = { db: Db; config: Pick<Config, 'baseUrl'> };

/** The sentence of an event, in the reader's language (a role is a code, translated here). */
export function describeEvent(t: T, event: string, params: Record<string, string>): string {
  const role = params.role ? t(`spaces.role.${params.role}`) : '';
  return t(`notifications.event.${event}`, { ...params, role });
}

function mailOf(
  config: Ctx['config'],
  lang: Lang,
  space: NotifiedSpace,
  event: SpaceEvent,
  params: Record<string, string>,
) {
  const t = translator(lang);
  const sentence = describeEvent(t, event, params);
  return renderMail(t, lang, {
    subject: t('notifications.mail.subject', { space: space.name }),
    heading: t('notifications.mail.heading', { space: space.name, identifier: space.identifier }),
    paragraphs: [sentence],
    action: { href: `${config.baseUrl}/communications`, label: t('notifications.mail.action') },
  });
}

export async function notify(
  ctx: Ctx,
  input: {
    space: NotifiedSpace;
    event: SpaceEvent;
    params: Record<string, string>;
    actor?: Actor | undefined;
  },
): Promise<void> {
  const { space, event, params, actor } = input;
  const sent = new Set<string>();
  const send = async (to: string, lang: Lang) => {
    const key = to.toLowerCase();
    if (sent.has(key)) return;
    sent.add(key);
    const mail = mailOf(ctx.config, lang, space, event, params);
    await enqueueMail(ctx.db, { to, ...mail });
  };
  if (actor) await send(actor.email, langOr(actor.lang));
  if (space.notificationEmail) await send(space.notificationEmail, langOr(space.proceduresLang));
  await insertForMembers(ctx.db, { spaceId: space.id, event, params, exceptPersonId: actor?.personId });
}

export const unreadCount = (db: Db, personId: string, spaceId: string) => countUnread(db, personId, spaceId);

export type CommunicationView = CommunicationRow & { text: string; unread: boolean };

/** A page of the reader's communications in an eSpace. Showing them changes nothing. */
export async function readCommunications(
  ctx: { db: Db },
  t: T,
  personId: string,
  spaceId: string,
  page: { limit: number; offset: number },
): Promise<{ items: CommunicationView[]; total: number }> {
  const { rows, total } = await listForReader(ctx.db, personId, spaceId, page);
  return {
    items: rows.map((row) => ({
      ...row,
      text: describeEvent(t, row.event, row.params),
      unread: !row.readAt,
    })),
    total,
  };
}

/** Marks read the reader's communications of `ids` in the eSpace (the ones a page showed). */
export async function markCommunicationsRead(
  ctx: { db: Db; now?: Date },
  personId: string,
  spaceId: string,
  ids: string[],
): Promise<void> {
  await markRead(ctx.db, { personId, spaceId, ids, at: ctx.now ?? new Date() });
}
