import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/app.tsx';
import type { T } from '../i18n/index.ts';
import { Pagination, TableScroll } from '../views/forms.tsx';
import { findMail, type OutboxRow, recentMails } from './outbox.ts';

const PAGE_SIZE = 50;

function MailboxPage({ t, mails, page }: { t: T; mails: OutboxRow[]; page: number }) {
  return (
    <>
      <h1>{t('mail.box.title')}</h1>
      <p>{t('mail.box.intro')}</p>
      <TableScroll label={t('mail.box.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('mail.box.date')}</th>
              <th scope="col">{t('mail.box.to')}</th>
              <th scope="col">{t('mail.box.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td class="nowrap">{m.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{m.recipient}</td>
                <td>
                  <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pagination
        t={t}
        page={page}
        pages={mails.length === PAGE_SIZE ? page + 1 : page}
        href={(p) => `/dev/mailbox?page=${p}`}
      />
    </>
  );
}

function MailPage({ t, mail }: { t: T; mail: OutboxRow }) {
  return (
    <>
      <p>
        <a href="/dev/mailbox">{t('mail.box.back')}</a>
      </p>
      <h1>{mail.subject}</h1>
      <dl class="summary">
        <dt>{t('mail.box.to')}</dt>
        <dd>{mail.recipient}</dd>
        <dt>{t('mail.box.date')}</dt>
        <dd>{mail.createdAt.toISOString()}</dd>
      </dl>
      <h2>HTML</h2>
      {/* The mail's HTML in a sandbox: no script, no same-origin access. */}
      <iframe class="mail-preview" title={mail.subject} sandbox="" srcdoc={mail.html} />
      <h2>{t('mail.box.text')}</h2>
      <pre class="mail-text">{mail.text}</pre>
    </>
  );
}

/**
 * The development mailbox: in demo mode without SMTP_URL, the mails Comptoir would have sent
 * (invitations, confirmation links) are read here. Not found anywhere else.
 */
export function mailboxRoutes(app: FastifyInstance, deps: AppDeps): void {
  const available = async () => {
    if (deps.config.mode !== 'demo' || deps.config.smtpUrl) throw new AppError('NotFound');
  };
  app.get<{ Querystring: { page?: string } }>(
    '/dev/mailbox',
    { preHandler: available },
    async (request, reply) => {
      const page = Math.max(1, Math.min(10_000, Number(request.query.page) || 1));
      const mails = await recentMails(deps.database.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return reply.page(request.t('mail.box.title'), <MailboxPage t={request.t} mails={mails} page={page} />);
    },
  );
  app.get<{ Params: { id: string } }>(
    '/dev/mailbox/:id',
    { preHandler: available },
    async (request, reply) => {
      const mail = await findMail(deps.database.db, request.params.id);
      if (!mail) throw new AppError('NotFound');
      return reply.page(mail.subject, <MailPage t={request.t} mail={mail} />);
    },
  );
}
