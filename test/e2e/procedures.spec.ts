import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { readPdf } from '../support/pdf.ts';
import {
  chooseLanguage,
  expectAccessible,
  fitsWidth,
  issueLetters,
  languages,
  logOnAsDemo,
} from './support.ts';

/** A small real PDF, as a company would attach its signed list. */
async function pdfFile(name: string) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(name);
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

/** Selects one of the person's eSpaces on "Manage my eSpaces". */
async function selectSpace(page: Page, name: RegExp) {
  await page.goto('/spaces');
  await page.locator('tr', { hasText: name }).getByRole('button').first().click();
}

/** The step form's buttons, whatever the page's language. */
const go = (page: Page, where: 'next' | 'later' | 'back') =>
  page.locator(`.actions button[name="go"][value="${where}"]`).click();
const field = (page: Page, id: string) => page.locator(`[id="${id}"]`);

/** Ticks "Read and approved" on "Check your answers" and transmits; returns the reference shown. */
async function transmit(page: Page): Promise<string> {
  await page.locator('input[name="approved"]').check();
  // A double click transmits once: the second post finds the first's answer.
  await page.locator('form[action$="/transmit"] button[type="submit"]').dblclick();
  const reference = page.locator('.transmitted .reference-large');
  await expect(reference).toHaveText(/^ITM-\d{4}-\d{6}$/);
  return (await reference.innerText()).trim();
}

/** Downloads the slip of the procedure shown and returns its text. */
async function slipText(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.locator('a[href$="/slip.pdf"]').first().click();
  const slip = await readPdf(await readFile((await (await download).path())!));
  return slip.pages.map((p) => p.text).join('\n');
}

test('a head of company finds "ITM", fills the list of candidates over several steps and resumes later; her Manager resumes it in another browser and transmits; the slip verifies', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  // The eSpace is certified for its company by the holder code of the officer's letter.
  const officer = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
  await logOnAsDemo(officer, 'paul');
  const [holderCode] = await issueLetters(officer, 'Holder', ['rcs:B100001']);
  const karine = await (await browser.newContext({ locale: 'fr-LU' })).newPage();
  await logOnAsDemo(karine, 'karine');
  await selectSpace(karine, /Maitry Bâtiment/);
  await karine.goto('/space/certifications');
  const scope = karine.locator('#scope-ITM_ELECTIONS');
  await scope.locator('.scope-details > summary').click();
  await scope.locator('form[action$="/holder"] input[name="code"]').fill(holderCode!);
  await scope.locator('form[action$="/holder"] button[type="submit"]').click();
  await expect(karine.locator('#scope-ITM_ELECTIONS')).toContainText('Maitry Bâtiment SARL');

  // "Nouvelle démarche": "ITM" finds the inspectorate's procedures.
  await karine.getByRole('link', { name: 'Nouvelle démarche' }).first().click();
  await karine.locator('input[name="q"]').fill('ITM');
  await karine.locator('input[name="q"]').press('Enter');
  await expect(karine.getByRole('link', { name: 'Annonce des élections sociales' })).toBeVisible();
  await expectAccessible(karine);
  await karine.getByRole('link', { name: "Dépôt d'une liste de candidats aux élections sociales" }).click();
  await karine.getByRole('radio', { name: /Maitry Bâtiment SARL/ }).check();
  await karine.getByRole('button', { name: 'Créer' }).click();

  // Step 1: the certified data of the company, read-only.
  await expect(karine.locator('main')).toContainText('B100001');
  await field(karine, 'electionDate').fill('2027-03-15');
  await go(karine, 'next');
  // Step 2: a trade union's list asks for the union's name, with an error summary when missing.
  await field(karine, 'listName').fill('Liste unie du personnel');
  await field(karine, 'listType-union').check();
  await go(karine, 'next');
  await go(karine, 'next');
  await expect(karine.locator('.error-summary')).toBeVisible();
  await expectAccessible(karine);
  await expect(field(karine, 'listName')).toHaveValue('Liste unie du personnel');
  await field(karine, 'unionName').fill('OGBL');
  await go(karine, 'next');
  // Step 3: two candidates, the second added by the form's own button.
  const candidate = async (n: number, surname: string) => {
    await field(karine, `candidates.${n}.surname`).fill(surname);
    await field(karine, `candidates.${n}.firstName`).fill('Anne');
    await field(karine, `candidates.${n}.birthDate`).fill('1985-06-01');
    await field(karine, `candidates.${n}.jobTitle`).fill('Maçonne');
    await field(karine, `candidates.${n}.hiredOn`).fill('2015-09-01');
  };
  await candidate(0, 'Schmit');
  await karine.locator('button[value="add:candidates"]').click();
  await expect(field(karine, 'candidates.0.surname')).toHaveValue('Schmit');
  await candidate(1, 'Reding');
  await expectAccessible(karine);
  await go(karine, 'later');
  await expect(karine.getByRole('heading', { level: 1 })).toHaveText('Mes démarches');
  await expect(karine.locator('tbody tr').first()).toContainText('En préparation');

  // Her designated Manager, in another browser, finds the draft and who changed it.
  const marc = await (await browser.newContext({ locale: 'fr-LU' })).newPage();
  await logOnAsDemo(marc, 'marc');
  await selectSpace(marc, /Maitry Bâtiment/);
  await marc.getByRole('link', { name: 'Mes démarches' }).click();
  const line = marc.locator('tbody tr', { hasText: 'En préparation' }).first();
  await expect(line).toContainText('Karine Maitry');
  await line.getByRole('link').first().click();
  await expect(marc.locator('main')).toContainText('Karine Maitry');
  await marc.locator('form[action$="/resume"] button').click();
  await expect(field(marc, 'signedList')).toBeAttached();
  await field(marc, 'signedList').setInputFiles(await pdfFile('liste-signee.pdf'));
  await go(marc, 'next');
  await expect(marc.getByRole('heading', { level: 1 })).toHaveText('Vérifiez vos réponses');
  await expect(marc.locator('main')).toContainText('Reding');
  await expect(marc.locator('main')).toContainText('liste-signee.pdf');
  await expectAccessible(marc);
  const reference = await transmit(marc);
  await expectAccessible(marc);
  expect(await slipText(marc)).toContain(reference);

  // Anyone holding the slip checks it at /verify.
  await marc.locator('a[href^="/verify?token="]').click();
  await expect(marc.locator('.verdict-genuine, .notice-success').first()).toBeVisible();
  await expect(marc.locator('main')).toContainText(reference);
  await expectAccessible(marc);
  const tampered = new URL(marc.url());
  tampered.searchParams.set('token', `${tampered.searchParams.get('token')!.slice(0, -4)}AAAA`);
  await marc.goto(tampered.pathname + tampered.search);
  await expect(marc.locator('main')).not.toContainText(reference);

  // The head of company sees it transmitted, by her Manager.
  await karine.goto('/procedures');
  await expect(karine.locator('tbody tr', { hasText: reference })).toContainText('Marc Eschlin');
});

test('a fiduciary transmits a procedure for a client company and renames it after the client', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
  await logOnAsDemo(page, 'sophie');
  await selectSpace(page, /Fiduciaire Klein/);
  await page.getByRole('link', { name: 'New procedure' }).first().click();
  await page.getByLabel('Keywords').fill('announcement');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Announcement of the social elections' }).click();

  // For which company? The client, among the companies represented (three: one page, no search).
  await page.getByRole('radio', { name: /Weber Transports SARL/ }).check();
  await page.getByRole('button', { name: 'Create' }).click();

  // The client's certified data prefill the form; the fiduciary answers the rest.
  await expect(page.getByText('Weber Transports SARL').first()).toBeVisible();
  await expectAccessible(page);
  await go(page, 'next');
  await page.getByLabel('Polling date').fill('2027-04-20');
  await page.getByLabel('Number of full delegates to be elected').fill('5');
  await page.locator('fieldset', { hasText: 'Is a staff delegation' }).getByLabel('No').check();
  await page.locator('fieldset', { hasText: 'equality delegate' }).getByLabel('Yes').check();
  await go(page, 'next');
  await expect(page.getByLabel('Name of the contact person')).toHaveValue('Sophie Klein');
  await page.getByLabel('E-mail address').fill('sophie.klein@demo.comptoir.lu');
  await page.getByLabel('Telephone').fill('+352 26 12 34 56');
  await go(page, 'next');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers');
  const reference = await transmit(page);
  const slip = await slipText(page);
  expect(slip).toContain(reference);
  expect(slip).toContain('Weber Transports SARL');
  expect(slip).toContain('Fiduciaire Klein');

  // Renamed after the client, in German this time.
  await chooseLanguage(page, 'de');
  await page.locator('a[href$="/rename"]').click();
  await page.locator('input[name="name"]').fill('Weber Transports – Sozialwahlen 2027');
  await page.locator('form[action$="/rename"] button[type="submit"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weber Transports – Sozialwahlen 2027');
  await expectAccessible(page);
  await page.goto(`/procedures?q=${reference}`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr')).toContainText('Weber Transports – Sozialwahlen 2027');
  await expect(page.locator('tbody tr')).toContainText('Übermittelt');
});

test('procedure pages pass axe and fit 320 px, in French, English and German', { tag: '@layout' }, async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await (await browser.newContext({ viewport: { width: 320, height: 800 } })).newPage();
  await logOnAsDemo(page, 'sophie');
  await selectSpace(page, /Fiduciaire Klein/);
  for (const lang of languages) {
    await chooseLanguage(page, lang);
    for (const path of [
      '/procedures',
      '/procedures/new?q=ITM',
      '/procedures/new/ITM-SE-ANNOUNCE',
      '/verify',
    ]) {
      await page.goto(path);
      await expectAccessible(page);
      expect(await fitsWidth(page), `${path} fits 320 px in ${lang}`).toBe(true);
    }
    await page.goto('/procedures');
    await page.locator('tbody tr').first().getByRole('link').first().click();
    await expectAccessible(page);
    expect(await fitsWidth(page), `the detail fits 320 px in ${lang}`).toBe(true);
    await page.screenshot({ path: `test-results/screenshots/procedure-${lang}.png`, fullPage: true });
  }
});
