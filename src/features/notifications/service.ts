import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { type Lang, langOr, type T, translator } from '../../platform/i18n/index.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { renderMail } from '../../platform/mail/render.tsx';
import type { NotificationEvent } from './events.ts';
import { type CommunicationRow, countUnread, insertForMembers, listForReader, markRead } from './store.ts';

/**
 * Rule 11: for each event of an eSpace, the member who acted always gets the e-mail, the
 * eSpace's notification e-mail receives every one, and the other members find it in
 * "My communications". Called inside the transaction of the change it reports. The events are
 * declared by the features that raise them (events.ts) and registered in their `index.ts`.
 */

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
export function describeEvent(t: T, event: NotificationEvent, params: Record<string, string>): string {
  const role = params.role ? t(`spaces.role.${params.role}`) : '';
  return t(event.text, { ...params, role });
}

function mailOf(
  config: Ctx['config'],
  lang: Lang,
  space: NotifiedSpace,
  event: NotificationEvent,
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
    event: NotificationEvent;
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
  if (actor && event.mails.includes('actor')) await send(actor.email, langOr(actor.lang));
  if (space.notificationEmail && event.mails.includes('notificationEmail'))
    await send(space.notificationEmail, langOr(space.proceduresLang));
  await insertForMembers(ctx.db, {
    spaceId: space.id,
    event: event.key,
    params,
    exceptPersonId: actor?.personId,
  });
}

export const unreadCount = (db: Db, personId: string, spaceId: string) => countUnread(db, personId, spaceId);

/** A registered event by its key; one no feature declares any more is told by its key. */
const eventOf = (events: readonly NotificationEvent[], key: string): NotificationEvent =>
  events.find((e) => e.key === key) ?? { key, text: key, mails: [] };

export type CommunicationView = CommunicationRow & { text: string; unread: boolean };

/**
 * A page of the reader's communications in an eSpace, each told with its registered event.
 * Showing them changes nothing.
 */
export async function readCommunications(
  ctx: { db: Db },
  t: T,
  events: readonly NotificationEvent[],
  personId: string,
  spaceId: string,
  page: { limit: number; offset: number },
): Promise<{ items: CommunicationView[]; total: number }> {
  const { rows, total } = await listForReader(ctx.db, personId, spaceId, page);
  return {
    items: rows.map((row) => ({
      ...row,
      text: describeEvent(t, eventOf(events, row.event), row.params),
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
