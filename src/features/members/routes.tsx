import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RuleError, ruleMessage } from '../../platform/errors.ts';
import { searchText } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { idParams } from '../../platform/http/input.ts';
import { formatDate } from '../../platform/i18n/dates.ts';
import { type FieldErrors, fieldErrorsOf } from '../../platform/views/forms.tsx';
import { requireSession } from '../identity/http.ts';
import { pageOf, requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { can, type Role } from '../spaces/permissions.ts';
import { profileTabsOf } from '../spaces/sections.ts';
import { changeMember, memberFor, usersPage } from './service.ts';
import {
  type AnswerOutcome,
  answerInvitation,
  invitationByToken,
  invitationFor,
  inviteStep1,
  inviteStep2,
  inviteStep3,
  inviteUser,
  resendInvitation,
  withdrawInvitation,
} from './service-invitations.ts';
import { InvitationPage } from './views/invitation.tsx';
import { InvitationManagePage, MemberPage } from './views/manage.tsx';
import { statusOf, UsersPage } from './views/users.tsx';
import { AddUserPage, type InviteValues } from './views/wizard.tsx';

const steps = [inviteStep1, inviteStep2, inviteStep3] as const;

/** The Users tab, "Add a user", managing members and answering invitations. */
export function memberRoutes(app: FastifyInstance, deps: AppDeps): void {
  const users = async (
    request: FastifyRequest<{
      Querystring: { q?: string; page?: string; after?: string; before?: string; done?: string };
    }>,
    reply: FastifyReply,
    feedback: { error?: string } = {},
    status = 200,
  ) => {
    const search = searchText(request.query.q);
    const { space, membership } = request.space!;
    const result = await usersPage(spaceCtxOf(deps, request), space.id, {
      search,
      page: pageOf(request.query.page),
      after: request.query.after,
      before: request.query.before,
    });
    const done = request.query.done;
    return reply.page(
      request.t('members.users.title'),
      <UsersPage
        t={request.t}
        csrfToken={reply.csrfToken()}
        {...result}
        search={search}
        tabs={profileTabsOf(request)}
        canManage={can(membership.role, 'members.manage')}
        singleAdministrator={result.administrators === 1}
        now={new Date()}
        message={done ? request.t(`members.done.${done}`, { defaultValue: '' }) || undefined : undefined}
        error={feedback.error}
      />,
      status,
    );
  };

  app.get<{ Querystring: { q?: string; page?: string; after?: string; before?: string; done?: string } }>(
    '/space/users',
    { preHandler: requireSpace },
    (request, reply) => users(request, reply),
  );

  // "Add a user": each step validates its own fields, then shows the next; "Back" never validates.
  const wizard = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: 1 | 2 | 3,
    values: InviteValues,
    feedback: { errors?: FieldErrors; message?: string } = {},
    status = 200,
  ) =>
    reply.page(
      request.t('members.add.title'),
      <AddUserPage
        t={request.t}
        csrfToken={reply.csrfToken()}
        step={step}
        values={values}
        errors={feedback.errors}
        message={feedback.message}
      />,
      status,
    );

  // The wizard is for Administrators of business eSpaces; the service checks again at "Invite".
  const guardManage = (request: FastifyRequest) => {
    const access = request.space!;
    if (access.space.kind !== 'business') throw new AppError('NotFound');
    if (!can(access.membership.role, 'members.manage')) throw new AppError('Forbidden');
  };

  app.get('/space/users/new', { preHandler: requireSpace }, async (request, reply) => {
    guardManage(request);
    return wizard(request, reply, 1, {});
  });

  app.post<{ Body: InviteValues & { step?: string; go?: string } }>(
    '/space/users/new',
    { preHandler: requireSpace, config: { idempotent: true } },
    async (request, reply) => {
      guardManage(request);
      const { step: stepText, go, ...raw } = request.body ?? {};
      const values: InviteValues = Object.fromEntries(
        Object.entries(raw).filter(([k, v]) => !k.startsWith('_') && typeof v === 'string'),
      );
      const step = (Number(stepText) >= 1 && Number(stepText) <= 3 ? Number(stepText) : 1) as 1 | 2 | 3;
      if (go === 'back') return wizard(request, reply, Math.max(1, step - 1) as 1 | 2 | 3, values);
      // Every step up to this one must hold (a tampered hidden field sends the person back to it).
      for (let s = 1; s <= step; s++) {
        const parsed = steps[s - 1]!.safeParse(values);
        if (!parsed.success) {
          const errors = fieldErrorsOf(request.t, parsed.error.issues, {
            label: (field) => request.t(`members.add.${field}`),
            message: (field) =>
              request.t(
                `members.add.invalid.${field}${values[field as keyof InviteValues]?.trim() ? '' : 'Missing'}`,
              ),
          });
          return wizard(request, reply, s as 1 | 2 | 3, values, { errors }, 400);
        }
      }
      if (step < 3) return wizard(request, reply, (step + 1) as 2 | 3, values);
      const input = {
        ...inviteStep1.parse(values),
        ...inviteStep2.parse(values),
        ...inviteStep3.parse(values),
      };
      try {
        await inviteUser(spaceCtxOf(deps, request), request.space!.space.id, input);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return wizard(request, reply, 2, values, { message: ruleMessage(request.t, error) }, 409);
      }
      return reply.redirect('/space/users?done=invited', 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/space/users/m/:id',
    { preHandler: requireSpace, schema: { params: idParams } },
    async (request, reply) => {
      const member = await memberFor(spaceCtxOf(deps, request), request.space!.space.id, request.params.id);
      return reply.page(
        `${member.firstName} ${member.surname}`,
        <MemberPage t={request.t} csrfToken={reply.csrfToken()} member={member} />,
      );
    },
  );

  const memberChange =
    (kind: 'role' | 'deactivate' | 'reactivate' | 'remove') =>
    async (
      request: FastifyRequest<{ Params: { id: string }; Body: { role?: string } }>,
      reply: FastifyReply,
    ) => {
      const ctx = spaceCtxOf(deps, request);
      const spaceId = request.space!.space.id;
      const change = kind === 'role' ? { kind, role: String(request.body?.role ?? '') as Role } : { kind };
      try {
        await changeMember(ctx, spaceId, request.params.id, change);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const member = await memberFor(ctx, spaceId, request.params.id);
        return reply.page(
          `${member.firstName} ${member.surname}`,
          <MemberPage
            t={request.t}
            csrfToken={reply.csrfToken()}
            member={member}
            error={ruleMessage(request.t, error)}
          />,
          409,
        );
      }
      return reply.redirect(`/space/users?done=${kind}`, 303);
    };
  for (const kind of ['role', 'deactivate', 'reactivate', 'remove'] as const) {
    app.post<{ Params: { id: string }; Body: { role?: string } }>(
      `/space/users/m/:id/${kind}`,
      { preHandler: requireSpace, schema: { params: idParams } },
      memberChange(kind),
    );
  }

  app.post('/space/leave', { preHandler: requireSpace }, async (request, reply) => {
    try {
      await changeMember(spaceCtxOf(deps, request), request.space!.space.id, undefined, { kind: 'leave' });
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return users(
        request as FastifyRequest<{ Querystring: { q?: string; page?: string } }>,
        reply,
        { error: ruleMessage(request.t, error) },
        409,
      );
    }
    return reply.redirect('/spaces', 303);
  });

  const invitationPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    feedback: { error?: string } = {},
    status = 200,
  ) => {
    const invitation = await invitationFor(
      spaceCtxOf(deps, request),
      request.space!.space.id,
      request.params.id,
    );
    return reply.page(
      `${invitation.firstName} ${invitation.surname}`,
      <InvitationManagePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        invitation={invitation}
        status={statusOf({ kind: 'invitation', ...invitation }, new Date())}
        until={formatDate(request.lang, invitation.expiresAt, 'dateTime')}
        error={feedback.error}
      />,
      status,
    );
  };

  app.get<{ Params: { id: string } }>(
    '/space/users/i/:id',
    { preHandler: requireSpace, schema: { params: idParams } },
    (request, reply) => invitationPage(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/space/users/i/:id/resend',
    { preHandler: requireSpace, schema: { params: idParams } },
    async (request, reply) => {
      try {
        await resendInvitation(spaceCtxOf(deps, request), request.space!.space.id, request.params.id);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return invitationPage(request, reply, { error: ruleMessage(request.t, error) }, 409);
      }
      return reply.redirect('/space/users?done=resent', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/space/users/i/:id/withdraw',
    { preHandler: requireSpace, schema: { params: idParams } },
    async (request, reply) => {
      await withdrawInvitation(spaceCtxOf(deps, request), request.space!.space.id, request.params.id);
      return reply.redirect('/space/users?done=withdrawn', 303);
    },
  );

  // The invitation link: the invitee logs on (and comes back here), then accepts or declines.
  app.get<{ Params: { token: string } }>(
    '/invitations/:token',
    { preHandler: requireSession },
    async (request, reply) => {
      const view = await invitationByToken(spaceCtxOf(deps, request), request.params.token);
      return reply.page(
        request.t(view ? 'members.invitation.title' : 'members.invitation.invalidTitle'),
        <InvitationPage
          t={request.t}
          csrfToken={reply.csrfToken()}
          token={request.params.token}
          view={view}
        />,
        view ? 200 : 410,
      );
    },
  );

  const answer =
    (outcome: AnswerOutcome, byId: boolean) =>
    async (request: FastifyRequest<{ Params: { token?: string; id?: string } }>, reply: FastifyReply) => {
      const ctx = spaceCtxOf(deps, request);
      const where = byId ? { id: request.params.id ?? '' } : { token: request.params.token ?? '' };
      try {
        const result = await answerInvitation(ctx, where, outcome);
        if (outcome === 'declined') return reply.redirect('/spaces?done=declined', 303);
        return reply.redirect(result.selected ? '/space/profile?done=joined' : '/spaces', 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const message = ruleMessage(request.t, error);
        const view = byId ? undefined : await invitationByToken(ctx, request.params.token ?? '');
        return reply.page(
          request.t('members.invitation.title'),
          <InvitationPage
            t={request.t}
            csrfToken={reply.csrfToken()}
            token={request.params.token ?? ''}
            view={view}
            error={message}
          />,
          409,
        );
      }
    };
  app.post<{ Params: { token?: string; id?: string } }>(
    '/invitations/:token/accept',
    { preHandler: requireSession },
    answer('accepted', false),
  );
  app.post<{ Params: { token?: string; id?: string } }>(
    '/invitations/:token/decline',
    { preHandler: requireSession },
    answer('declined', false),
  );
  app.post<{ Params: { token?: string; id?: string } }>(
    '/invitations/id/:id/accept',
    { preHandler: requireSession, schema: { params: idParams } },
    answer('accepted', true),
  );
  app.post<{ Params: { token?: string; id?: string } }>(
    '/invitations/id/:id/decline',
    { preHandler: requireSession, schema: { params: idParams } },
    answer('declined', true),
  );
}
