import { type Lang, translator } from '../../../platform/i18n/index.ts';
import type { AddressAnswer, Answers, Definition, Field, FileAnswer, ItemField } from './types.ts';

/**
 * Answers as people read them, in a language: the label of each answered field and its value in
 * words (an option's label, an amount in euros, a date as written in Luxembourg). What a slip
 * prints and a detail page shows; it reads answers already stripped of hidden fields.
 */

export type AnswerLine = { step: string; label: string; value: string };

const locales: Record<Lang, string> = { fr: 'fr-LU', en: 'en-GB', de: 'de-LU' };

/** An amount of integer cents in euros, as written in `lang` ("125,50 €", "€125.50"). */
export const amountIn = (lang: Lang, cents: number): string =>
  new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100);

function dayOf(lang: Lang, day: string): string {
  const [year, month, date] = day.split('-');
  return lang === 'de' ? `${date}.${month}.${year}` : `${date}/${month}/${year}`;
}

/** One answer in words, in `lang` (a certified value shown read-only on its step, a line of a slip). */
export function inWords(field: ItemField, value: unknown, lang: Lang): string {
  const t = translator(lang);
  switch (field.type) {
    case 'number':
      return new Intl.NumberFormat(locales[lang]).format(value as number);
    case 'amount':
      return amountIn(lang, value as number);
    case 'date':
      return dayOf(lang, value as string);
    case 'choice':
      return field.options.find((o) => o.value === value)?.label[lang] ?? String(value);
    case 'choices':
      return (value as string[])
        .map((v) => field.options.find((o) => o.value === v)?.label[lang] ?? v)
        .join(', ');
    case 'yesno':
      return t(value ? 'procedures.answer.yes' : 'procedures.answer.no');
    case 'address': {
      const a = value as AddressAnswer;
      return `${a.street}, ${a.postcode} ${a.city}, ${a.country}`;
    }
    case 'file': {
      const f = value as FileAnswer;
      return `${f.name} (${new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 0 }).format(Math.ceil(f.size / 1024))} KB)`;
    }
    default:
      return String(value);
  }
}

function linesOf(field: Field, value: unknown, lang: Lang, step: string): AnswerLine[] {
  if (field.type !== 'group') return [{ step, label: field.label[lang], value: inWords(field, value, lang) }];
  const items = Array.isArray(value) ? (value as Answers[]) : [];
  const itemLabel = field.itemLabel?.[lang] ?? field.label[lang];
  return items.flatMap((item, index) =>
    field.fields
      .filter((inner) => item[inner.id] !== undefined)
      .map((inner) => ({
        step,
        label: `${itemLabel} ${index + 1} – ${inner.label[lang]}`,
        value: inWords(inner, item[inner.id], lang),
      })),
  );
}

/** Every answered field, in reading order, each with the title of its step. */
export function answerLines(definition: Definition, answers: Answers, lang: Lang): AnswerLine[] {
  return definition.steps.flatMap((step) =>
    step.fields
      .filter((field) => answers[field.id] !== undefined)
      .flatMap((field) => linesOf(field, answers[field.id], lang, step.title[lang])),
  );
}

export type FileLine = { label: string; file: FileAnswer };

/** The files among the answers (a group's item by item), each under its field's label: what a page offers to download. */
export function fileLines(definition: Definition, answers: Answers, lang: Lang): FileLine[] {
  const isFile = (value: unknown): value is FileAnswer =>
    typeof value === 'object' && value !== null && typeof (value as FileAnswer).fileId === 'string';
  return definition.steps.flatMap((step) =>
    step.fields.flatMap((field): FileLine[] => {
      const value = answers[field.id];
      if (field.type === 'file') return isFile(value) ? [{ label: field.label[lang], file: value }] : [];
      if (field.type !== 'group' || !Array.isArray(value)) return [];
      const itemLabel = field.itemLabel?.[lang] ?? field.label[lang];
      return (value as Answers[]).flatMap((item, index) =>
        field.fields
          .filter((inner) => inner.type === 'file' && isFile(item[inner.id]))
          .map((inner) => ({
            label: `${itemLabel} ${index + 1} – ${inner.label[lang]}`,
            file: item[inner.id] as FileAnswer,
          })),
      );
    }),
  );
}
