import { type Lang, translator } from '../../../platform/i18n/index.ts';
import type { AddressAnswer, Answers, Definition, Field, FileAnswer, ItemField } from './types.ts';

/**
 * Answers as people read them, in a language: the label of each answered field and its value in
 * words (an option's label, an amount in euros, a date as written in Luxembourg). What a slip
 * prints and a detail page shows; it reads answers already stripped of hidden fields.
 */

export type AnswerLine = { step: string; label: string; value: string };

const locales: Record<Lang, string> = { fr: 'fr-LU', en: 'en-GB', de: 'de-LU' };

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
      return new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR' }).format(
        (value as number) / 100,
      );
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
