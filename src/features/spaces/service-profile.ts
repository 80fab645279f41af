import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { nowOf } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/db.ts';
import { emailAddress } from '../../platform/fields.ts';
import { formatDate } from '../../platform/i18n/dates.ts';
import { isLang, type Lang, languages, translator } from '../../platform/i18n/index.ts';
import { countMailToTypedAddress, enqueueMail } from '../../platform/mail/outbox.ts';
import { renderMail } from '../../platform/mail/render.tsx';
import { generateToken, hashToken } from '../identity/rules.ts';
import type { IdentityCtx } from '../identity/service/context.ts';
import { notify } from '../notifications/service.ts';
import { spaceEvents } from './events.ts';
import { planNotificationEmail } from './rules.ts';
import {
  actorOf,
  auditOf,
  lockSpaceForChange,
  notifiedSpace,
  type SpaceCtx,
  spaceFieldLimits,
  spaceFor,
  spaceName,
} from './service.ts';
import { findSpaceByPendingEmailToken, type SpaceRow, updateSpace } from './store.ts';

/**
 * The information sheet of an eSpace (its profile) and its notification e-mail, changed only
 * through a link sent to the new address (rule 10).
 */

const optional = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const phone = z
  .string()
  .trim()
  .max(spaceFieldLimits.phone)
  .regex(/^\+?[0-9 ()./-]{6,}$/);

export const profileInput = z.object({
  name: spaceName,
  companyName: optional(z.string().trim().max(spaceFieldLimits.companyName)),
  proceduresLang: z.preprocess((v) => (v === '' ? undefined : v), z.enum(languages).optional()),
  notificationEmail: optional(emailAddress),
  officePhone: optional(phone),
  mobilePhone: optional(phone),
  function: optional(z.string().trim().max(spaceFieldLimits.function)),
});
export type ProfileInput = z.infer<typeof profileInput>;

export type ProfileResult = {
  changed: boolean;
  emailChange?: { to: string; expiresAt: Date } | undefined;
  /** A pending notification e-mail change was cancelled. */
  emailCancelled?: boolean;
};

/** The notification e-mail waiting for its link while the link is valid: an expired one counts as none. */
export const livePendingEmail = (space: SpaceRow, now = new Date()): string | null =>
  space.pendingEmailExpiresAt && space.pendingEmailExpiresAt > now ? space.pendingEmail : null;

const noPendingEmail = { pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null };

/**
 * Saves the information sheet (rule 10). A new notification e-mail is not taken at once: a link
 * goes to the new address and the old value stays until it is followed; removing it is immediate.
 * See planNotificationEmail for how a pending request is replaced or cancelled.
 */
export async function updateProfile(
  ctx: SpaceCtx,
  spaceId: string,
  input: ProfileInput,
): Promise<ProfileResult> {
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // The eSpace's row first, as every change to it: then the count of mails sent from it.
    await lockSpaceForChange(txCtx, spaceId);
    const { space, membership } = await spaceFor(txCtx, { spaceId }, 'profile.manage');
    const values = {
      name: input.name,
      companyName: space.kind === 'business' ? (input.companyName ?? space.companyName) : null,
      proceduresLang: input.proceduresLang ?? null,
      officePhone: input.officePhone ?? null,
      mobilePhone: input.mobilePhone ?? null,
      function: input.function ?? null,
    };
    const changedFields = Object.entries(values).filter(
      ([key, value]) => space[key as keyof typeof values] !== value,
    );
    const plan = planNotificationEmail(
      space.notificationEmail,
      livePendingEmail(space, nowOf(ctx)),
      input.notificationEmail ?? null,
    );
    const patch: Parameters<typeof updateSpace>[2] = {
      ...values,
      ...(plan.remove ? { notificationEmail: null } : {}),
      ...(plan.cancel ? noPendingEmail : {}),
    };
    let emailChange: ProfileResult['emailChange'];
    if (plan.request) {
      const token = generateToken();
      const expiresAt = new Date(nowOf(ctx).getTime() + ctx.config.spaces.emailChangeHours * 3_600_000);
      Object.assign(patch, {
        pendingEmail: plan.request,
        pendingEmailTokenHash: hashToken(token),
        pendingEmailExpiresAt: expiresAt,
      });
      await sendEmailChangeLink(txCtx, { ...space, ...values }, plan.request, token, expiresAt);
      emailChange = { to: plan.request, expiresAt };
    }
    const changed = changedFields.length > 0 || plan.remove;
    if (!changed && !emailChange && !plan.cancel) return { changed: false };
    const updated = (await updateSpace(tx, space.id, patch))!;
    await audit(tx, {
      action: 'space.profile_changed',
      ...auditOf(ctx, space.id),
      detail: {
        fields: changedFields.map(([key]) => key),
        ...(plan.remove ? { notificationEmail: 'removed' } : {}),
        ...(emailChange ? { notificationEmail: 'change requested' } : {}),
        ...(plan.cancel ? { pendingEmail: 'cancelled' } : {}),
      },
    });
    if (changed) {
      await notify(txCtx, {
        space: notifiedSpace(updated),
        event: spaceEvents['profile.changed'],
        params: { actor: actorOf(ctx, membership).name },
        actor: actorOf(ctx, membership),
      });
    }
    return { changed, emailChange, emailCancelled: plan.cancel };
  });
}

/** "Cancel this request": the pending notification e-mail change ends and its link stops working. */
export async function cancelEmailChange(ctx: SpaceCtx, spaceId: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const { space } = await spaceFor({ ...ctx, db: tx }, { spaceId }, 'profile.manage');
    if (!space.pendingEmail) return;
    await updateSpace(tx, space.id, noPendingEmail);
    await audit(tx, { action: 'space.notification_email_cancelled', ...auditOf(ctx, space.id) });
  });
}

/** The link confirming a new notification e-mail, to the address typed (counted as such). */
async function sendEmailChangeLink(
  ctx: SpaceCtx,
  space: Pick<SpaceRow, 'id' | 'name' | 'identifier' | 'proceduresLang'>,
  to: string,
  token: string,
  expiresAt: Date,
): Promise<void> {
  const sender = { personId: ctx.current.person.id, spaceId: space.id };
  await countMailToTypedAddress(ctx.db, ctx.config, sender, nowOf(ctx));
  // A mail of the eSpace: in its language of all procedures, else in the language of who asked.
  const lang = isLang(space.proceduresLang)
    ? space.proceduresLang
    : (ctx.current.person.preferredLang as Lang);
  const t = translator(lang);
  const until = formatDate(lang, expiresAt, 'dateTime');
  const mail = renderMail(t, lang, {
    subject: t('spaces.emailChange.mailSubject'),
    heading: t('spaces.emailChange.mailHeading', { space: space.name }),
    paragraphs: [
      t('spaces.emailChange.mailText', { space: space.name, identifier: space.identifier }),
      t('spaces.emailChange.mailValidity', { until }),
      t('spaces.emailChange.mailIgnore'),
    ],
    action: {
      href: `${ctx.config.baseUrl}/email-change/${token}`,
      label: t('spaces.emailChange.mailAction'),
    },
  });
  await enqueueMail(ctx.db, { to, ...mail });
}

export type EmailChangeOutcome = { ok: true; space: SpaceRow } | { ok: false };

/** What the link of a notification e-mail change shows before it is confirmed. */
export async function findEmailChange(ctx: IdentityCtx, token: string): Promise<SpaceRow | undefined> {
  if (!token || token.length > 100) return undefined;
  const space = await findSpaceByPendingEmailToken(ctx.db, hashToken(token));
  if (!space?.pendingEmailExpiresAt || space.pendingEmailExpiresAt <= nowOf(ctx)) return undefined;
  return space;
}

/** Follows the link sent to the new address: the address becomes the notification e-mail. */
export async function confirmEmailChange(ctx: IdentityCtx, token: string): Promise<EmailChangeOutcome> {
  return inTransaction(ctx.db, async (tx) => {
    const space = await findEmailChange({ ...ctx, db: tx }, token);
    if (!space?.pendingEmail) return { ok: false };
    const updated = (await updateSpace(tx, space.id, {
      notificationEmail: space.pendingEmail,
      pendingEmail: null,
      pendingEmailTokenHash: null,
      pendingEmailExpiresAt: null,
    }))!;
    await audit(tx, { action: 'space.notification_email_confirmed', spaceId: space.id, ip: ctx.ip });
    await notify(
      { db: tx, config: ctx.config },
      {
        space: notifiedSpace(updated),
        event: spaceEvents['notification_email.changed'],
        params: { email: updated.notificationEmail ?? '' },
      },
    );
    return { ok: true, space: updated };
  });
}
