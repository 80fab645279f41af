import type { RulesLogic } from 'json-logic-js';

/**
 * A procedure definition as described by `definition.schema.json` (docs/procedures.md). These
 * types mirror the schema by hand: `checkDefinition` is the only way to obtain a `Definition`,
 * so code that holds one may trust its shape.
 */

/** A text in each language of the portal. */
export type Texts = { fr: string; en: string; de: string };

/** A JSON Logic rule (jsonlogic.com), as json-logic-js evaluates it. */
export type Logic = RulesLogic;

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'amount',
  'date',
  'choice',
  'choices',
  'yesno',
  'email',
  'phone',
  'address',
  'iban',
  'company-id',
  'file',
  'group',
] as const;
export type FieldType = (typeof fieldTypes)[number];

/** Catalogue themes: one fixed list so that the catalogue groups every administration's procedures alike. */
export const themes = [
  'social-elections',
  'education',
  'employment',
  'taxation',
  'environment',
  'agriculture',
  'food-safety',
  'leisure',
  'family',
  'housing',
  'mobility',
  'health',
] as const;
export type Theme = (typeof themes)[number];

export const audiences = ['private', 'business', 'both'] as const;
export type Audience = (typeof audiences)[number];

export const signaturePolicies = ['none', 'one', 'two', 'second-in-other-space'] as const;
export type SignaturePolicy = (typeof signaturePolicies)[number];

/** The identifier schemes a company-id field may accept. */
export const companyIdSchemes = ['rcs', 'national', 'structure'] as const;
export type CompanyIdScheme = (typeof companyIdSchemes)[number];

export type Option = { value: string; label: Texts };

type FieldBase = {
  id: string;
  label: Texts;
  hint?: Texts;
  required?: boolean;
  when?: Logic;
  prefill?: string;
  certified?: boolean;
};

export type TextField = FieldBase & {
  type: 'text';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};
export type TextareaField = FieldBase & { type: 'textarea'; minLength?: number; maxLength?: number };
export type NumberField = FieldBase & { type: 'number'; integer?: boolean; min?: number; max?: number };
/** Integer cents in the answers; typed in euros in the form. */
export type AmountField = FieldBase & { type: 'amount'; min?: number; max?: number };
/** YYYY-MM-DD bounds. */
export type DateField = FieldBase & { type: 'date'; min?: string; max?: string };
export type ChoiceField = FieldBase & { type: 'choice'; options: Option[] };
export type ChoicesField = FieldBase & {
  type: 'choices';
  options: Option[];
  minItems?: number;
  maxItems?: number;
};
export type CompanyIdField = FieldBase & { type: 'company-id'; schemes?: CompanyIdScheme[] };
export type FileField = FieldBase & { type: 'file'; accept: string[]; maxBytes: number };
export type PlainField = FieldBase & { type: 'yesno' | 'email' | 'phone' | 'address' | 'iban' };
export type GroupField = FieldBase & {
  type: 'group';
  fields: ItemField[];
  minItems?: number;
  maxItems?: number;
  itemLabel?: Texts;
};

/** A field that may stand inside a group (groups do not nest). */
export type ItemField =
  | TextField
  | TextareaField
  | NumberField
  | AmountField
  | DateField
  | ChoiceField
  | ChoicesField
  | CompanyIdField
  | FileField
  | PlainField;
export type Field = ItemField | GroupField;

export type Step = { id: string; title: Texts; intro?: Texts; when?: Logic; fields: Field[] };

export type Fee = { cents: number } | { logic: Logic };

export type Definition = {
  code: string;
  version: number;
  administration: string;
  theme: Theme;
  title: Texts;
  description: Texts;
  keywords: { fr: string[]; en: string[]; de: string[] };
  audience: Audience;
  certificationScope?: string;
  signature: { policy: SignaturePolicy };
  fee: Fee;
  processingDays: number;
  steps: Step[];
  answersSchema?: Record<string, unknown>;
};

/** The answers of a procedure: one JSON object keyed by field id (docs/procedures.md, "Answers"). */
export type Answers = Record<string, unknown>;
export type FileAnswer = { fileId: string; name: string; size: number; type: string };
export type AddressAnswer = { street: string; postcode: string; city: string; country: string };

declare module '../../../db/schema/procedures.ts' {
  /** The definitions table stores definitions of this shape. */
  interface StoredDefinition extends Definition {}
}
