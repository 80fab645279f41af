import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { nowOf } from '../../platform/clock.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError, RuleError } from '../../platform/errors.ts';
import { emailAddress, personName } from '../../platform/fields.ts';
import { formatDate } from '../../platform/i18n/dates.ts';
import { type Lang, langOr, languages, translator } from '../../platform/i18n/index.ts';
import { countMailToTypedAddress, enqueueMail } from '../../platform/mail/outbox.ts';
import { renderMailIn } from '../../platform/mail/render.tsx';
import {
  CERTIFICATE_NUMBER_INPUT_MAX,
  generateToken,
  hashToken,
  parseCertificateNumber,
} from '../identity/rules.ts';
import { myDevices } from '../identity/service/devices.ts';
import { setSessionSpace } from '../identity/service/sessions.ts';
import { notify } from '../notifications/service.ts';
import { roles } from '../spaces/permissions.ts';
import {
  actorOf,
  addMembership,
  auditOf,
  businessSpaceFor,
  lockSpaceForChange,
  notifiedSpace,
  type SpaceAccess,
  type SpaceCtx,
  spaceById,
} from '../spaces/service.ts';
import { memberEvents } from './events.ts';
import {
  certificateNumberTaken,
  closeInvitationsTo,
  expireInvitations,
  findInvitation,
  findMember,
  type InvitationRow,
  insertInvitation,
  type OpenInvitation,
  openInvitationsFor,
  updateInvitation,
} from './store.ts';

/**
 * Invitations by certificate number: an Administrator invites, resends and withdraws; the
 * invitee answers through the link of the mail (the users themselves are in service.ts).
 */

export const inviteStep1 = z.object({
  surname: personName,
  firstName: personName,
  email: emailAddress,
});
export const inviteStep2 = z.object({
  certificateNumber: z
    .string()
    .max(CERTIFICATE_NUMBER_INPUT_MAX)
    .transform((value, issue) => {
      const digits = parseCertificateNumber(value);
      if (!digits) issue.addIssue({ code: 'custom', message: 'certificateNumber' });
      return digits ?? '';
    }),
  restricted: z.enum(['all', 'this']),
});
export const inviteStep3 = z.object({ role: z.enum(roles) });
export const inviteInput = inviteStep1.and(inviteStep2).and(inviteStep3);
export type InviteInput = z.infer<typeof inviteInput>;

/**
 * The language an invitation is written in first: the eSpace's "language of all procedures", else
 * the inviter's. Never the invitee's: that would tell the inviter whether anyone holds the number.
 */
const invitationLang = (ctx: SpaceCtx, access: SpaceAccess): Lang =>
  langOr(access.space.proceduresLang, langOr(ctx.current.person.preferredLang));

const daysFrom = (ctx: SpaceCtx, days: number) => new Date(nowOf(ctx).getTime() + days * 86_400_000);

/**
 * The invitation mail in every language, `invitation.lang` first: the invitee finds theirs, whoever
 * they are. It goes to an address the inviter typed: counted against their daily limit and the eSpace's.
 */
async function sendInvitation(ctx: SpaceCtx, access: SpaceAccess, invitation: InvitationRow, token: string) {
  const sender = { personId: ctx.current.person.id, spaceId: access.space.id };
  await countMailToTypedAddress(ctx.db, ctx.config, sender, nowOf(ctx));
  const first = langOr(invitation.lang);
  const inviter = `${ctx.current.person.firstName} ${ctx.current.person.surname}`;
  const href = `${ctx.config.baseUrl}/invitations/${token}`;
  const sections = [first, ...languages.filter((l) => l !== first)].map((lang) => {
    const t = translator(lang);
    return {
      t,
      lang,
      content: {
        subject: t('members.invitation.mailSubject'),
        heading: t('members.invitation.mailHeading', { space: access.space.name }),
        paragraphs: [
          t('members.invitation.mailGreeting', { name: `${invitation.firstName} ${invitation.surname}` }),
          t('members.invitation.mailText', {
            inviter,
            space: access.space.name,
            company: access.space.companyName ?? access.space.name,
            role: t(`spaces.role.${invitation.role}`),
          }),
          t('members.invitation.mailHow', { inviter }),
          t('members.invitation.mailValidity', { until: formatDate(lang, invitation.expiresAt, 'dateTime') }),
        ],
        action: { href, label: t('members.invitation.mailAction') },
      },
    };
  });
  await enqueueMail(ctx.db, { to: invitation.email, ...renderMailIn(sections) });
}

/**
 * "Invite" (rule 6): an invitation to a certificate number, mailed to the address typed. Whether
 * anyone holds that number is never told: the answer and the mail are the same either way. A new
 * invitation replaces an earlier declined or expired one to the same number (one line per number).
 */
export async function inviteUser(ctx: SpaceCtx, spaceId: string, input: InviteInput): Promise<InvitationRow> {
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // Two Administrators inviting the same number at once: the second one sees the first.
    await lockSpaceForChange(txCtx, spaceId);
    const access = await businessSpaceFor(txCtx, spaceId, 'members.manage');
    await refuseTakenNumber(tx, spaceId, input.certificateNumber);
    await closeInvitationsTo(tx, spaceId, input.certificateNumber, nowOf(ctx));
    const token = generateToken();
    const invitation = await insertInvitation(tx, {
      spaceId,
      surname: input.surname,
      firstName: input.firstName,
      email: input.email,
      certificateNumber: input.certificateNumber,
      restricted: input.restricted === 'this',
      role: input.role,
      tokenHash: hashToken(token),
      lang: invitationLang(ctx, access),
      invitedBy: ctx.current.person.id,
      expiresAt: daysFrom(ctx, ctx.config.spaces.invitationDays),
    });
    await sendInvitation(txCtx, access, invitation, token);
    await audit(tx, {
      action: 'member.invited',
      ...auditOf(ctx, spaceId),
      detail: {
        invitation: invitation.id,
        user: `${invitation.firstName} ${invitation.surname}`,
        role: input.role,
        restricted: invitation.restricted,
      },
    });
    await notify(txCtx, {
      space: notifiedSpace(access.space),
      event: memberEvents['member.invited'],
      params: {
        actor: actorOf(ctx, access.membership).name,
        user: `${input.firstName} ${input.surname}`,
        role: input.role,
      },
      actor: actorOf(ctx, access.membership),
    });
    return invitation;
  });
}

/** Refuses a number that is already a member of the eSpace, or invited and not answered yet. */
async function refuseTakenNumber(db: Db, spaceId: string, certificateNumber: string): Promise<void> {
  const taken = await certificateNumberTaken(db, spaceId, certificateNumber);
  if (taken) throw new RuleError(taken === 'member' ? 'InviteeAlreadyMember' : 'InviteeAlreadyInvited');
}

/** The invitations an Administrator may still resend or withdraw. */
const reopenable = (invitation: InvitationRow | undefined): invitation is InvitationRow =>
  invitation !== undefined && ['pending', 'declined', 'expired'].includes(invitation.status);

/**
 * "Resend": a new link, valid for the full period again (the old link stops working). Refused
 * when the number has become a member meanwhile.
 */
export async function resendInvitation(ctx: SpaceCtx, spaceId: string, invitationId: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await lockSpaceForChange(txCtx, spaceId);
    const access = await businessSpaceFor(txCtx, spaceId, 'members.manage');
    const invitation = await findInvitation(tx, { id: invitationId, spaceId }, { lock: true });
    if (!reopenable(invitation)) throw new AppError('NotFound');
    if ((await certificateNumberTaken(tx, spaceId, invitation.certificateNumber)) === 'member') {
      throw new RuleError('InviteeAlreadyMember');
    }
    const token = generateToken();
    const values = {
      tokenHash: hashToken(token),
      expiresAt: daysFrom(ctx, ctx.config.spaces.invitationDays),
      lang: invitationLang(ctx, access),
      status: 'pending' as const,
    };
    await updateInvitation(tx, invitation.id, values);
    await sendInvitation(txCtx, access, { ...invitation, ...values }, token);
    await audit(tx, {
      action: 'member.invitation_resent',
      ...auditOf(ctx, spaceId),
      detail: { invitation: invitation.id, user: `${invitation.firstName} ${invitation.surname}` },
    });
  });
}

export async function withdrawInvitation(
  ctx: SpaceCtx,
  spaceId: string,
  invitationId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await businessSpaceFor({ ...ctx, db: tx }, spaceId, 'members.manage');
    const invitation = await findInvitation(tx, { id: invitationId, spaceId }, { lock: true });
    if (!reopenable(invitation)) throw new AppError('NotFound');
    await updateInvitation(tx, invitation.id, { status: 'withdrawn', respondedAt: nowOf(ctx) });
    await audit(tx, {
      action: 'member.invitation_withdrawn',
      ...auditOf(ctx, spaceId),
      detail: { invitation: invitation.id, user: `${invitation.firstName} ${invitation.surname}` },
    });
  });
}

export type InvitationView = { invitation: InvitationRow; spaceName: string; companyName: string | null };

/** An invitation as its link shows it, while it can still be answered. */
export async function invitationByToken(ctx: SpaceCtx, token: string): Promise<InvitationView | undefined> {
  if (!token || token.length > 100) return undefined;
  const invitation = await findInvitation(ctx.db, { tokenHash: hashToken(token) });
  if (invitation?.status !== 'pending' || invitation.expiresAt <= nowOf(ctx)) return undefined;
  const space = await spaceById(ctx, invitation.spaceId);
  return space ? { invitation, spaceName: space.name, companyName: space.companyName } : undefined;
}

/** Open invitations to any of the person's own certificate numbers, for "Manage my eSpaces". */
export async function myInvitations(ctx: SpaceCtx): Promise<OpenInvitation[]> {
  const devices = await myDevices(ctx, ctx.current);
  const numbers = devices.filter((d) => !d.revokedAt).map((d) => d.certificateNumber);
  return openInvitationsFor(ctx.db, numbers, nowOf(ctx));
}

export type AnswerOutcome = 'accepted' | 'declined';

/**
 * Accepts or declines an invitation. Only a person holding an active device with the invited
 * certificate number may answer; anyone else gets a clear refusal and nothing changes. With the
 * restriction, the membership is bound to that very device.
 */
export async function answerInvitation(
  ctx: SpaceCtx,
  where: { token: string } | { id: string },
  answer: AnswerOutcome,
): Promise<{ spaceId: string; selected: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const found = await findInvitation(
      tx,
      'token' in where ? { tokenHash: hashToken(where.token) } : { id: where.id },
    );
    if (!found) throw new RuleError('InvitationInvalid');
    // The eSpace first, then the invitation: the order of every change to the eSpace's users
    // (a "Resend" at the same moment waits, rather than deadlocks).
    const space = await lockSpaceForChange(txCtx, found.spaceId);
    if (!space) throw new RuleError('InvitationInvalid');
    const invitation = await findInvitation(tx, { id: found.id }, { lock: true });
    if (invitation?.status !== 'pending' || invitation.expiresAt <= nowOf(ctx)) {
      throw new RuleError('InvitationInvalid');
    }
    const devices = await myDevices(txCtx, ctx.current);
    const device = devices.find((d) => !d.revokedAt && d.certificateNumber === invitation.certificateNumber);
    if (!device) throw new RuleError('InvitationForAnotherCertificate');
    const now = nowOf(ctx);
    await updateInvitation(tx, invitation.id, {
      status: answer,
      respondedAt: now,
      respondedBy: ctx.current.person.id,
    });
    const detail = { invitation: invitation.id };
    if (answer === 'declined') {
      // The eSpace's trail says which invitation was declined, never by whom: its Administrators
      // must not learn who holds the number they typed. The person's own trail keeps who did it.
      await audit(tx, {
        action: 'member.invitation_declined',
        spaceId: space.id,
        certificateNumber: invitation.certificateNumber,
        detail,
      });
      await audit(tx, { action: 'invitation.declined', ...auditOf(ctx, null), detail });
      return { spaceId: space.id, selected: false };
    }
    if (await findMember(tx, space.id, { personId: ctx.current.person.id })) {
      throw new RuleError('AlreadyMember');
    }
    await addMembership(txCtx, {
      spaceId: space.id,
      personId: ctx.current.person.id,
      role: invitation.role,
      email: invitation.email,
      certificateNumber: invitation.certificateNumber,
      restrictedDeviceId: invitation.restricted ? device.id : null,
    });
    await audit(tx, {
      action: 'member.joined',
      ...auditOf(ctx, space.id),
      detail: { ...detail, role: invitation.role },
    });
    const actor = {
      personId: ctx.current.person.id,
      name: `${ctx.current.person.firstName} ${ctx.current.person.surname}`,
      email: invitation.email,
      lang: ctx.current.person.preferredLang,
    };
    await notify(txCtx, {
      space: notifiedSpace(space),
      event: memberEvents['member.joined'],
      params: { user: actor.name, role: invitation.role },
      actor,
    });
    // Work starts in the eSpace just joined, when this session may use it.
    const selected = !invitation.restricted || device.id === ctx.current.device.id;
    if (selected) await setSessionSpace(txCtx, ctx.current.session.id, space.id);
    return { spaceId: space.id, selected };
  });
}

/** An invitation of the eSpace that can still be resent or withdrawn. */
export async function invitationFor(
  ctx: SpaceCtx,
  spaceId: string,
  invitationId: string,
): Promise<InvitationRow> {
  await businessSpaceFor(ctx, spaceId, 'members.manage');
  const invitation = await findInvitation(ctx.db, { id: invitationId, spaceId });
  if (!reopenable(invitation)) throw new AppError('NotFound');
  return invitation;
}

export const expireOldInvitations = (db: Db, now: Date) => expireInvitations(db, now);
