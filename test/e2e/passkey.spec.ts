import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible } from './support.ts';

test('first visit with a passkey on this device, then log on with it', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });

  await page.goto('/');
  await chooseLanguage(page, 'en');
  await page.goto('/first-visit');
  await page.getByLabel('Surname').fill('Thill');
  await page.getByLabel('First name').fill('Nora');
  await page.getByLabel('E-mail').fill('nora.thill@example.lu');
  await page.getByLabel('Mobile').check();
  await page.getByRole('button', { name: 'Create the identity' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your passkey');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create the passkey' }).click();
  await expect(page.getByText('Your passkey is saved.')).toBeVisible();

  await page.goto('/logon');
  const sessionId = await page.locator('.session-id-value').innerText();
  await page.getByRole('link', { name: /Mobile/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mobile');
  await expect(page.locator('.session-id-value')).toHaveText(sessionId);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Continue with your passkey' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.user-menu summary')).toHaveText('Nora Thill');
});

test('the passkey page passes axe in French and explains itself', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/logon/passkey?device=security_key');
  await expect(page.getByRole('button', { name: "Continuer avec votre clé d'accès" })).toBeVisible();
  await expectAccessible(page);
});
