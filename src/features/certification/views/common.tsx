import { formatDate } from '../../../platform/i18n/dates.ts';
import type { Lang, T } from '../../../platform/i18n/index.ts';
import { nameIn } from '../rules.ts';
import type { ScopeWithAdministration } from '../service/context.ts';

/** A legal entity's identifier as people read it: "RCS B100001", "ID Structure S10001". */
export const identifierOf = (t: T, scheme: string, value: string) =>
  `${t(`certification.scheme.${scheme}`, { defaultValue: scheme.toUpperCase() })} ${value}`;

/** "Inspection du travail et des mines - ITM_ELECTIONS", as the seeds title a scope. */
export const scopeTitle = (lang: Lang, entry: ScopeWithAdministration) =>
  `${nameIn(entry.administration.names, lang)} - ${nameIn(entry.scope.names, lang)}`;

export function When({ lang, at, style = 'date' }: { lang: Lang; at: Date; style?: 'date' | 'dateTime' }) {
  return <time dateTime={at.toISOString()}>{formatDate(lang, at, style)}</time>;
}

/** The id of a scope's block in the Certifications tab, for links and error summaries. */
export const blockId = (scopeCode: string) => `scope-${scopeCode}`;
