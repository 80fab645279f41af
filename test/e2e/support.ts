import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const languages = ['fr', 'en', 'de'] as const;

/** Fails the test on any axe violation (WCAG 2.1 A and AA rules) on the current page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
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
