import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { type PdfPage, readPdf } from '../../../test/support/pdf.ts';
import { type Lang, languages, translator } from '../../platform/i18n/index.ts';
import { drawnWidth, type Letter, renderLetters, toWinAnsi, wrapText } from './letters.ts';

const MM = 72 / 25.4;

const administrations: Record<Lang, string> = {
  fr: 'Inspection du travail et des mines',
  en: 'Inspectorate of Labour and Mines',
  de: 'Gewerbeinspektion',
};

function letter(overrides: Partial<Letter> = {}): Letter {
  const lang = overrides.lang ?? 'en';
  return {
    lang,
    administration: {
      name: administrations[lang],
      addressLines: ['3, rue des Primeurs', 'L-2361 Strassen'],
      contactLines: ['Tél. +352 247-76100', 'contact@itm.demo.lu'],
    },
    recipient: { name: 'Boulangerie Hoffmann SA', addressLines: ['5, Grand-Rue', 'L-9050 Ettelbruck'] },
    kind: 'holder',
    scope: { code: 'ITM_ELECTIONS', name: 'Social elections 2029' },
    entity: { name: 'Boulangerie Hoffmann SA', identifier: 'RCS B100002' },
    code: 'K7Q2M9ABCD3F5G7H',
    reference: 'ITM-K7Q2M9',
    issuedAt: new Date('2026-11-23T10:00:00Z'),
    portalUrl: 'https://comptoir.example.lu',
    ...overrides,
  };
}

// Long names everywhere, in the longest language, with an address that fills the window.
const crowded = (lang: Lang, kind: Letter['kind']) =>
  letter({
    lang,
    kind,
    administration: {
      name: "Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse",
      addressLines: ['29, rue Aldringen', 'L-1118 Luxembourg'],
      contactLines: ['Tél. +352 247-85100', 'formation@menje.demo.lu'],
    },
    recipient: {
      name: 'Fiduciaire Européenne des Petites et Moyennes Entreprises du Grand-Duché de Luxembourg SA',
      addressLines: [
        "c/o Cabinet d'expertise comptable Schmit-Wagner",
        'Bâtiment B, 3e étage',
        '12, boulevard du Prince Henri',
        'L-1724 Luxembourg',
        'LUXEMBOURG',
      ],
    },
    scope: {
      code: 'MENJE_FORMATION_CONTINUE',
      name: 'MENJE - Développement professionnel - Formation continue des personnels éducatifs et psycho-sociaux',
    },
    entity: {
      name: 'Fiduciaire Européenne des Petites et Moyennes Entreprises du Grand-Duché de Luxembourg SA',
      identifier: 'ID Structure 123456789012',
    },
    expiresAt: new Date('2027-03-31T21:59:59Z'),
  });

/** A page's text on one line, every kind of space as one space: wrapping does not matter. */
const flat = (page: PdfPage) => page.text.replace(/\s+/g, ' ');

async function pagesOf(letters: Letter[]) {
  return (await readPdf(await renderLetters(letters))).pages;
}

async function onePage(overrides: Partial<Letter> = {}) {
  const [page] = await pagesOf([letter(overrides)]);
  return page!;
}

describe('access code letters', () => {
  it('renders a batch as one A4 page per letter, in order, each with its own addressee, code and reference', async () => {
    const batch = [
      letter(),
      letter({
        recipient: { name: 'Weber Transports SARL', addressLines: ["88, route d'Arlon", 'L-8009 Strassen'] },
        entity: { name: 'Weber Transports SARL', identifier: 'RCS B100003' },
        code: 'ABCDEFGHJKMNPQRS',
        reference: 'ITM-ABC123',
      }),
      letter({
        kind: 'agent',
        recipient: {
          name: 'Clinique vétérinaire Thill SCS',
          addressLines: ['3, rue du Moulin', 'L-6914 Roodt-sur-Syre'],
        },
        entity: { name: 'Clinique vétérinaire Thill SCS', identifier: 'RCS B100004' },
        code: '0123456789VWXYZ0',
        reference: 'ITM-XYZ789',
      }),
    ];
    const pages = await pagesOf(batch);
    assert.equal(pages.length, 3);
    pages.forEach((page, index) => {
      const sent = batch[index]!;
      assert.ok(Math.abs(page.width - 210 * MM) < 0.5 && Math.abs(page.height - 297 * MM) < 0.5, 'A4');
      const text = flat(page);
      for (const expected of [
        sent.recipient.name,
        ...sent.recipient.addressLines,
        sent.administration.name,
        sent.reference,
        sent.scope.name,
        `${sent.entity.name} (${sent.entity.identifier})`,
      ]) {
        assert.ok(text.includes(expected), `page ${index + 1} shows ${expected}`);
      }
      const grouped = sent.code.match(/.{4}/g)!.join('-');
      const code = page.items.find((item) => item.str === grouped);
      assert.ok(code, `page ${index + 1} shows the code as ${grouped}`);
      assert.equal(code.fontFamily, 'monospace');
      assert.ok(code.height >= 18, 'the code is printed large');
    });
    assert.ok(!flat(pages[0]!).includes('ABCD-EFGH'), "a page shows no other letter's code");
  });

  it("tells a holder how to certify its own eSpace, with the screens' words", async () => {
    for (const lang of languages) {
      const t = translator(lang);
      const text = flat(await onePage({ lang }));
      for (const label of [
        t('spaces.list.title'),
        t('spaces.create.button'),
        t('spaces.profile.title'),
        t('spaces.profile.tab.certifications'),
        t('certification.holder.title'),
        t('certification.holder.codeLabel'),
        t('certification.confirm'),
      ]) {
        assert.ok(text.includes(label), `${lang}: ${label}`);
      }
      assert.ok(!text.includes(t('certification.agent.add')), `${lang}: no "Add access"`);
    }
    const text = flat(await onePage());
    assert.match(text, /1\. Log on at https:\/\/comptoir\.example\.lu with your authentication device\./);
    assert.match(text, /2\. Select the business eSpace of Boulangerie Hoffmann SA\./);
    assert.match(
      text,
      /3\. Open “My eSpace profile”, tab “Certifications”, then the block “Social elections 2029”/,
    );
    assert.match(text, /4\. Under “Main mandate”, type the code in the field “Holder access code”/);
    assert.match(text, /Only an Administrator of the eSpace can do this\./);
  });

  it("tells an agent code's holder to hand it to its representative, who adds access in its own eSpace", async () => {
    for (const lang of languages) {
      const t = translator(lang);
      const text = flat(await onePage({ lang, kind: 'agent' }));
      for (const label of [
        t('spaces.profile.title'),
        t('spaces.profile.tab.certifications'),
        t('certification.agent.add'),
        t('certification.agent.codeLabel'),
      ]) {
        assert.ok(text.includes(label), `${lang}: ${label}`);
      }
      assert.ok(!text.includes(t('certification.holder.title')), `${lang}: no "Main mandate"`);
      assert.ok(!text.includes(t('certification.holder.codeLabel')), `${lang}: no holder code`);
    }
    const text = flat(await onePage({ kind: 'agent' }));
    assert.match(text, /Your agent access code – Social elections 2029/);
    assert.match(text, /1\. Hand this code over to your representative, such as your fiduciary/);
    assert.match(text, /click “Add access”/);
    assert.match(
      text,
      /All users of your representative's eSpace will see Boulangerie Hoffmann SA's certified data\./,
    );
  });

  it('speaks French, English and German, dated in Luxembourg', async () => {
    // 23:30 UTC is already the 24th in Luxembourg.
    const issuedAt = new Date('2026-11-23T23:30:00Z');
    const fr = flat(await onePage({ lang: 'fr', issuedAt }));
    assert.match(fr, /Luxembourg, le 24\/11\/2026/);
    assert.match(fr, /Votre code d'accès Titulaire – Social elections 2029/);
    assert.match(fr, /Code d'accès Titulaire/);
    assert.match(fr, /Madame, Monsieur,/);
    const en = flat(await onePage({ lang: 'en', issuedAt }));
    assert.match(en, /Luxembourg, 24\/11\/2026/);
    assert.match(en, /Your holder access code – Social elections 2029/);
    assert.match(en, /Dear Sir or Madam,/);
    const de = flat(await onePage({ lang: 'de', issuedAt }));
    assert.match(de, /Luxemburg, den 24\.11\.2026/);
    assert.match(de, /Ihr Zugangscode Inhaber – Social elections 2029/);
    assert.match(de, /Sehr geehrte Damen und Herren,/);
    assert.match(de, /Mit freundlichen Grüßen/);
  });

  it('says the code can be used once only, keeps it confidential, and gives its expiry when it has one', async () => {
    const lasting = flat(await onePage());
    assert.match(lasting, /This code can be used once only\./);
    assert.match(lasting, /Keep it confidential/);
    assert.match(lasting, /All users of the eSpace will see Boulangerie Hoffmann SA's certified data\./);
    assert.doesNotMatch(lasting, /can be used until/);
    assert.match(lasting, /https:\/\/comptoir\.example\.lu/);
    const expiring = flat(await onePage({ expiresAt: new Date('2027-03-31T21:59:59Z') }));
    assert.match(expiring, /This code can be used until 31\/03\/2027\./);
    const german = flat(await onePage({ lang: 'de', expiresAt: new Date('2027-03-31T21:59:59Z') }));
    assert.match(german, /Dieser Code kann bis zum 31\.03\.2027 verwendet werden\./);
  });

  it('prints a name the standard fonts cannot encode without its diacritics', async () => {
    const text = flat(
      await onePage({
        recipient: {
          name: 'Wałęsa Łódź sp. z o.o.',
          addressLines: ['ul. Piłsudskiego 5', '90-001 Łódź', 'POLOGNE'],
        },
        entity: { name: 'Wałęsa Łódź sp. z o.o.', identifier: 'KRS 0000123456' },
      }),
    );
    assert.match(text, /Walesa Lódz sp\. z o\.o\./);
    assert.match(text, /ul\. Pilsudskiego 5/);
  });

  it('sets the metadata: title, author, language, date and producer', async () => {
    const { info } = await readPdf(await renderLetters([letter({ lang: 'fr' })]));
    assert.equal(info.Title, "Votre code d'accès Titulaire – Social elections 2029");
    assert.equal(info.Author, 'Inspection du travail et des mines');
    assert.equal(info.Language, 'fr');
    assert.equal(info.CreationDate, 'D:20261123100000Z');
    assert.equal(info.Producer, 'Comptoir');
  });

  it('prints the same bytes for the same letter, and refuses an empty batch', async () => {
    assert.deepEqual(await renderLetters([letter()]), await renderLetters([letter()]));
    await assert.rejects(renderLetters([]), RangeError);
  });
});

describe('letter layout', () => {
  const crowdedLetters = languages.flatMap((lang) => [crowded(lang, 'holder'), crowded(lang, 'agent')]);

  it('keeps every line within the 20 mm margins and the body above the footer', async () => {
    const pages = await pagesOf([letter(), letter({ kind: 'agent' }), ...crowdedLetters]);
    for (const [index, page] of pages.entries()) {
      for (const item of page.items) {
        assert.ok(item.x >= 20 * MM - 0.01, `page ${index + 1}: "${item.str}" starts in the left margin`);
        assert.ok(
          item.x + item.width <= 190 * MM + 0.01,
          `page ${index + 1}: "${item.str}" ends in the right margin`,
        );
      }
      const footer = page.items.find(
        (item) => item.str.includes('https://comptoir.example.lu') && item.baseline > 280 * MM,
      );
      assert.ok(footer, `page ${index + 1} has its footer`);
      const lowest = Math.max(...page.items.filter((item) => item !== footer).map((item) => item.baseline));
      assert.ok(lowest < footer.baseline - 4 * MM, `page ${index + 1}: the body ends above the footer`);
    }
  });

  it('puts the return address and the addressee in the window of a DIN 5008 type B envelope', async () => {
    const letters = [letter(), ...crowdedLetters];
    const pages = await pagesOf(letters);
    for (const [index, page] of pages.entries()) {
      const sent = letters[index]!;
      const returnLine = page.items.filter(
        (item) => item.height < 7 && item.baseline < 60 * MM && item.baseline > 40 * MM,
      );
      const addressee = [sent.recipient.name, ...sent.recipient.addressLines].join(' ');
      const inWindow = page.items.filter(
        (item) =>
          item.x < 100 * MM &&
          item.baseline > 50 * MM &&
          item.baseline < 100 * MM &&
          addressee.includes(item.str),
      );
      assert.ok(returnLine.length > 0, `page ${index + 1} has a return address line`);
      assert.equal(
        inWindow.map((item) => item.str).join(' '),
        addressee,
        `page ${index + 1}: the whole address`,
      );
      for (const item of [...returnLine, ...inWindow]) {
        assert.ok(item.x >= 20 * MM - 0.01, `"${item.str}" is right of the window's left edge`);
        assert.ok(item.x + item.width <= 105 * MM + 0.01, `"${item.str}" is left of the window's right edge`);
        assert.ok(item.baseline - item.height >= 45 * MM, `"${item.str}" is below the window's top`);
        assert.ok(item.baseline <= 95 * MM, `"${item.str}" is above the window's bottom`);
      }
    }
  });
});

describe('toWinAnsi', () => {
  it('keeps what WinAnsi encodes, strips diacritics it cannot, and puts ? for the rest', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const winAnsi = new Set(font.getCharacterSet());
    assert.equal(
      toWinAnsi("Société d'Études « Ärger » – 5 € œuvre", winAnsi),
      "Société d'Études « Ärger » – 5 € œuvre",
    );
    assert.equal(
      toWinAnsi('Łukasz Wałęsa, Đorđe, Ștefănescu, Kırıkkale', winAnsi),
      'Lukasz Walesa, Dorde, Stefanescu, Kirikkale',
    );
    assert.equal(toWinAnsi('e\u0301te\u0301', winAnsi), 'été', 'decomposed accents are composed first');
    assert.equal(toWinAnsi('ﬁdèle\u202f: 2\u2009000', winAnsi), 'fidèle : 2 000');
    assert.equal(toWinAnsi('Tab\there\nnewline', winAnsi), 'Tab here newline');
    assert.equal(toWinAnsi('东京 🙂 Ωmega', winAnsi), '?? ? ?mega');
    for (const char of toWinAnsi('Łódź 东京 🙂\u202f', winAnsi))
      assert.ok(winAnsi.has(char.codePointAt(0)!), char);
  });
});

describe('wrapText', () => {
  it('breaks at spaces into lines no wider than asked, words kept whole and in order', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const text =
      "Vous trouverez ci-dessous le code d'accès Titulaire qui permet de certifier l'espace professionnel de la société.";
    const lines = wrapText(text, font, 10, 150);
    assert.ok(lines.length > 2);
    for (const line of lines) assert.ok(drawnWidth(line, font, 10) <= 150, line);
    assert.equal(lines.join(' '), text);
    // pdf-lib's own measure counts kerning that drawText does not apply.
    assert.ok(drawnWidth('AVAV', font, 10) > font.widthOfTextAtSize('AVAV', 10));
  });

  it('keeps a no-break space, cuts a word wider than the line, and gives nothing for nothing', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    assert.deepEqual(wrapText('Référence\u00a0: ITM-K7Q2M9', font, 10, 65), [
      'Référence\u00a0:',
      'ITM-K7Q2M9',
    ]);
    const url = 'https://comptoir.example.lu/a/very/long/path/that/cannot/fit';
    const cut = wrapText(url, font, 10, 80);
    assert.ok(cut.length > 1);
    for (const line of cut) assert.ok(drawnWidth(line, font, 10) <= 80, line);
    assert.equal(cut.join(''), url);
    assert.deepEqual(wrapText('   ', font, 10, 80), []);
  });
});
