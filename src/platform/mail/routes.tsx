import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Feature } from '../http/app.tsx';
import { idParams } from '../http/input.ts';
import { formatDate } from '../i18n/dates.ts';
import type { Lang, T } from '../i18n/index.ts';
import { Pagination, TableScroll } from '../views/forms.tsx';
import { findMail, listRecentMails, type OutboxRow } from './outbox.ts';
import { messageId } from './worker.ts';

const PAGE_SIZE = 50;

/** The development mailbox exists in demo mode when mails are not delivered. */
export function mailboxEnabled(config: Pick<Config, 'mode' | 'mail'>): boolean {
  return config.mode === 'demo' && !config.mail.smtpUrl;
}

function When({ lang, at }: { lang: Lang; at: Date }) {
  return <time dateTime={at.toISOString()}>{formatDate(lang, at, 'dateTimeSeconds')}</time>;
}

function MailboxPage(props: { t: T; lang: Lang; mails: OutboxRow[]; page: number; pages: number }) {
  const { t } = props;
  return (
    <>
      <h1>{t('mail.box.title')}</h1>
      <p>{t('mail.box.intro')}</p>
      {props.mails.length === 0 ? (
        <p>{t('mail.box.empty')}</p>
      ) : (
        <TableScroll label={t('mail.box.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mail.box.date')}</th>
                <th scope="col">{t('mail.box.to')}</th>
                <th scope="col">{t('mail.box.subject')}</th>
                <th scope="col">{t('mail.box.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.mails.map((m) => (
                <tr key={m.id}>
                  <td class="nowrap">
                    <When lang={props.lang} at={m.createdAt} />
                  </td>
                  <td>{m.recipient}</td>
                  <td>
                    <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{t(`mail.status.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `/dev/mailbox?page=${p}`} />
    </>
  );
}

function MailPage(props: { t: T; lang: Lang; mail: OutboxRow; config: Config }) {
  const { t, mail } = props;
  return (
    <>
      <p>
        <a href="/dev/mailbox">{t('mail.box.back')}</a>
      </p>
      <h1>{mail.subject}</h1>
      <dl class="summary">
        <dt>{t('mail.box.from')}</dt>
        <dd>{props.config.mail.from}</dd>
        <dt>{t('mail.box.to')}</dt>
        <dd>{mail.recipient}</dd>
        <dt>{t('mail.box.date')}</dt>
        <dd>
          <When lang={props.lang} at={mail.createdAt} />
        </dd>
        <dt>{t('mail.box.messageId')}</dt>
        <dd class="mono">{messageId(mail.id, props.config.baseUrl)}</dd>
        <dt>{t('mail.box.status')}</dt>
        <dd>{t(`mail.status.${mail.status}`)}</dd>
      </dl>
      <h2>{t('mail.box.html')}</h2>
      {/* The mail's own HTML, sandboxed: no script, no access to this page or its cookies. */}
      <iframe class="mail-preview" title={t('mail.box.html')} sandbox="" srcdoc={mail.html} />
      <h2>{t('mail.box.text')}</h2>
      <pre class="mail-text">{mail.text}</pre>
    </>
  );
}

/**
 * The development mailbox: in demo mode without SMTP_URL, the mails Comptoir would have sent
 * (invitations, confirmation links) are read here. Elsewhere the URLs do not exist.
 */
export const mailRoutes: Feature = (app, deps) => {
  if (!mailboxEnabled(deps.config)) return;
  const { db } = deps.database;

  app.get<{ Querystring: { page?: string } }>('/dev/mailbox', async (request, reply) => {
    const page = Math.max(1, Math.min(10_000, Math.trunc(Number(request.query.page)) || 1));
    const { mails, total } = await listRecentMails(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.page(
      request.t('mail.box.title'),
      <MailboxPage
        t={request.t}
        lang={request.lang}
        mails={mails}
        page={page}
        pages={Math.ceil(total / PAGE_SIZE)}
      />,
    );
  });

  app.get<{ Params: { id: string } }>(
    '/dev/mailbox/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const mail = await findMail(db, request.params.id);
      if (!mail) throw new AppError('NotFound');
      // A srcdoc frame inherits this page's CSP: without this the mail's inline styles are dropped.
      // The frame's sandbox still forbids scripts, and this page escapes everything it shows.
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      );
      return reply.page(
        mail.subject,
        <MailPage t={request.t} lang={request.lang} mail={mail} config={deps.config} />,
      );
    },
  );
};
