import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { IdentityCtx } from '../identity/service/context.ts';
import { findPersonByRef } from '../identity/service/persons.ts';
import type { CurrentSession } from '../identity/service/sessions.ts';
import { type OfficerAction, type OfficerRole, officerMay } from './permissions.ts';
import {
  type AdministrationRow,
  administrationsOfOfficer,
  findAdministration,
  officerRole,
  upsertOfficer,
} from './store.ts';

/**
 * Administrations and their officers: who works in which back office, with which role. Every
 * back office service starts with `requireOfficer`.
 */

export type { AdministrationRow };
export type OfficerCtx = IdentityCtx & { current: CurrentSession };

/** An administration by its code (e.g. `ITM`), for the registries' import and the CLI. */
export const administrationByCode = (ctx: Pick<IdentityCtx, 'db'>, code: string) =>
  findAdministration(ctx.db, code);

/**
 * Lets a person (by id or national identification number) work in an administration's back
 * office with `role` (officer unless said): the operator's `comptoir officer add`. A second grant
 * changes their role.
 */
export async function grantOfficer(
  ctx: IdentityCtx,
  input: { person: string; administration: string; role?: OfficerRole | undefined },
): Promise<'granted' | 'already' | 'unknownPerson' | 'unknownAdministration'> {
  const person = await findPersonByRef(ctx, input.person);
  if (!person) return 'unknownPerson';
  const administration = await findAdministration(ctx.db, input.administration);
  if (!administration) return 'unknownAdministration';
  const role = input.role ?? 'officer';
  const granted = await upsertOfficer(ctx.db, {
    personId: person.id,
    administrationId: administration.id,
    role,
  });
  if (granted) {
    await audit(ctx.db, {
      action: 'backoffice.officer_granted',
      personId: person.id,
      detail: { administration: administration.code, role },
    });
  }
  return granted ? 'granted' : 'already';
}

/** The administrations the logged-on person works for, with their role in each. */
export const myAdministrations = (ctx: OfficerCtx) => administrationsOfOfficer(ctx.db, ctx.current.person.id);

/**
 * The administration of `code`, for one of its officers whose role allows `action`. Anyone else,
 * officers of other administrations included, gets "not found": the back office of an
 * administration is not shown to those who do not work there; an officer whose role does not
 * allow the action gets "not allowed".
 */
export async function requireOfficer(
  ctx: OfficerCtx,
  administrationCode: string,
  action: OfficerAction,
): Promise<AdministrationRow> {
  const found = await officerRole(ctx.db, ctx.current.person.id, administrationCode);
  if (!found) throw new AppError('NotFound');
  if (!officerMay(found.role, action)) throw new AppError('Forbidden');
  return found.administration;
}
