import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible } from './support.ts';

test('log on through the external identity provider, then again as the same person', async ({ page }) => {
  await page.goto('/');
  await chooseLanguage(page, 'en');
  await page.goto('/logon');
  await expectAccessible(page);
  // oidc-provider's development pages: log in, then consent, unless its session already has them.
  const logOn = async () => {
    await page.getByRole('link', { name: /Test identity provider/ }).click();
    const menu = page.locator('.user-menu summary');
    const login = page.locator('input[name="login"]');
    const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
    for (let step = 0; step < 3; step++) {
      await expect(menu.or(login).or(consent)).toBeVisible();
      if (await login.isVisible()) {
        await login.fill('subject-1');
        await page.locator('input[name="password"]').fill('any');
        await page.locator('button[type="submit"]').click();
      } else if (await consent.isVisible()) {
        await consent.click();
      } else break;
    }
    await expect(menu).toHaveText('Oriane Delvaux');
  };
  await logOn();
  await page.locator('.user-menu summary').click();
  const number = await page.locator('.user-menu .mono').first().innerText();
  expect(number).toMatch(/^\d \d{7} \d{3} \d{2} \d{7}$/);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.locator('.user-menu')).toHaveCount(0);

  await page.goto('/logon');
  await logOn();
  await page.locator('.user-menu summary').click();
  await expect(page.locator('.user-menu .mono').first()).toHaveText(number);
});
