import type { ErrorObject } from 'ajv';
import { formatDate } from '../../../platform/i18n/dates.ts';
import { type Lang, languages, translator } from '../../../platform/i18n/index.ts';
import type { Location } from './fields.ts';
import { companyIdExamples } from './formats.ts';
import { type CompanyIdScheme, companyIdSchemes, type Field, type Texts } from './types.ts';

/**
 * Answers' errors in the portal's own words. Ajv's messages are English and speak of schemas
 * ("must NOT have fewer than 1 characters"); a person filling a form reads, in their language,
 * what to do about their answer. Each message is a key of `procedures.answers.*`.
 */

export type FieldError = {
  /** The message's key under procedures.answers (required, tooLong, iban…). */
  code: string;
  message: Texts;
};

type Limit =
  | { number: number }
  | { cents: number }
  | { date: string }
  | { bytes: number }
  | { words: string };
type Problem = { code: string; limit?: Limit };

const localeOf = (lang: Lang) => (lang === 'en' ? 'en-GB' : lang === 'de' ? 'de-LU' : 'fr-LU');

function show(limit: Limit, lang: Lang): string {
  const locale = localeOf(lang);
  if ('number' in limit) return new Intl.NumberFormat(locale).format(limit.number);
  if ('cents' in limit) {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(limit.cents / 100);
  }
  // Midday UTC is the same calendar day in Luxembourg, summer or winter.
  if ('date' in limit) return formatDate(lang, new Date(`${limit.date}T12:00:00Z`));
  if ('bytes' in limit) {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(limit.bytes / 1024 / 1024);
  }
  return limit.words;
}

function render({ code, limit }: Problem): FieldError {
  const message = Object.fromEntries(
    languages.map((lang) => [
      lang,
      translator(lang)(`procedures.answers.${code}`, limit ? { limit: show(limit, lang) } : {}),
    ]),
  ) as Texts;
  return { code, message };
}

const dateLimits = new Set([
  'formatMinimum',
  'formatMaximum',
  'formatExclusiveMinimum',
  'formatExclusiveMaximum',
]);
const numberLimits = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
const isDay = (value: unknown) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  new Date(`${value}T12:00:00Z`).toISOString().startsWith(value);

/**
 * Whether an error's limit can be shown. A limit taken from another answer (`$data`, as in "no
 * more votes than voters") is that answer as given, which may itself be wrong: that answer has
 * its own error, and this one would only say "at most NaN".
 */
export function hasSoundLimit(error: ErrorObject): boolean {
  const { limit } = error.params as { limit?: unknown };
  if (dateLimits.has(error.keyword)) return isDay(limit);
  if (numberLimits.has(error.keyword)) return typeof limit === 'number' && Number.isFinite(limit);
  return true;
}

/** The error of an answer that breaks a constraint of the file's own `answersSchema` as a whole. */
export const conditionsError = (): FieldError => render({ code: 'conditions' });

// Media types as people know them; others by their subtype.
const typeNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
};
/** A media type as people know it: "PDF", "JPEG"… */
export const typeName = (type: string) => typeNames[type] ?? type.split('/')[1]!.toUpperCase();

function whenMissing(field: Field): Problem {
  switch (field.type) {
    case 'choice':
    case 'choices':
    case 'yesno':
      return { code: 'requiredChoice' };
    case 'file':
      return { code: 'requiredFile' };
    case 'group':
      return { code: 'groupTooFew', limit: { number: Math.max(1, field.minItems ?? 1) } };
    default:
      return { code: 'required' };
  }
}

const formatCodes: Record<string, string> = {
  date: 'date',
  email: 'email',
  phone: 'phone',
  iban: 'iban',
  uuid: 'fileInvalid',
};

function problemOf({ entry: { field }, part }: Location, error: ErrorObject): Problem {
  const params = error.params as { limit?: number | string; format?: string };
  const limit = params.limit;
  // A file's answer is made by the portal, not typed: only its size and type are the person's doing.
  if (field.type === 'file' && part) {
    if (part === 'size' && error.keyword === 'maximum')
      return { code: 'fileTooLarge', limit: { bytes: field.maxBytes } };
    if (part === 'type' && error.keyword === 'enum') {
      return { code: 'fileType', limit: { words: field.accept.map(typeName).join(', ') } };
    }
    return { code: 'fileInvalid' };
  }
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return part ? { code: 'required' } : whenMissing(field);
    case 'type':
      if (field.type === 'number') return { code: field.integer ? 'wholeNumber' : 'number' };
      return { code: field.type === 'amount' ? 'amount' : 'invalid' };
    case 'minLength':
      return Number(limit) <= 1
        ? { code: 'required' }
        : { code: 'tooShort', limit: { number: Number(limit) } };
    case 'maxLength':
      return formatCodes[field.type] ? { code: formatCodes[field.type]! } : overLength(field, Number(limit));
    case 'pattern':
      return { code: 'pattern' };
    case 'minimum':
    case 'maximum':
      return bound(field, error.keyword, Number(limit));
    case 'format':
      return { code: formatCodes[params.format ?? ''] ?? 'invalid' };
    case 'formatMinimum':
      return { code: 'dateTooEarly', limit: { date: String(limit) } };
    case 'formatMaximum':
      return { code: 'dateTooLate', limit: { date: String(limit) } };
    case 'formatExclusiveMinimum':
      return { code: 'dateNotAfter', limit: { date: String(limit) } };
    case 'formatExclusiveMaximum':
      return { code: 'dateNotBefore', limit: { date: String(limit) } };
    case 'companyId':
      return { code: 'companyId', limit: { words: examplesOf(field) } };
    case 'enum':
    case 'uniqueItems':
      return { code: field.type === 'choice' || field.type === 'choices' ? 'choice' : 'invalid' };
    case 'minItems':
    case 'maxItems':
      return items(field, error.keyword, Number(limit));
    default:
      return { code: 'invalid' };
  }
}

const overLength = (field: Field, limit: number): Problem =>
  field.type === 'company-id'
    ? { code: 'companyId', limit: { words: examplesOf(field) } }
    : { code: 'tooLong', limit: { number: limit } };

function bound(field: Field, keyword: 'minimum' | 'maximum', limit: number): Problem {
  const low = keyword === 'minimum';
  if (field.type === 'amount')
    return { code: low ? 'amountTooSmall' : 'amountTooLarge', limit: { cents: limit } };
  return { code: low ? 'numberTooSmall' : 'numberTooLarge', limit: { number: limit } };
}

function items(field: Field, keyword: 'minItems' | 'maxItems', limit: number): Problem {
  const low = keyword === 'minItems';
  if (field.type === 'group') return { code: low ? 'groupTooFew' : 'groupTooMany', limit: { number: limit } };
  return { code: low ? 'choicesTooFew' : 'choicesTooMany', limit: { number: limit } };
}

function examplesOf(field: Field): string {
  const schemes: readonly CompanyIdScheme[] =
    (field.type === 'company-id' && field.schemes) || companyIdSchemes;
  return schemes.map((scheme) => companyIdExamples[scheme]).join(' / ');
}

/** The error to show for an ajv error on a field, in fr, en and de. */
export const fieldError = (location: Location, error: ErrorObject): FieldError =>
  render(problemOf(location, error));
