import { formatDate } from '../../../platform/i18n/dates.ts';
import { type Lang, translator } from '../../../platform/i18n/index.ts';
import { createPdf } from '../../../platform/pdf/document.ts';
import { drawNumberedFooters } from '../../../platform/pdf/footer.ts';
import { drawLetterhead, type Sender } from '../../../platform/pdf/letterhead.ts';
import { drawQrCode } from '../../../platform/pdf/qr-code.ts';
import { A4, MARGIN, MM, MUTED, TEXT_WIDTH } from '../../../platform/pdf/sheet.ts';
import { drawTable } from '../../../platform/pdf/table.ts';
import type { AnswerLine } from '../definition/display.ts';

/**
 * The transmission slip: the receipt of a transmitted procedure, in the eSpace's language. It
 * names the reference, the moment, who transmitted it for which eSpace (the agent) and for which
 * company (the principal), lists the answers, and carries a QR code whose signed token lets
 * anyone check that the slip is genuine and its answers unchanged.
 */

export type Slip = {
  lang: Lang;
  /** The administration the procedure is sent to: the letterhead. */
  administration: Sender;
  title: string;
  reference: string;
  transmittedAt: Date;
  agent: { person: string; space: string; identifier: string };
  /** The company the procedure is for, when it is not the eSpace itself. */
  principal: { name: string; identifier: string } | null;
  answers: AnswerLine[];
  sha256: string;
  /** What the QR code holds: the verification page's address with the token. */
  verifyUrl: string;
  /** Where a person types it in: the verification page. */
  verifyPage: string;
  portalUrl: string;
};

const QR_SIZE = 38 * MM;

export async function renderSlip(slip: Slip): Promise<Uint8Array> {
  const t = translator(slip.lang);
  const doc = await createPdf({
    title: `${t('procedures.slip.title')} ${slip.reference}`,
    author: slip.administration.name,
    lang: slip.lang,
    createdAt: slip.transmittedAt,
  });
  const { fonts } = doc;
  const sheet = doc.addPage();
  drawLetterhead(sheet, fonts, slip.administration);
  drawQrCode(sheet, slip.verifyUrl, { x: A4.width - MARGIN - QR_SIZE + 4 * MM, top: 12 * MM, size: QR_SIZE });

  sheet.y = Math.max(sheet.y, 12 * MM + QR_SIZE) + 6 * MM;
  sheet.paragraph(t('procedures.slip.title'), { font: fonts.bold, size: 16 }, 20);
  sheet.paragraph(slip.title, { font: fonts.bold, size: 11.5 }, 15);
  sheet.y += 4 * MM;

  const label = { font: fonts.regular, size: 9, color: MUTED };
  const value = { font: fonts.bold, size: 10.5 };
  const facts: [string, string][] = [
    [t('procedures.slip.reference'), slip.reference],
    [t('procedures.slip.transmittedAt'), formatDate(slip.lang, slip.transmittedAt, 'dateTimeSeconds')],
    [
      t('procedures.slip.agent'),
      t('procedures.slip.agentLine', {
        person: slip.agent.person,
        space: slip.agent.space,
        identifier: slip.agent.identifier,
      }),
    ],
    ...(slip.principal
      ? ([[t('procedures.slip.principal'), `${slip.principal.name} (${slip.principal.identifier})`]] as [
          string,
          string,
        ][])
      : []),
  ];
  facts.forEach(([name, text], index) => {
    sheet.paragraph(name, label, 11);
    // The reference is what people quote on the phone: it stands out.
    if (index === 0) {
      sheet.y += 4;
      sheet.paragraph(text, { font: fonts.bold, size: 15 }, 18);
    } else sheet.paragraph(text, value, 14);
    sheet.y += 1.5 * MM;
  });
  sheet.y += 3 * MM;

  const end = slip.answers.length
    ? drawTable(doc, sheet, {
        columns: [
          { header: t('procedures.slip.question'), share: 2 },
          { header: t('procedures.slip.answer'), share: 3 },
        ],
        rows: slip.answers.map((line) => [line.label, line.value]),
      })
    : sheet;
  if (!slip.answers.length)
    end.paragraph(t('procedures.slip.noAnswer'), { font: fonts.regular, size: 10 }, 14);

  const closing = end.y + 40 > 270 * MM ? doc.addPage() : end;
  if (closing !== end) closing.y = MARGIN;
  closing.y += 4 * MM;
  closing.paragraph(t('procedures.slip.fingerprint'), label, 11);
  closing.paragraph(slip.sha256, { font: fonts.mono, size: 8.5 }, 12);
  closing.y += 2 * MM;
  closing.paragraph(
    t('procedures.slip.verify', { url: slip.verifyPage }),
    { font: fonts.regular, size: 9 },
    12,
    MARGIN,
    TEXT_WIDTH,
  );
  drawNumberedFooters(doc, t('procedures.slip.footer', { portal: slip.portalUrl }), (page, pages) =>
    t('procedures.slip.page', { page, pages }),
  );
  return doc.save();
}
