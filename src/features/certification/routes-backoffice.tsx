import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { searchText } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { confirmRoute } from '../../platform/http/confirm-route.tsx';
import { sendPdf } from '../../platform/http/download.ts';
import { idParams } from '../../platform/http/input.ts';
import { formatDate, isCalendarDay } from '../../platform/i18n/dates.ts';
import { type FieldErrors, fieldErrorsOf } from '../../platform/views/forms.tsx';
import { requireOfficer } from '../authorities/service.ts';
import { officerCtxOf as officerCtx } from '../backoffice/http.ts';
import { requireSession } from '../identity/http.ts';
import { pageOf } from '../spaces/http.ts';
import { codeLetters } from './service/letters.ts';
import {
  codeStates,
  codesPage,
  codeToRevoke,
  ENTITIES_INPUT_MAX,
  issueCodes,
  issueFormData,
  recallCodes,
  revokeCode,
} from './service/officers.ts';
import { CodesPage, IssueCodesPage, IssuedCodesPage, type IssueValues } from './views/codes.tsx';

type AdminParams = { Params: { admin: string } };

const issueForm = z.object({
  scope: z.string().min(1),
  kind: z.enum(['holder', 'agent']),
  entities: z.string().min(1).max(ENTITIES_INPUT_MAX),
  expiresOn: z
    .string()
    .trim()
    .refine((v) => v === '' || isCalendarDay(v))
    .optional(),
});

/** Repeated form fields arrive as an array, a single one as a string. */
const many = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/**
 * Certification's pages in the administrations' back office: access codes, their letters,
 * revocation. Officers whose role manages codes only (the services check it).
 */
export function certificationBackofficeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<
    AdminParams & {
      Querystring: { state?: string; scope?: string; q?: string; page?: string; done?: string };
    }
  >('/backoffice/:admin/codes', { preHandler: requireSession }, async (request, reply) => {
    const { state, scope, q, done } = request.query;
    const filter = {
      state: codeStates.find((s) => s === state),
      scope: typeof scope === 'string' && scope ? scope.slice(0, 50) : undefined,
      search: searchText(q),
    };
    const result = await codesPage(
      officerCtx(deps, request),
      request.params.admin,
      filter,
      pageOf(request.query.page),
    );
    const message = done
      ? request.t(`certification.office.done.${done}`, { defaultValue: '' }) || undefined
      : undefined;
    return reply.page(
      request.t('certification.office.codes.title'),
      <CodesPage t={request.t} lang={request.lang} {...result} filter={filter} message={message} />,
    );
  });

  const issuePage = async (
    request: FastifyRequest<AdminParams>,
    reply: FastifyReply,
    values: IssueValues,
    errors?: FieldErrors,
  ) => {
    const { administration, scopes } = await issueFormData(officerCtx(deps, request), request.params.admin);
    return reply.page(
      request.t('certification.office.issue.title'),
      <IssueCodesPage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        administration={administration}
        scopes={scopes}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get<AdminParams>('/backoffice/:admin/codes/new', { preHandler: requireSession }, (request, reply) =>
    issuePage(request, reply, {}),
  );

  app.post<AdminParams & { Body: Record<string, unknown> }>(
    '/backoffice/:admin/codes/new',
    { preHandler: requireSession, config: { idempotent: true } },
    async (request, reply) => {
      const body = request.body ?? {};
      const values: IssueValues = {
        scope: String(body.scope ?? ''),
        kind: String(body.kind ?? ''),
        entities: String(body.entities ?? ''),
        expiresOn: String(body.expiresOn ?? ''),
      };
      const t = request.t;
      const parsed = issueForm.safeParse(values);
      if (!parsed.success) {
        const errors = fieldErrorsOf(t, parsed.error.issues, {
          label: (field) => t(`certification.office.issue.${field}`),
          message: (field) => t(`certification.office.issue.invalid.${field}`),
        });
        return issuePage(request, reply, values, errors);
      }
      const ctx = officerCtx(deps, request);
      const outcome = await issueCodes(ctx, request.params.admin, {
        scope: parsed.data.scope,
        kind: parsed.data.kind,
        entities: parsed.data.entities.split(/\r?\n/),
        expiresOn: parsed.data.expiresOn || undefined,
      });
      if (!outcome.ok) {
        const message = t(`certification.office.issue.problem.${outcome.problem}`, {
          lines: outcome.lines?.slice(0, 20).join(', ') ?? '',
          count: outcome.lines?.length ?? 0,
          date: outcome.until ? formatDate(request.lang, outcome.until, 'date') : '',
        });
        return issuePage(request, reply, values, { [outcome.field]: message });
      }
      const administration = await requireOfficer(ctx, request.params.admin, 'codes.manage');
      return reply
        .header('cache-control', 'no-store')
        .page(
          t('certification.office.issued.title', { count: outcome.issued.length }),
          <IssuedCodesPage
            t={t}
            csrfToken={reply.csrfToken()}
            administration={administration}
            issued={outcome.issued}
            held={outcome.held}
          />,
        );
    },
  );

  // Letters of codes just issued: the codes come back from the page that shows them.
  app.post<AdminParams & { Body: { id?: unknown; code?: unknown } }>(
    '/backoffice/:admin/letters',
    { preHandler: requireSession },
    async (request, reply) => {
      const ids = many(request.body?.id);
      const codes = many(request.body?.code);
      const recalled = await recallCodes(
        officerCtx(deps, request),
        request.params.admin,
        ids.map((id, i) => ({ id, code: codes[i] ?? '' })),
      );
      if (recalled.length === 0) return reply.callNotFound();
      const name = recalled.length === 1 ? recalled[0]!.row.reference : `${request.params.admin}-letters`;
      return sendPdf(reply, name, await codeLetters(deps.config, recalled));
    },
  );

  type CodeParams = AdminParams & { Params: { id: string } };
  confirmRoute<CodeParams>(
    app,
    '/backoffice/:admin/codes/:id/revoke',
    { preHandler: requireSession, schema: { params: idParams } },
    {
      ask: async (request) => {
        const { code, entity } = await codeToRevoke(
          officerCtx(deps, request),
          request.params.admin,
          request.params.id,
        );
        return {
          title: request.t('certification.office.revoke.title'),
          text: request.t(`certification.office.revoke.text.${code.status}`, {
            reference: code.reference,
            entity: entity.name,
          }),
          button: request.t('certification.office.revoke.button'),
          back: `/backoffice/${request.params.admin}/codes`,
        };
      },
      act: async (request) => {
        const { revoked } = await revokeCode(
          officerCtx(deps, request),
          request.params.admin,
          request.params.id,
        );
        return `/backoffice/${request.params.admin}/codes?done=${revoked ? 'revoked' : 'notRevoked'}`;
      },
    },
  );
}
