import { expect, type Page, test } from '@playwright/test';
import { readPdf } from '../support/pdf.ts';
import {
  chooseLanguage,
  createTokenIdentity,
  expectAccessible,
  fillTokenForm,
  fitsWidth,
  issueLetters,
  languages,
  logOnAsDemo,
} from './support.ts';

async function setUpSpace(page: Page, name: string, company: string) {
  await page.goto('/spaces/new');
  await page.getByLabel('Name of the business eSpace').fill(name);
  await page.getByLabel('Company name / Corporate name').fill(company);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.locator('.space-indicator')).toHaveText(name);
}

test('certification: a head of company certifies its eSpace with the holder code of a letter; a fiduciary adds three companies; the holder revokes its agent', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const officer = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
  await logOnAsDemo(officer, 'paul');
  const [holderCode] = await issueLetters(officer, 'Holder', ['rcs:B100011']);
  const agentCodes = await issueLetters(officer, 'Agent', ['rcs:B100012', 'rcs:B100014', 'rcs:B100015']);

  // The head of company sets up the eSpace and types the code from the letter.
  const head = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
  const headIdentity = await createTokenIdentity(head, {
    surname: 'Müller',
    firstName: 'Jeff',
    email: `jeff.${suffix}@example.lu`,
  });
  await head.goto('/logon/token');
  await fillTokenForm(head, headIdentity);
  await setUpSpace(head, 'Müller Garage – Social elections', 'Müller Garage SARL');
  await head.getByRole('link', { name: 'Certifications' }).click();
  const block = head.locator('#scope-ITM_ELECTIONS');
  await expect(block.getByRole('heading', { level: 2 })).toHaveText(
    'Inspectorate of Labour and Mines - ITM_ELECTIONS',
  );
  await expect(block).toContainText('Not certified');
  await expectAccessible(head);
  await block.locator('.scope-details > summary').click();
  await expect(block).toContainText('You want to access the certified data of your company.');
  await block.getByLabel('Holder access code').fill('WRNG-C0DE-0000-0000');
  await block.getByRole('button', { name: 'Confirm' }).click();
  await expect(head.getByRole('alert')).toContainText('This access code cannot be used');
  await expectAccessible(head);
  await head.locator('#scope-ITM_ELECTIONS').getByLabel('Holder access code').fill(holderCode!.toLowerCase());
  await head.locator('#scope-ITM_ELECTIONS').getByRole('button', { name: 'Confirm' }).click();
  await expect(head.locator('.notice-success').first()).toContainText('this eSpace is certified');
  await expect(head.locator('#scope-ITM_ELECTIONS')).toContainText(
    'This eSpace is certified for Müller Garage SARL (RCS B100011).',
  );
  await head.getByRole('link', { name: 'My business data' }).click();
  await expect(head.getByRole('heading', { level: 1 })).toHaveText('My business data');
  await expectAccessible(head);
  await head
    .getByRole('region', { name: 'Social elections' })
    .getByRole('link', { name: 'Registration of activation codes' })
    .click();
  await head.getByRole('link', { name: 'Müller Garage SARL' }).click();
  await expect(head.locator('dl')).toContainText('Motor vehicle repair');
  await expectAccessible(head);

  // A fiduciary adds access to three companies with the agent codes they gave it.
  const fiduciary = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  const fiduciaryIdentity = await createTokenIdentity(fiduciary, {
    surname: 'Reuter',
    firstName: 'Nora',
    email: `nora.${suffix}@example.lu`,
  });
  await fiduciary.goto('/logon/token');
  await fillTokenForm(fiduciary, fiduciaryIdentity);
  await setUpSpace(fiduciary, 'Fiduciaire Reuter – Groupe C', 'Fiduciaire Reuter SA');
  await fiduciary.getByRole('link', { name: 'Certifications' }).click();
  await fiduciary.locator('#scope-ITM_ELECTIONS .scope-details > summary').click();
  for (const code of agentCodes) {
    const scope = fiduciary.locator('#scope-ITM_ELECTIONS');
    await scope.getByText('Add access').click();
    await scope.getByLabel('Agent access code').fill(code);
    await scope.getByRole('button', { name: 'Confirm' }).last().click();
    await expect(fiduciary.locator('.notice-success').first()).toContainText('the company was added');
  }
  await expect(fiduciary.locator('#scope-ITM_ELECTIONS')).toContainText('See all 3 mandates obtained');
  await fiduciary.getByRole('link', { name: 'My business data' }).click();
  await fiduciary
    .getByRole('region', { name: 'Social elections' })
    .getByRole('link', { name: 'Registration of activation codes' })
    .click();
  for (const name of [
    'Boucherie Muller Frères SNC',
    'Pharmacie de la Sûre SCS',
    'Logistique Bettembourg SA',
  ]) {
    await expect(fiduciary.getByRole('link', { name })).toBeVisible();
  }
  await fiduciary.getByRole('link', { name: 'Logistique Bettembourg SA' }).click();
  await expect(fiduciary.locator('dl')).toContainText('451');
  await expectAccessible(fiduciary);

  // The head gives its own fiduciary an agent code, then revokes it: access ends at once.
  await head.getByRole('link', { name: 'My eSpace profile' }).click();
  await head.getByRole('link', { name: 'Certifications' }).click();
  await head.getByRole('button', { name: 'Generate an agent access code' }).click();
  await expect(head.getByRole('heading', { level: 1 })).toHaveText('Agent access code');
  await expectAccessible(head);
  const ownAgentCode = (await head.locator('.access-code').innerText()).trim();
  const letterDownload = head.waitForEvent('download');
  await head.getByRole('button', { name: 'Download the letter (PDF)' }).click();
  const { readFile } = await import('node:fs/promises');
  const letter = await readPdf(await readFile(await (await letterDownload).path()));
  expect(letter.pages[0]!.text).toContain(ownAgentCode);
  await fiduciary.goto('/space/certifications');
  await fiduciary.locator('#scope-ITM_ELECTIONS').getByText('Add access').click();
  await fiduciary.locator('#scope-ITM_ELECTIONS').getByLabel('Agent access code').fill(ownAgentCode);
  await fiduciary.locator('#scope-ITM_ELECTIONS').getByRole('button', { name: 'Confirm' }).last().click();
  await fiduciary.goto('/business-data/ITM_ELECTIONS');
  await fiduciary.getByRole('link', { name: 'Müller Garage SARL' }).click();
  const clientData = fiduciary.url();
  await expect(fiduciary.locator('dl')).toContainText('Motor vehicle repair');

  await head.goto('/space/certifications/ITM_ELECTIONS/agents');
  await expect(head.locator('tr', { hasText: 'Fiduciaire Reuter – Groupe C' })).toBeVisible();
  await expectAccessible(head);
  await head.getByRole('link', { name: 'Revoke the access of Fiduciaire Reuter – Groupe C' }).click();
  await head.getByRole('button', { name: 'Revoke access' }).click();
  await expect(head.locator('.notice-success')).toHaveText("The agent's access was revoked.");
  await expect(head.getByText('0 agents with access')).toBeVisible();
  await fiduciary.goto(clientData);
  await expect(fiduciary.getByRole('heading', { level: 1 })).not.toHaveText('Müller Garage SARL');
  await fiduciary.goto('/business-data/ITM_ELECTIONS');
  await expect(fiduciary.getByRole('link', { name: 'Müller Garage SARL' })).toHaveCount(0);
  await expect(fiduciary.getByRole('link', { name: 'Logistique Bettembourg SA' })).toBeVisible();
});

test('certification pages pass axe and fit 320 px, in French, English and German', {
  tag: '@layout',
}, async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await logOnAsDemo(page, 'sophie');
  await page.goto('/spaces');
  await page
    .getByRole('button', { name: /Fiduciaire Klein/ })
    .first()
    .click();
  for (const lang of languages) {
    await chooseLanguage(page, lang);
    for (const path of [
      '/space/certifications',
      '/space/certifications/ITM_ELECTIONS',
      '/business-data',
      '/business-data/ITM_ELECTIONS',
    ]) {
      await page.goto(path);
      await expectAccessible(page);
      expect(await fitsWidth(page), `${path} fits 320 px in ${lang}`).toBe(true);
    }
    await page.getByRole('link', { name: 'Weber Transports SARL' }).click();
    await expectAccessible(page);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `test-results/screenshots/business-data-${lang}.png`, fullPage: true });
  }
});

test('the back office is for officers only, passes axe and fits 320 px', async ({ browser }) => {
  // Nine pages checked with axe: as long as the neighbours' budget on a loaded machine.
  test.setTimeout(90_000);
  const page = await (
    await browser.newContext({ viewport: { width: 320, height: 800 }, locale: 'en-GB' })
  ).newPage();
  const someone = await createTokenIdentity(page, {
    surname: 'Kieffer',
    firstName: 'Tom',
    email: `tom.${Date.now().toString(36)}@example.lu`,
  });
  await page.goto('/logon/token');
  await fillTokenForm(page, someone);
  expect((await page.goto('/backoffice'))?.status()).toBe(404);
  expect((await page.goto('/backoffice/ITM/codes'))?.status()).toBe(404);
  const officer = await (await browser.newContext({ viewport: { width: 320, height: 800 } })).newPage();
  await logOnAsDemo(officer, 'paul');
  for (const lang of languages) {
    await chooseLanguage(officer, lang);
    for (const path of ['/backoffice', '/backoffice/ITM/codes', '/backoffice/ITM/codes/new']) {
      await officer.goto(path);
      await expectAccessible(officer);
      expect(await fitsWidth(officer), `${path} in ${lang}`).toBe(true);
    }
  }
});
