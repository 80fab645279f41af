import type { Config } from '../../../platform/config.ts';
import { isLang, type Lang, translator } from '../../../platform/i18n/index.ts';
import { type Letter, renderLetters } from '../letters.ts';
import type { EntityRow } from '../store.ts';
import { identifierOf } from '../views/common.tsx';
import type { IssuedCode } from './codes.ts';

/** The letters the back office prints: access codes to mail by post. */

const addressLines = (entity: EntityRow) => [
  entity.address.street,
  `${entity.address.postcode} ${entity.address.city}`,
  ...(entity.address.country && entity.address.country !== 'Luxembourg'
    ? [entity.address.country.toUpperCase()]
    : []),
];

/** The letters of issued codes, in each company's language, one page each. */
export async function codeLetters(
  config: Pick<Config, 'baseUrl'>,
  issued: IssuedCode[],
): Promise<Uint8Array> {
  const letters: Letter[] = issued.map(({ row, code, scope, entity }) => {
    const lang: Lang = isLang(entity.lang) ? entity.lang : 'fr';
    return {
      lang,
      administration: {
        name: scope.administration.names[lang],
        addressLines: scope.administration.addressLines,
        contactLines: scope.administration.contactLines,
      },
      recipient: { name: entity.name, addressLines: addressLines(entity) },
      kind: row.kind,
      scope: { code: scope.scope.code, name: scope.scope.names[lang] },
      entity: { name: entity.name, identifier: identifierOf(translator(lang), entity.scheme, entity.value) },
      code,
      reference: row.reference,
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
      portalUrl: config.baseUrl,
    };
  });
  return renderLetters(letters);
}
