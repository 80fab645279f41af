import { formatDate } from '../../platform/i18n/dates.ts';
import { translator } from '../../platform/i18n/index.ts';
import { drawAddressWindow, LETTER_BODY_TOP } from '../../platform/pdf/address-window.ts';
import { createPdf } from '../../platform/pdf/document.ts';
import type { Fonts } from '../../platform/pdf/fonts.ts';
import { drawFooter, FOOTER_TOP } from '../../platform/pdf/footer.ts';
import { drawFoldMarks, drawLetterhead, type Sender } from '../../platform/pdf/letterhead.ts';
import { A4, MARGIN, MM, MUTED, type Sheet } from '../../platform/pdf/sheet.ts';
import { formatAccessCode } from './rules.ts';

/** A postal letter that carries one access code to a company. */
export type Letter = {
  lang: 'fr' | 'en' | 'de';
  /** Letterhead: the administration's name in `lang` and its postal address / contact lines. */
  administration: Sender;
  /** The addressee, placed for a window envelope: company name, then postal address lines. */
  recipient: { name: string; addressLines: string[] };
  kind: 'holder' | 'agent';
  /** The certification scope: its code (e.g. ITM_ELECTIONS) and its name in `lang`. */
  scope: { code: string; name: string };
  /** The legal entity the code gives access to: name and identifier as shown (e.g. "RCS B123456"). */
  entity: { name: string; identifier: string };
  /** The access code, 16 characters; printed in 4 groups of 4 separated by hyphens, in a monospace font, large. */
  code: string;
  /** The code's public reference (e.g. "ITM-K7Q2M9"), printed so that a company can quote it when it calls. */
  reference: string;
  /** Letter date. */
  issuedAt: Date;
  /** Until when the code can be used, if it expires. */
  expiresAt?: Date | null | undefined;
  /** The portal's address (BASE_URL), e.g. https://comptoir.example.lu */
  portalUrl: string;
};

// Body text sizes to try, largest first: long names in the longest language must still fit.
const BODY_SIZES = [10.5, 10, 9.5, 9];

const subjectOf = (letter: Letter) =>
  translator(letter.lang)(`certification.office.letter.subject.${letter.kind}`, { scope: letter.scope.name });

/** Letterhead, fold marks, return address, addressee and date: everything above the body. */
function drawHead(sheet: Sheet, fonts: Fonts, letter: Letter) {
  const { administration } = letter;
  drawLetterhead(sheet, fonts, administration);
  drawFoldMarks(sheet);
  const first = drawAddressWindow(sheet, fonts, {
    returnAddress: [administration.name, ...administration.addressLines].join(' · '),
    addressee: [letter.recipient.name, ...letter.recipient.addressLines],
  });
  const date = formatDate(letter.lang, letter.issuedAt);
  sheet.line(
    translator(letter.lang)('certification.office.letter.place', { date }),
    A4.width - MARGIN,
    first,
    { font: fonts.regular, size: 10 },
    'right',
  );
}

/** Subject, code and instructions, in body text of `size`; `sheet.y` tells where it ended. */
function drawBody(sheet: Sheet, fonts: Fonts, letter: Letter, size: number) {
  const t = translator(letter.lang);
  const { kind, reference, portalUrl: portal } = letter;
  const names = {
    entity: letter.entity.name,
    scope: letter.scope.name,
    scopeCode: letter.scope.code,
    portal,
  };
  const body = { font: fonts.regular, size };
  const leading = size * 1.4;
  const gap = size * 0.75;

  sheet.y = LETTER_BODY_TOP;
  sheet.paragraph(subjectOf(letter), { font: fonts.bold, size: size + 1.5 }, leading + 2);
  sheet.paragraph(
    t('certification.office.letter.reference', { reference }),
    { ...body, color: MUTED },
    leading,
  );
  sheet.y += 2 * gap;
  sheet.paragraph(t('certification.office.letter.salutation'), body, leading);
  sheet.y += gap;
  sheet.paragraph(
    t(`certification.office.letter.intro.${kind}`, { ...names, identifier: letter.entity.identifier }),
    body,
    leading,
  );

  const boxTop = sheet.y - size + gap;
  const boxHeight = 19 * MM;
  sheet.box(boxTop, boxHeight);
  const centre = A4.width / 2;
  sheet.line(
    t(`certification.office.letter.codeLabel.${kind}`),
    centre,
    boxTop + 6 * MM,
    { ...body, size: 8.5, color: MUTED },
    'center',
  );
  sheet.line(
    formatAccessCode(letter.code),
    centre,
    boxTop + 14 * MM,
    { font: fonts.mono, size: 20 },
    'center',
  );
  sheet.y = boxTop + boxHeight + gap + size;

  sheet.paragraph(t(`certification.office.letter.stepsTitle.${kind}`), { font: fonts.bold, size }, leading);
  sheet.y += gap / 2;
  const steps =
    kind === 'holder'
      ? ['logOn', 'space', 'profile', 'confirm']
      : ['handOver', 'logOn', 'profile', 'confirm'];
  steps.forEach((step, index) => {
    sheet.line(`${index + 1}.`, MARGIN + 4 * MM, sheet.y, body, 'right');
    sheet.paragraph(
      t(`certification.office.letter.steps.${kind}.${step}`, names),
      body,
      leading,
      MARGIN + 6 * MM,
    );
    sheet.y += gap / 2;
  });

  sheet.y += gap;
  const notes = [
    t('certification.office.letter.once'),
    t(`certification.office.letter.confidential.${kind}`),
    ...(letter.expiresAt
      ? [t('certification.office.letter.validUntil', { date: formatDate(letter.lang, letter.expiresAt) })]
      : []),
    t(`certification.office.letter.allUsers.${kind}`, names),
  ];
  sheet.paragraph(notes.join(' '), body, leading);
  sheet.y += gap;
  sheet.paragraph(t('certification.office.letter.questions', { reference }), body, leading);
  sheet.y += 2 * gap;
  sheet.paragraph(t('certification.office.letter.closing'), body, leading);
  sheet.y += gap;
  sheet.paragraph(letter.administration.name, { font: fonts.bold, size }, leading);
}

/** One A4 page per letter, in the order given, as one PDF document. */
export async function renderLetters(letters: Letter[]): Promise<Uint8Array> {
  const [first] = letters;
  if (!first) throw new RangeError('renderLetters needs at least one letter');
  // A batch comes from one administration for one scope: its first letter names the document.
  const doc = await createPdf({
    title: subjectOf(first),
    author: first.administration.name,
    lang: first.lang,
    createdAt: first.issuedAt,
  });
  const { fonts } = doc;
  for (const letter of letters) {
    const size =
      BODY_SIZES.find((candidate) => {
        const probe = doc.measure();
        drawBody(probe, fonts, letter, candidate);
        return probe.y <= FOOTER_TOP;
      }) ?? BODY_SIZES.at(-1)!;
    const sheet = doc.addPage();
    drawHead(sheet, fonts, letter);
    drawBody(sheet, fonts, letter, size);
    drawFooter(
      sheet,
      fonts,
      translator(letter.lang)('certification.office.letter.footer', { portal: letter.portalUrl }),
    );
  }
  return doc.save();
}
