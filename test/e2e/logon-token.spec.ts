import { expect, test } from '@playwright/test';
import { chooseLanguage, demoCredentials, expectAccessible, fitsWidth, languages } from './support.ts';

test('a demo identity logs on with a token in ten seconds and logs out', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Se connecter' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  const sessionId = await page.locator('.session-id-value').innerText();
  expect(sessionId).toMatch(/^[A-Z]{2}\d{4}$/);
  await expectAccessible(page);

  const { password, code } = await demoCredentials(page, 'karine');
  await page.goto('/logon');
  await page.getByRole('link', { name: /Token/ }).click();
  await expect(page.locator('.session-id-value')).toHaveText(sessionId);
  await expectAccessible(page);
  await page.getByLabel('Identifiant utilisateur').fill('karine');
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByLabel('Code à usage unique').fill(code);
  await page.getByRole('button', { name: 'Se connecter' }).click();

  await expect(page).toHaveURL(/\/$/);
  const menu = page.locator('.user-menu');
  await expect(menu.locator('summary')).toHaveText('Karine Maitry');
  await menu.locator('summary').click();
  await expect(menu).toContainText(/Numéro de certificat : \d \d{7} \d{3} \d{2} \d{7}/);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screenshots/logged-on-fr.png' });

  await menu.getByRole('link', { name: 'Coupler un produit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Mes produits d’authentification'.replace('’', "'"),
  );
  await expectAccessible(page);

  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/logon\?next=%2Fdevices/);
});

test('a wrong code is refused with an error summary that keeps the user ID', async ({ page }) => {
  await page.goto('/logon/token');
  await page.getByLabel('Identifiant utilisateur').fill('marc');
  await page.getByLabel('Mot de passe').fill('not-the-password');
  await page.getByLabel('Code à usage unique').fill('123456');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Il y a un problème');
  await expect(page.getByLabel('Identifiant utilisateur')).toHaveValue('marc');
  await expectAccessible(page);
});

for (const lang of languages) {
  test(`log on pages pass axe and fit 320 px in ${lang}`, { tag: '@layout' }, async ({ page }) => {
    await page.goto('/');
    await chooseLanguage(page, lang);
    for (const path of ['/logon', '/logon/token', '/demo-identities', '/first-visit']) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(path);
      await expectAccessible(page);
      await page.setViewportSize({ width: 320, height: 700 });
      expect(await fitsWidth(page), `${path} at 320 px`).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/logon');
    await page.screenshot({ path: `test-results/screenshots/logon-${lang}.png`, fullPage: true });
  });
}

test('first visit: create a test identity with a token, then log on with it', async ({ page }) => {
  await page.goto('/');
  await chooseLanguage(page, 'en');
  await page.goto('/first-visit');
  await page.getByRole('button', { name: 'Create the identity' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter your surname');
  await expectAccessible(page);
  await page.getByLabel('Surname').fill('Hoffmann');
  await page.getByLabel('First name').fill('Lea');
  await page.getByLabel('E-mail').fill('lea.hoffmann@example.lu');
  await page.getByLabel('Token').check();
  await page.getByRole('button', { name: 'Create the identity' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your token is ready');
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(page);
  const login = await page.locator('[data-field="login"]').innerText();
  const password = await page.locator('[data-field="password"]').innerText();
  const secret = await page.locator('[data-field="secret"]').innerText();
  const { TOTP, Secret } = await import('otpauth');
  const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

  await page.getByRole('link', { name: 'Log on now' }).click();
  await page.getByLabel('User ID').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Log on' }).click();
  await expect(page.locator('.user-menu summary')).toHaveText('Lea Hoffmann');
});
