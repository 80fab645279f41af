import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsqr from 'jsqr';
import { pdffonts, pdftoppm, pdftotext } from '../../../test/support/poppler.ts';
import { createPdf } from './document.ts';
import { drawNumberedFooters } from './footer.ts';
import { drawLetterhead } from './letterhead.ts';
import { drawQrCode } from './qr-code.ts';
import { MM } from './sheet.ts';
import { drawTable } from './table.ts';
import { printable, wrapText } from './text.ts';

const meta = {
  title: 'Accusé de réception',
  author: 'Inspection du travail et des mines',
  lang: 'fr',
  createdAt: new Date('2026-11-23T10:00:00Z'),
};

const sender = {
  name: 'Inspection du travail et des mines',
  addressLines: ['3, rue des Primeurs', 'L-2361 Strassen'],
  contactLines: ['contact@itm.demo.lu'],
};

/** A receipt as procedures will print one: a letterhead, a long table, a QR code, numbered pages. */
async function receipt(rows: number, qr = 'https://comptoir.example.lu/verify/ITM-K7Q2M9') {
  const doc = await createPdf(meta);
  const sheet = doc.addPage();
  drawLetterhead(sheet, doc.fonts, sender);
  drawQrCode(sheet, qr, { x: 160 * MM, top: 15 * MM, size: 30 * MM });
  sheet.y = 60 * MM;
  const end = drawTable(doc, sheet, {
    columns: [
      { header: 'Pièce', share: 1 },
      { header: 'Déposée par', share: 3 },
      { header: 'Montant', share: 1, align: 'right' },
    ],
    rows: Array.from({ length: rows }, (_, index) => [
      `P-${String(index + 1).padStart(3, '0')}`,
      index % 7 === 0
        ? 'Łukasz Żółć pour Ærøskøbing Đorđević ApS, mandataire de la société, par délégation du gérant'
        : 'Łukasz Żółć',
      `${index + 1},00 €`,
    ]),
  });
  end.paragraph('Fin du relevé.', { font: doc.fonts.bold, size: 10 }, 14);
  drawNumberedFooters(
    doc,
    'Démarches en ligne : https://comptoir.example.lu',
    (page, pages) => `Page ${page} sur ${pages}`,
  );
  return doc.save();
}

describe('PDF toolkit', () => {
  it('breaks a long table over pages, its header on each, every page numbered, read back by pdftotext', async () => {
    const pdf = await receipt(90);
    const pages = (await pdftotext(pdf)).split('\f').filter((page) => page.trim() !== '');
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    pages.forEach((page, index) => {
      assert.match(page, new RegExp(`Page ${index + 1} sur ${pages.length}`));
      assert.match(page, /Pièce/, `page ${index + 1} repeats the header`);
      assert.match(page, /Démarches en ligne : https:\/\/comptoir\.example\.lu/);
    });
    const all = pages.join('\n');
    const numbers = [...all.matchAll(/P-(\d{3})/g)].map((match) => Number(match[1]));
    assert.deepEqual(
      numbers,
      Array.from({ length: 90 }, (_, index) => index + 1),
      'each row once, in order',
    );
    assert.match(all, /90,00 €/);
    assert.match(all.replace(/\s+/g, ' '), /Łukasz Żółć pour Ærøskøbing Đorđević ApS, mandataire/);
    assert.match(pages.at(-1)!, /Fin du relevé\./);
    assert.ok(!pages[0]!.includes('Fin du relevé'), 'the text after the table follows it on its last page');
  });

  it('embeds every font it uses, as a subset with its Unicode map, and stays small', async () => {
    const pdf = await receipt(90);
    const fonts = await pdffonts(pdf);
    assert.ok(fonts.length >= 2);
    for (const font of fonts) {
      assert.ok(font.embedded && font.subset && font.unicode, JSON.stringify(font));
      assert.match(font.name, /^[A-Z]{6}\+DejaVu/);
    }
    assert.ok(pdf.length < 80_000, `${pdf.length} bytes`);
  });

  it('draws a QR code that a reader decodes from the printed page', async () => {
    const url = 'https://comptoir.example.lu/verify/eyJhbGciOiJFZERTQSJ9.eyJyZWYiOiJJVE0tSzdRMk05In0';
    const page = await pdftoppm(await receipt(1, url), 1, 150);
    const rgba = new Uint8ClampedArray(page.width * page.height * 4);
    page.pixels.forEach((grey, index) => {
      rgba.set([grey, grey, grey, 255], index * 4);
    });
    // jsqr is CommonJS: its function is the default export's own default under NodeNext.
    assert.equal(jsqr.default(rgba, page.width, page.height)?.data, url);
  });

  it('gives the same bytes for the same document', async () => {
    assert.deepEqual(await receipt(5), await receipt(5));
  });

  it('refuses to save a document without a page', async () => {
    await assert.rejects((await createPdf(meta)).save(), RangeError);
  });
});

describe('printable', () => {
  it('keeps what the face draws, and replaces what it cannot', async () => {
    const { fonts } = await createPdf(meta);
    const typed = 'Łukasz Żółć, Ærøskøbing, Đorđević, Þórðarson, « 5 € » l’œuvre – Ștefănescu, Kırıkkale';
    assert.equal(printable(typed, fonts.regular), typed);
    assert.equal(printable(typed, fonts.bold), typed);
    assert.equal(printable('e\u0301te\u0301', fonts.regular), 'été', 'decomposed accents are composed first');
    assert.equal(printable('Tab\there\nnewline\u0000', fonts.regular), 'Tab here newline?');
    assert.equal(printable('東京 KK', fonts.regular), '?? KK');
    // The monospace face has fewer letters: one it lacks loses its accent rather than the letter.
    assert.equal(printable('Nguyễn Thị Ṏ', fonts.regular), 'Nguyễn Thị Ṏ');
    assert.equal(printable('Nguyễn Thị Ṏ', fonts.mono), 'Nguyen Thị O');
    assert.equal(printable('𝐀 🙂', fonts.regular), 'A ?', 'a styled letter is a letter, an emoji is not');
  });
});

describe('wrapText', () => {
  it('breaks at spaces into lines no wider than asked, words kept whole and in order', async () => {
    const { fonts } = await createPdf(meta);
    const text =
      "Vous trouverez ci-dessous le code d'accès Titulaire qui permet de certifier l'espace professionnel de la société.";
    const lines = wrapText(text, fonts.regular, 10, 150);
    assert.ok(lines.length > 2);
    for (const line of lines) assert.ok(fonts.regular.widthOfTextAtSize(line, 10) <= 150, line);
    assert.equal(lines.join(' '), text);
  });

  it('keeps a no-break space, cuts a word wider than the line, and gives nothing for nothing', async () => {
    const { fonts } = await createPdf(meta);
    assert.deepEqual(wrapText('Référence\u00a0: ITM-K7Q2M9', fonts.regular, 10, 65), [
      'Référence\u00a0:',
      'ITM-K7Q2M9',
    ]);
    const url = 'https://comptoir.example.lu/a/very/long/path/that/cannot/fit';
    const cut = wrapText(url, fonts.regular, 10, 80);
    assert.ok(cut.length > 1);
    for (const line of cut) assert.ok(fonts.regular.widthOfTextAtSize(line, 10) <= 80, line);
    assert.equal(cut.join(''), url);
    assert.deepEqual(wrapText('   ', fonts.regular, 10, 80), []);
  });
});
