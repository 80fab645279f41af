import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import { emailAddress, personName } from '../../../platform/fields.ts';
import { languages } from '../../../platform/i18n/index.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { findPerson, findPersonByNationalId, insertPerson, type PersonRow } from '../store.ts';
import type { IdentityCtx } from './context.ts';

export const personInput = z.object({
  surname: personName,
  firstName: personName,
  email: emailAddress,
  nationalId: z
    .string()
    .trim()
    .regex(/^\d{13}$/)
    .optional(),
  preferredLang: z.enum(languages).default('fr'),
});
export type PersonInput = z.input<typeof personInput>;

/** Creates a person (demo first visit, the CLI, or a first log on through an identity provider). */
export async function createPerson(ctx: IdentityCtx, input: PersonInput, demo?: string): Promise<PersonRow> {
  const values = personInput.parse(input);
  const person = await insertPerson(ctx.db, {
    ...values,
    nationalId: values.nationalId ?? null,
    webauthnUserId: randomBytes(32).toString('base64url'),
    demo: demo ?? null,
  });
  await audit(ctx.db, { action: 'person.created', personId: person.id, ip: ctx.ip });
  return person;
}

/** A person named by an operator: by id, or by national identification number. */
export async function findPersonByRef(ctx: IdentityCtx, ref: string): Promise<PersonRow | undefined> {
  return isUuid(ref) ? findPerson(ctx.db, ref) : findPersonByNationalId(ctx.db, ref);
}
