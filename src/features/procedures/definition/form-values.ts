import type { Lang } from '../../../platform/i18n/index.ts';
import { normaliseCompanyId, normaliseIban, normalisePhone } from './formats.ts';
import type { Answers, FileAnswer, GroupField, ItemField, Step } from './types.ts';

/**
 * A step's page and its answers, both ways. A page posts strings under the names of its inputs;
 * `answersOf` reads them into typed answers for `saveStep` (amounts in cents, yes/no as booleans,
 * an IBAN in electronic form…), and `formOf` writes answers back as the strings the inputs show.
 * What cannot be read (a number that is not one, a date that is no date) stays the string typed:
 * the one validator then says what is wrong with it, in the person's language. Nothing here
 * throws on what a browser, or anyone else, posts: arrays where one value is expected, unknown
 * names, other types, huge counts.
 *
 * The inputs' names (also the ids the error summary links to, as the validator's paths are):
 * a field `id`; an address's parts `id.street`, `id.postcode`, `id.city`, `id.country`; a file
 * already attached `id.file` (its answer as JSON, which `saveStep` rebuilds from the stored file)
 * and `id.remove`; a group's number of items `group.items`, and its items' fields `group.0.id`.
 */

/** The values of a page's inputs, by name: one string, or several (checkboxes). */
export type FormValues = Record<string, string | string[]>;

export const addressParts = ['street', 'postcode', 'city', 'country'] as const;
/** The most items a group shows when a definition sets no limit (the validator's own default). */
export const GROUP_MAX = 100;

/** The strings posted under a name: a list keeps its strings, anything else is nothing. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The one string posted under a name (the first, when a form sent several). */
const first = (form: Readonly<Record<string, unknown>>, name: string): string =>
  Object.hasOwn(form, name) ? (strings(form[name])[0] ?? '') : '';

/** Spaces people put in numbers: ordinary, no-break, narrow no-break, thin; and apostrophes. */
const GROUPING = /[\s\u00a0\u202f\u2009'’]/g;

/** "12", "-3,5", "1 250.75" → a number; anything else undefined. */
function numberOf(typed: string): number | undefined {
  const text = typed.replace(GROUPING, '');
  if (!/^[+-]?\d+([.,]\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Euros as typed in fr/de ("125,50", "1.250,50") or en ("125.50", "1,250.50") → integer cents,
 * or undefined when it is not an amount with at most two decimals. The last separator followed
 * by one or two digits is the decimal one; a separator followed by three digits groups thousands.
 */
export function centsOf(typed: string): number | undefined {
  const text = typed.replace(GROUPING, '').replace(/^€|€$/, '');
  const decimal = /^(.*?)([.,])(\d{1,2})$/.exec(text);
  const whole = decimal ? decimal[1]! : text;
  const grouped = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.exec(whole);
  if (!/^\d+$/.test(whole) && !grouped) return undefined;
  // "1.250.50" is no amount: the decimal separator cannot also group thousands.
  if (grouped && grouped[1] === decimal?.[2]) return undefined;
  const cents = Number(whole.replace(/[.,]/g, '')) * 100 + Number((decimal?.[3] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Integer cents as the amount's input shows them: 12550 → "125,50" (fr, de) or "125.50" (en). */
export function euros(cents: number, lang: Lang): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)}${lang === 'en' ? '.' : ','}${String(abs % 100).padStart(2, '0')}`;
  return `${sign}${text}`;
}

/** "2026-03-27", or "27/03/2026" and "27.03.2026" as typed where no date picker shows → "2026-03-27". */
function dayOf(typed: string): string {
  const text = typed.trim();
  const local = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  return local ? `${local[3]}-${local[2]!.padStart(2, '0')}-${local[1]!.padStart(2, '0')}` : text;
}

/** A file answer posted back by the page (the stored file it names decides the rest). */
function fileOf(text: string): FileAnswer | undefined {
  if (!text || text.length > 2000) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { fileId, name, size, type } = value as Record<string, unknown>;
    if (typeof fileId !== 'string') return undefined;
    return {
      fileId,
      name: typeof name === 'string' ? name : '',
      size: typeof size === 'number' ? size : 0,
      type: typeof type === 'string' ? type : '',
    };
  } catch {
    return undefined;
  }
}

/** The answer of one field, read from the inputs named after `name`; undefined when not answered. */
function answerOf(field: ItemField, form: Readonly<Record<string, unknown>>, name: string): unknown {
  const typed = first(form, name);
  const text = typed.trim();
  switch (field.type) {
    case 'text':
    case 'email':
      return text || undefined;
    case 'textarea': {
      const lines = typed.replace(/\r\n?/g, '\n').trim();
      return lines || undefined;
    }
    case 'number':
      return text ? (numberOf(text) ?? text) : undefined;
    case 'amount':
      return text ? (centsOf(text) ?? text) : undefined;
    case 'date':
      return text ? dayOf(text) : undefined;
    case 'choice':
      return text || undefined;
    case 'choices': {
      const chosen = [...new Set(strings(form[name]).filter((value) => value !== ''))];
      return chosen.length > 0 ? chosen : undefined;
    }
    case 'yesno':
      return text === 'yes' ? true : text === 'no' ? false : text || undefined;
    case 'phone':
      return text ? normalisePhone(text) : undefined;
    case 'iban':
      return text ? normaliseIban(text) : undefined;
    case 'company-id':
      return text ? normaliseCompanyId(text) : undefined;
    case 'address': {
      const parts = addressParts
        .map((part) => [part, first(form, `${name}.${part}`).trim()] as const)
        .filter(([, value]) => value !== '');
      // A part left empty is missing: the validator names that part.
      return parts.length > 0 ? Object.fromEntries(parts) : undefined;
    }
    case 'file':
      if (first(form, `${name}.remove`) === 'yes') return undefined;
      return fileOf(first(form, `${name}.file`));
  }
}

/** How many items a group's page holds (its `items` input), within what the group may have. */
export function itemCount(group: GroupField, form: Readonly<Record<string, unknown>>): number {
  const count = Number(first(form, `${group.id}.items`));
  const most = group.maxItems ?? GROUP_MAX;
  return Number.isFinite(count) && count > 0 ? Math.min(Math.trunc(count), most) : 0;
}

/**
 * The step's answers as the page posted them, for `saveStep`: only the step's own fields (other
 * names are ignored); in a group, the items in order, an item left wholly empty dropped unless
 * `keepEmptyItems` (the page shown again keeps the items the person added).
 */
export function answersOf(
  step: Step,
  form: Readonly<Record<string, unknown>>,
  options: { keepEmptyItems?: boolean } = {},
): Answers {
  const answers: Answers = {};
  for (const field of step.fields) {
    if (field.type !== 'group') {
      const value = answerOf(field, form, field.id);
      if (value !== undefined) answers[field.id] = value;
      continue;
    }
    const items: Answers[] = [];
    for (let index = 0; index < itemCount(field, form); index++) {
      const item: Answers = {};
      for (const inner of field.fields) {
        const value = answerOf(inner, form, `${field.id}.${index}.${inner.id}`);
        if (value !== undefined) item[inner.id] = value;
      }
      if (options.keepEmptyItems || Object.keys(item).length > 0) items.push(item);
    }
    if (items.length > 0) answers[field.id] = items;
  }
  return answers;
}

/** The inputs of one field showing its answer, under `name`. */
function inputsOf(field: ItemField, value: unknown, name: string, lang: Lang): FormValues {
  if (value === undefined || value === null) return {};
  switch (field.type) {
    case 'amount':
      return { [name]: typeof value === 'number' ? euros(value, lang) : String(value) };
    case 'yesno':
      return { [name]: value === true ? 'yes' : value === false ? 'no' : String(value) };
    case 'choices':
      return { [name]: Array.isArray(value) ? value.map(String) : [String(value)] };
    case 'address': {
      const parts = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
      return Object.fromEntries(
        addressParts.filter((p) => parts[p] !== undefined).map((p) => [`${name}.${p}`, String(parts[p])]),
      );
    }
    case 'file':
      return { [`${name}.file`]: JSON.stringify(value) };
    default:
      return { [name]: typeof value === 'object' ? JSON.stringify(value) : String(value) };
  }
}

/** The step's inputs showing `answers` (a group shows at least one item, empty, to start with). */
export function formOf(step: Step, answers: Answers, lang: Lang): FormValues {
  const form: FormValues = {};
  for (const field of step.fields) {
    if (field.type !== 'group') {
      Object.assign(form, inputsOf(field, answers[field.id], field.id, lang));
      continue;
    }
    const items = Array.isArray(answers[field.id]) ? (answers[field.id] as unknown[]) : [];
    items.forEach((item, index) => {
      const values = (typeof item === 'object' && item !== null ? item : {}) as Answers;
      for (const inner of field.fields)
        Object.assign(form, inputsOf(inner, values[inner.id], `${field.id}.${index}.${inner.id}`, lang));
    });
    form[`${field.id}.items`] = String(Math.max(1, items.length));
  }
  return form;
}

/** The page's own inputs among what was posted (the strings only; other names dropped). */
export function formValuesOf(step: Step, posted: unknown): FormValues {
  const body = (typeof posted === 'object' && posted !== null ? posted : {}) as Record<string, unknown>;
  const ids = new Set(step.fields.map((field) => field.id));
  const form: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (!ids.has(name.split('.')[0]!)) continue;
    const texts = strings(value);
    if (texts.length === 0) continue;
    form[name] = Array.isArray(value) ? texts : texts[0]!;
  }
  return form;
}

/**
 * The page without the groups' items left wholly empty (an empty item is no item), so that the
 * validator's item numbers (`candidates.1.surname`) are the page's.
 */
export function withoutEmptyItems(step: Step, form: FormValues): FormValues {
  let result = form;
  for (const group of step.fields) {
    if (group.type !== 'group') continue;
    for (let index = itemCount(group, result) - 1; index >= 0; index--) {
      const empty = group.fields.every(
        (inner) => answerOf(inner, result, `${group.id}.${index}.${inner.id}`) === undefined,
      );
      if (empty) result = withItemRemoved(group, result, index);
    }
  }
  return result;
}

/** The page with one more (empty) item in the group, when it may hold one more. */
export function withItemAdded(group: GroupField, form: FormValues): FormValues {
  const count = itemCount(group, form);
  return { ...form, [`${group.id}.items`]: String(Math.min(count + 1, group.maxItems ?? GROUP_MAX)) };
}

/** The page without the group's item `index`: the items after it move up one place. */
export function withItemRemoved(group: GroupField, form: FormValues, index: number): FormValues {
  const count = itemCount(group, form);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) return form;
  const prefix = `${group.id}.`;
  const result: FormValues = {};
  for (const [name, value] of Object.entries(form)) {
    const match = name.startsWith(prefix) ? /^(\d+)\.(.+)$/.exec(name.slice(prefix.length)) : null;
    if (!match) {
      result[name] = value;
      continue;
    }
    const at = Number(match[1]);
    if (at === index) continue;
    result[at > index ? `${prefix}${at - 1}.${match[2]}` : name] = value;
  }
  result[`${group.id}.items`] = String(count - 1);
  return result;
}
