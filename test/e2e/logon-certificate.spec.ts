import { expect, test } from '@playwright/test';
import { chooseLanguage, e2ePorts, expectAccessible } from './support.ts';

test('first visit with a smartcard, then log on with its certificate over mutual TLS', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await chooseLanguage(page, 'en');
  await page.goto('/first-visit');
  await page.getByLabel('Surname').fill('Weber');
  await page.getByLabel('First name').fill('Jos');
  await page.getByLabel('E-mail').fill('jos.weber@example.lu');
  await page.getByLabel('Smartcard').check();
  await page.getByRole('button', { name: 'Create the identity' }).click();
  await expectAccessible(page);
  const number = await page.locator('[data-field="certificateNumber"]').innerText();
  expect(number).toMatch(/^\d \d{7} \d{3} \d{2} \d{7}$/);
  const passphrase = await page.locator('[data-field="password"]').innerText();
  const href = (await page.locator('[data-field="p12"]').getAttribute('href')) ?? '';
  const pfx = Buffer.from(href.replace(/^data:application\/x-pkcs12;base64,/, ''), 'base64');

  // The browser that holds the certificate: Playwright presents it to the TLS listener.
  const holder = await browser.newContext({
    locale: 'en-GB',
    ignoreHTTPSErrors: true, // the listener's certificate is signed by the demo CA
    clientCertificates: [{ origin: `https://localhost:${e2ePorts.tlsPort}`, pfx, passphrase }],
  });
  const card = await holder.newPage();
  await card.goto('/logon');
  const sessionId = await card.locator('.session-id-value').innerText();
  await card.getByRole('link', { name: /Smartcard/ }).click();
  await expect(card.locator('.session-id-value')).toHaveText(sessionId);
  await expectAccessible(card);
  await card.locator('[data-certificate-logon]').click();
  await expect(card.locator('.user-menu summary')).toHaveText('Jos Weber');
  await card.locator('.user-menu summary').click();
  await expect(card.locator('.user-menu')).toContainText(number);

  // Without the certificate, the listener refuses and says so.
  const stranger = await browser.newContext({ locale: 'en-GB', ignoreHTTPSErrors: true });
  const other = await stranger.newPage();
  await other.goto('/logon/certificate?device=smartcard');
  await other.locator('[data-certificate-logon]').click();
  await expect(other.getByRole('heading', { level: 1 })).toContainText(/refused/i);
  await expect(other.locator('.user-menu')).toHaveCount(0);
  await holder.close();
  await stranger.close();
});
