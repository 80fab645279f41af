import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { formatDate } from '../../platform/i18n/dates.ts';
import { registered } from '../../platform/registry.ts';
import { fieldErrorsOf } from '../../platform/views/forms.tsx';
import type { Viewer } from '../../platform/views/page.tsx';
import { requireSession } from '../identity/http.ts';
import { pageOf, requireSpace, spaceCtxOf } from './http.ts';
import { can } from './permissions.ts';
import { profileTabsOf, spaceMenu } from './sections.ts';
import {
  activityPage,
  authorize,
  businessSpaceInput,
  businessSpacesCreated,
  createBusinessSpace,
  ensurePrivateSpace,
  mySpaces,
  selectedSpace,
  selectSpace,
} from './service.ts';
import {
  cancelEmailChange,
  confirmEmailChange,
  findEmailChange,
  livePendingEmail,
  profileInput,
  updateProfile,
} from './service-profile.ts';
import { ActivityPage } from './views/activity.tsx';
import {
  EditProfilePage,
  EmailChangePage,
  InformationSheetPage,
  type ProfileValues,
} from './views/profile.tsx';
import { type BusinessSpaceValues, NewBusinessSpacePage, SpacesPage } from './views/spaces.tsx';

/** eSpaces: "Manage my eSpaces", setting one up, selecting one, its information sheet and activity. */
export function spaceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const members = () => registered(app.registry, 'spacePages')[0];
  app.decorateRequest('space', undefined);
  app.sessionOpened.push(async (request, current) => {
    await ensurePrivateSpace({ ...ctxOf(deps, request), current });
  });
  // After the identity hook: the selected eSpace, checked again at every request, and its menu.
  // Not an async hook, so that a request with no eSpace selected passes without a promise.
  const selectSpaceOf = async (request: FastifyRequest, viewer: Viewer) => {
    const access = await selectedSpace(spaceCtxOf(deps, request));
    if (!access) return;
    request.space = access;
    viewer.space = { name: access.space.name, identifier: access.space.identifier };
    viewer.nav = await spaceMenu(deps, request, access);
  };
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.current?.session.selectedSpaceId || !request.viewer) return done();
    selectSpaceOf(request, request.viewer).then(() => done(), done);
  });

  const spacesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    feedback: { message?: string; error?: string } = {},
    status = 200,
  ) => {
    const ctx = spaceCtxOf(deps, request);
    const [spaces, invitations, created] = await Promise.all([
      mySpaces(ctx),
      members()?.invitations(ctx) ?? [],
      businessSpacesCreated(ctx),
    ]);
    return reply.page(
      request.t('spaces.list.title'),
      <SpacesPage
        t={request.t}
        csrfToken={reply.csrfToken()}
        spaces={spaces}
        selectedId={request.space?.space.id}
        invitations={invitations}
        created={created}
        max={deps.config.spaces.maxBusiness}
        message={feedback.message}
        error={feedback.error}
      />,
      status,
    );
  };

  app.get<{ Querystring: { notice?: string; done?: string } }>(
    '/spaces',
    { preHandler: requireSession },
    async (request, reply) => {
      const { notice, done } = request.query;
      const message =
        done === 'declined'
          ? request.t('members.invitation.declined')
          : notice === 'select'
            ? request.t('spaces.list.selectFirst')
            : undefined;
      return spacesPage(request, reply, { message });
    },
  );

  app.post<{ Body: { identifier?: string } }>(
    '/spaces/select',
    { preHandler: requireSession },
    async (request, reply) => {
      await selectSpace(spaceCtxOf(deps, request), String(request.body?.identifier ?? ''));
      return reply.redirect('/space/profile', 303);
    },
  );

  const newSpaceForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: BusinessSpaceValues,
    feedback: { errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ) => {
    const person = request.current!.person;
    return reply.page(
      request.t('spaces.create.title'),
      <NewBusinessSpacePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        values={{ ...values, surname: person.surname, firstName: person.firstName }}
        errors={feedback.errors}
        message={feedback.message}
      />,
      status,
    );
  };

  // The language of all procedures starts as the one the person is reading the portal in.
  app.get('/spaces/new', { preHandler: requireSession }, async (request, reply) =>
    newSpaceForm(request, reply, { email: request.current!.person.email, proceduresLang: request.lang }),
  );

  app.post<{ Body: BusinessSpaceValues }>(
    '/spaces/new',
    { preHandler: requireSession, config: { idempotent: true } },
    async (request, reply) => {
      const values = { proceduresLang: request.lang, ...request.body };
      const parsed = businessSpaceInput.safeParse(values);
      if (!parsed.success) {
        const errors = fieldErrorsOf(request.t, parsed.error.issues, {
          label: (field) => request.t(`spaces.create.${field}`),
          message: (field) =>
            request.t(`spaces.create.${field}${field === 'email' && values.email ? 'Invalid' : 'Required'}`),
        });
        return newSpaceForm(request, reply, values, { errors }, 400);
      }
      try {
        await createBusinessSpace(spaceCtxOf(deps, request), parsed.data);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return newSpaceForm(request, reply, values, { message: ruleMessage(request.t, error) }, 409);
      }
      return reply.redirect('/space/profile?done=created', 303);
    },
  );

  app.get<{ Querystring: { done?: string } }>(
    '/space/profile',
    { preHandler: requireSpace },
    async (request, reply) => {
      const { space, membership } = request.space!;
      const canEdit = can(membership.role, 'profile.manage');
      const ctx = spaceCtxOf(deps, request);
      const done = request.query.done;
      const message = done
        ? request.t(`spaces.profile.done.${done}`, { defaultValue: '' }) || undefined
        : undefined;
      const pending = livePendingEmail(space);
      return reply.page(
        request.t('spaces.profile.title'),
        <InformationSheetPage
          t={request.t}
          csrfToken={reply.csrfToken()}
          space={space}
          tabs={profileTabsOf(request)}
          canEdit={canEdit}
          pending={
            pending
              ? { email: pending, until: formatDate(request.lang, space.pendingEmailExpiresAt!, 'dateTime') }
              : undefined
          }
          singleAdministrator={canEdit && (await members()?.activeAdministrators(ctx, space.id)) === 1}
          message={message}
        />,
      );
    },
  );

  const editForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ProfileValues,
    errors?: Record<string, string>,
  ) =>
    reply.page(
      request.t('spaces.profile.editTitle'),
      <EditProfilePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        business={request.space!.space.kind === 'business'}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );

  app.get('/space/profile/edit', { preHandler: requireSpace }, async (request, reply) => {
    const access = request.space!;
    authorize(access, 'profile.manage');
    const { space } = access;
    return editForm(request, reply, {
      name: space.name,
      companyName: space.companyName ?? '',
      proceduresLang: space.proceduresLang ?? '',
      // The form shows the address being confirmed, so that saving again does not undo the request.
      notificationEmail: livePendingEmail(space) ?? space.notificationEmail ?? '',
      officePhone: space.officePhone ?? '',
      mobilePhone: space.mobilePhone ?? '',
      function: space.function ?? '',
    });
  });

  app.post<{ Body: ProfileValues }>(
    '/space/profile/edit',
    { preHandler: requireSpace },
    async (request, reply) => {
      const values = request.body ?? {};
      const parsed = profileInput.safeParse(values);
      // A business eSpace keeps a company name: emptied, it is asked for, not kept silently.
      const companyNameMissing =
        request.space!.space.kind === 'business' &&
        values.companyName !== undefined &&
        !String(values.companyName).trim();
      if (!parsed.success || companyNameMissing) {
        const errors = {
          ...(companyNameMissing
            ? { companyName: request.t('spaces.profile.invalid.companyNameMissing') }
            : {}),
          ...(parsed.success
            ? {}
            : fieldErrorsOf(request.t, parsed.error.issues, {
                label: (field) =>
                  request.t(
                    field === 'name' && request.space!.space.kind === 'business'
                      ? 'spaces.profile.nameBusiness'
                      : `spaces.profile.${field}`,
                  ),
                message: (field) => request.t(`spaces.profile.invalid.${field}`),
              })),
        };
        return editForm(request, reply, values, errors);
      }
      let result: Awaited<ReturnType<typeof updateProfile>>;
      try {
        result = await updateProfile(spaceCtxOf(deps, request), request.space!.space.id, parsed.data);
      } catch (error) {
        // A new notification e-mail over the day's limit of mails: nothing was saved.
        if (!(error instanceof RuleError)) throw error;
        return editForm(request, reply, values, {
          notificationEmail: ruleMessage(request.t, error),
        });
      }
      const done = result.emailChange
        ? 'emailPending'
        : result.emailCancelled
          ? 'emailCancelled'
          : result.changed
            ? 'saved'
            : 'unchanged';
      return reply.redirect(`/space/profile?done=${done}`, 303);
    },
  );

  app.post('/space/profile/email-change/cancel', { preHandler: requireSpace }, async (request, reply) => {
    await cancelEmailChange(spaceCtxOf(deps, request), request.space!.space.id);
    return reply.redirect('/space/profile?done=emailCancelled', 303);
  });

  app.get<{ Querystring: { page?: string } }>(
    '/space/activity',
    { preHandler: requireSpace },
    async (request, reply) => {
      const { lines, page, pages } = await activityPage(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        pageOf(request.query.page),
      );
      return reply.page(
        request.t('spaces.profile.title'),
        <ActivityPage
          t={request.t}
          lang={request.lang}
          tabs={profileTabsOf(request)}
          lines={lines}
          page={page}
          pages={pages}
        />,
      );
    },
  );

  // The link sent to a new notification e-mail: no log on needed, whoever reads that mailbox confirms.
  app.get<{ Params: { token: string } }>('/email-change/:token', async (request, reply) => {
    const ctx = { db: deps.database.db, config: deps.config, ip: request.ip };
    const space = await findEmailChange(ctx, request.params.token);
    return reply.page(
      request.t(space ? 'spaces.emailChange.title' : 'spaces.emailChange.invalidTitle'),
      <EmailChangePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        token={request.params.token}
        space={space}
      />,
      space ? 200 : 410,
    );
  });

  app.post<{ Params: { token: string } }>('/email-change/:token', async (request, reply) => {
    const ctx = { db: deps.database.db, config: deps.config, ip: request.ip };
    const outcome = await confirmEmailChange(ctx, request.params.token);
    return reply.page(
      request.t(outcome.ok ? 'spaces.emailChange.doneTitle' : 'spaces.emailChange.invalidTitle'),
      <EmailChangePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        token={request.params.token}
        space={outcome.ok ? outcome.space : undefined}
        done={outcome.ok}
      />,
      outcome.ok ? 200 : 410,
    );
  });
}
