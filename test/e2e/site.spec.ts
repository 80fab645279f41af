import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, fitsWidth, languages } from './support.ts';

const pages = ['/', '/help', '/contact', '/legal-notice', '/accessibility', '/sitemap'];

test('home page explains private and business eSpaces, in French by default', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 2, name: 'Espace privé' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Espace professionnel' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();
});

for (const lang of languages) {
  test(`every public page passes axe and fits 320 px, in ${lang}`, { tag: '@layout' }, async ({ page }) => {
    await page.goto('/');
    await chooseLanguage(page, lang);
    for (const path of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expectAccessible(page);
      await page.setViewportSize({ width: 320, height: 700 });
      expect(await fitsWidth(page), `${path} at 320 px`).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/');
    await page.screenshot({ path: `test-results/screenshots/home-${lang}.png`, fullPage: true });
  });
}

test('the language choice persists across pages and visits', async ({ page, context }) => {
  await page.goto('/help');
  await chooseLanguage(page, 'de');
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hilfe');
  await page.getByRole('link', { name: 'Kontakt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kontakt');
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'lang')?.value).toBe('de');
});

test('the browser language decides on a first visit', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Business eSpace' })).toBeVisible();
  await context.close();
});

test('a missing page shows a 404 page in the visitor language that passes axe', async ({ page }) => {
  await page.goto('/');
  await chooseLanguage(page, 'en');
  const response = await page.goto('/does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expectAccessible(page);
});

test('the skip link and focus are visible for keyboard users', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
});
