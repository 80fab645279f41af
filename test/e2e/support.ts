import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { readPdf } from '../support/pdf.ts';

export const languages = ['fr', 'en', 'de'] as const;

/**
 * Fails the test on any axe violation on the current page: the WCAG 2.1 A and AA rules, and
 * heading-order (a best practice, outside those tags, that screen reader users navigate by).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'heading-order': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Switches the language the way a visitor does, through the header's switcher. */
export async function chooseLanguage(page: Page, lang: (typeof languages)[number]): Promise<void> {
  const current = await page.locator('html').getAttribute('lang');
  if (current === lang) return;
  await page.locator(`.languages a[hreflang="${lang}"]`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** True when the page needs no horizontal scrolling at the current viewport width. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** The ports playwright.config.ts gives the certificate listener and the test OpenID provider. */
const port = Number(process.env.E2E_PORT ?? 3199);
export const e2ePorts = { port, tlsPort: port + 1, oidcPort: port + 2 };

export type TokenIdentity = { login: string; password: string; secret: string; certificateNumber: string };

/** Creates a test identity with a token through "First visit?" (the page in English). */
export async function createTokenIdentity(
  page: Page,
  person: { surname: string; firstName: string; email: string },
): Promise<TokenIdentity> {
  await page.goto('/first-visit');
  await chooseLanguage(page, 'en');
  await page.getByLabel('Surname').fill(person.surname);
  await page.getByLabel('First name').fill(person.firstName);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('English').check();
  await page.getByLabel('Token').check();
  await page.getByRole('button', { name: 'Create the identity' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your token is ready');
  const field = (name: string) => page.locator(`[data-field="${name}"]`).innerText();
  return {
    login: await field('login'),
    password: await field('password'),
    secret: await field('secret'),
    certificateNumber: (
      await page
        .locator('dd', { hasText: /^\d \d{7}/ })
        .first()
        .innerText()
    ).trim(),
  };
}

/** Fills the token form of the current page, computing the current code as the token would. */
export async function fillTokenForm(page: Page, identity: TokenIdentity): Promise<void> {
  const { TOTP, Secret } = await import('otpauth');
  await page.getByLabel('User ID').fill(identity.login);
  await page.getByLabel('Password').fill(identity.password);
  await page
    .getByLabel('One-time code')
    .fill(new TOTP({ secret: Secret.fromBase32(identity.secret) }).generate());
  await page.getByRole('button', { name: 'Log on' }).click();
  await expect(page.locator('.user-menu summary')).toBeVisible();
}

/** The last code each demo identity logged on with: a code is accepted once (replays are refused). */
const usedCodes = new Map<string, string>();

/**
 * A demo identity's password and a code this run has not used yet, read off the "Demo
 * identities" page: a code is accepted once, so when the one shown was used (a fast run stays
 * within one 30 s period), it waits for the page to show the next one.
 */
export async function demoCredentials(
  page: Page,
  login: string,
): Promise<{ password: string; code: string }> {
  const row = page.locator('tr', { has: page.locator('td', { hasText: new RegExp(`^${login}$`) }) });
  const cells = row.locator('td');
  let password = '';
  let code = '';
  await expect(async () => {
    await page.goto('/demo-identities');
    password = (await cells.nth(3).innerText()).trim();
    code = (await cells.nth(4).innerText()).trim();
    expect(code).not.toBe(usedCodes.get(login));
  }).toPass({ intervals: [1_000], timeout: 40_000 });
  usedCodes.set(login, code);
  return { password, code };
}

/** Logs a demo identity on with its token (demoCredentials). */
export async function logOnAsDemo(page: Page, login: string): Promise<void> {
  const { password, code } = await demoCredentials(page, login);
  await page.goto('/logon/token');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.locator('#code').fill(code);
  await page.locator('form[action="/logon/token"] button[type="submit"]').click();
  await expect(page.locator('.user-menu summary')).toBeVisible();
}

/**
 * The officer issues codes in the back office and downloads their letters; returns each letter's
 * code as printed (read back from the PDF, as a company reads its mail).
 */
export async function issueLetters(
  page: Page,
  kind: 'Holder' | 'Agent',
  identifiers: string[],
): Promise<string[]> {
  await page.goto('/backoffice/ITM/codes');
  await chooseLanguage(page, 'en');
  await page.getByRole('link', { name: 'Issue access codes' }).click();
  await page.getByRole('radio', { name: 'ITM_ELECTIONS' }).check();
  await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
  await page.getByLabel('Companies').fill(identifiers.join('\n'));
  await page.getByRole('button', { name: 'Issue the codes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('issued');
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download the/ }).click();
  const file = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  const pdf = await readPdf(await readFile(file));
  expect(pdf.pages).toHaveLength(identifiers.length);
  return pdf.pages.map((p) => {
    const code = p.text.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)?.[0];
    expect(code, 'the letter carries a code').toBeTruthy();
    return code!;
  });
}
