import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PdfPage, readPdf } from '../../../test/support/pdf.ts';
import { pdffonts, pdftotext } from '../../../test/support/poppler.ts';
import { type Lang, languages, translator } from '../../platform/i18n/index.ts';
import { type Letter, renderLetters } from './letters.ts';

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
    const codeWidths: number[] = [];
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
      assert.ok(code.height >= 18, 'the code is printed large');
      codeWidths.push(code.width);
    });
    // In a monospace face every code is as wide as the others, whatever its characters.
    for (const width of codeWidths) assert.ok(Math.abs(width - codeWidths[0]!) < 0.01, `${codeWidths}`);
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

  it('prints names in any Latin script as typed, in fonts embedded as subsets', async () => {
    const names = ['Łukasz Żółć', 'Ærøskøbing', 'Đorđević'];
    const pdf = await renderLetters([
      letter({
        recipient: {
          name: 'Ærøskøbing Đorđević ApS',
          addressLines: ['c/o Łukasz Żółć', 'Vestergade 5', '5970 Ærøskøbing', 'DANEMARK'],
        },
        entity: { name: 'Ærøskøbing Đorđević ApS', identifier: 'CVR 12345678' },
      }),
      letter({
        lang: 'fr',
        recipient: { name: 'Łukasz Żółć', addressLines: ['ul. Piłsudskiego 5', '90-001 Łódź'] },
      }),
    ]);
    const text = (await pdftotext(pdf)).replace(/\s+/g, ' ');
    for (const name of [...names, 'Ærøskøbing Đorđević ApS', 'ul. Piłsudskiego 5', '90-001 Łódź']) {
      assert.ok(text.includes(name), `pdftotext reads back « ${name} »`);
    }
    assert.ok(text.includes('K7Q2-M9AB-CD3F-5G7H'), 'the code, in the monospace face');
    assert.ok(text.includes('« Ajouter »'), 'French quotes and no-break spaces');
    const fonts = await pdffonts(pdf);
    assert.deepEqual(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort(), [
      'DejaVuSansCondensed',
      'DejaVuSansCondensed-Bold',
      'DejaVuSansMono-Bold',
    ]);
    for (const font of fonts) {
      assert.ok(font.embedded, `${font.name} is embedded`);
      assert.ok(font.subset, `${font.name} is a subset`);
      assert.ok(font.unicode, `${font.name} maps its glyphs to Unicode`);
    }
    assert.ok(pdf.length < 60_000, `two letters weigh ${pdf.length} bytes`);
  });

  it('prints a character no embedded face has as "?" rather than an empty box', async () => {
    const text = flat(
      await onePage({ recipient: { name: 'Tōkyō 東京 KK', addressLines: ['1-1 Marunouchi'] } }),
    );
    assert.match(text, /Tōkyō \?\? KK/);
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
