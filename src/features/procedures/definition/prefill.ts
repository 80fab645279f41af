import type { EntityAddress } from '../../../db/schema/certification.ts';
import type { FieldType } from './types.ts';

/**
 * Prefill bindings: where a field's first value comes from. `sheet.*` is the eSpace's information
 * sheet (rule 10: its details pre-fill procedure forms), `person.*` the person logged on,
 * `certified.*` the certified data of the procedure's subject company (a legal entity the
 * eSpace holds a mandate on, so only procedures with a certification scope may use them).
 */

/** What the form has at hand when it opens a step. */
export type PrefillSources = {
  sheet?: {
    spaceName: string;
    companyName?: string | null;
    notificationEmail?: string | null;
    officePhone?: string | null;
    mobilePhone?: string | null;
    function?: string | null;
  };
  person?: { surname: string; firstName: string; email: string };
  certified?: {
    name: string;
    /** The identifier's value, e.g. B100001 (rcs) or S10001 (structure). */
    value: string;
    address: EntityAddress;
    /** Certified attributes as registered (legal_form, employees, sector, structure_type, capacity). */
    attributes: Record<string, string>;
  };
};

/** The kind of value a binding gives, which decides the field types it may fill. */
type Kind = 'text' | 'email' | 'phone' | 'number' | 'address' | 'company-id';

const fillable: Record<Kind, readonly FieldType[]> = {
  text: ['text', 'textarea'],
  email: ['email', 'text'],
  phone: ['phone', 'text'],
  number: ['number'],
  address: ['address'],
  'company-id': ['company-id', 'text'],
};

const nonEmpty = (value: string | null | undefined) => (value?.trim() ? value : undefined);
const numberOf = (value: string | undefined) =>
  value !== undefined && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;

type Binding = { kind: Kind; read: (sources: PrefillSources) => unknown };

const bindings: Record<string, Binding> = {
  'sheet.spaceName': { kind: 'text', read: (s) => nonEmpty(s.sheet?.spaceName) },
  'sheet.companyName': { kind: 'text', read: (s) => nonEmpty(s.sheet?.companyName) },
  'sheet.notificationEmail': { kind: 'email', read: (s) => nonEmpty(s.sheet?.notificationEmail) },
  'sheet.officePhone': { kind: 'phone', read: (s) => nonEmpty(s.sheet?.officePhone) },
  'sheet.mobilePhone': { kind: 'phone', read: (s) => nonEmpty(s.sheet?.mobilePhone) },
  'sheet.function': { kind: 'text', read: (s) => nonEmpty(s.sheet?.function) },
  'person.surname': { kind: 'text', read: (s) => s.person?.surname },
  'person.firstName': { kind: 'text', read: (s) => s.person?.firstName },
  'person.fullName': {
    kind: 'text',
    read: (s) => (s.person ? `${s.person.firstName} ${s.person.surname}` : undefined),
  },
  'person.email': { kind: 'email', read: (s) => s.person?.email },
  'certified.name': { kind: 'text', read: (s) => s.certified?.name },
  'certified.identifier': { kind: 'company-id', read: (s) => s.certified?.value },
  'certified.address': { kind: 'address', read: (s) => s.certified && { ...s.certified.address } },
  'certified.legalForm': { kind: 'text', read: (s) => s.certified?.attributes.legal_form },
  'certified.employees': { kind: 'number', read: (s) => numberOf(s.certified?.attributes.employees) },
  'certified.sector': { kind: 'text', read: (s) => s.certified?.attributes.sector },
  'certified.structureType': { kind: 'text', read: (s) => s.certified?.attributes.structure_type },
  'certified.capacity': { kind: 'number', read: (s) => numberOf(s.certified?.attributes.capacity) },
};

/** Every binding a definition may name, for checks and docs. */
export const prefillBindings: readonly string[] = Object.keys(bindings);

/**
 * Why a field of `type` may not be prefilled from `binding`, or undefined when it may.
 * (A problem in words, for checkDefinition.)
 */
export function prefillProblem(binding: string, type: FieldType): string | undefined {
  const known = bindings[binding];
  if (!known) return `unknown prefill binding "${binding}" (known: ${prefillBindings.join(', ')})`;
  if (!fillable[known.kind].includes(type)) {
    return `"${binding}" gives a value of kind ${known.kind}, which cannot fill a ${type} field (it fills: ${fillable[known.kind].join(', ')})`;
  }
  return undefined;
}

/** The value a binding gives for these sources, or undefined when the source has none. */
export const prefillValue = (binding: string, sources: PrefillSources): unknown =>
  bindings[binding]?.read(sources);
