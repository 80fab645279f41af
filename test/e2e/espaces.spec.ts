import { expect, test } from '@playwright/test';
import { createTokenIdentity, expectAccessible, fillTokenForm, fitsWidth } from './support.ts';

test('a head of company sets up a business eSpace and designates a Manager who joins by e-mail', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  const headContext = await browser.newContext({ locale: 'en-GB' });
  const head = await headContext.newPage();
  const karine = await createTokenIdentity(head, {
    surname: 'Maitry',
    firstName: 'Karine',
    email: `karine.${suffix}@example.lu`,
  });
  const employeeContext = await browser.newContext({ locale: 'en-GB' });
  const employee = await employeeContext.newPage();
  const marc = await createTokenIdentity(employee, {
    surname: 'Eschlin',
    firstName: 'Marc',
    email: `marc.${suffix}@example.lu`,
  });

  // The head logs on and sets up the business eSpace.
  await head.goto('/logon');
  await head.getByRole('link', { name: /Token/ }).click();
  await fillTokenForm(head, karine);
  // No eSpace selected yet: the menu offers "Manage my eSpaces", as the seed's first step says.
  await head.locator('.user-menu summary').click();
  await head.getByRole('link', { name: 'Manage my eSpaces' }).click();
  await expect(head.getByRole('heading', { level: 1 })).toHaveText('Manage my eSpaces');
  await expectAccessible(head);
  await head.getByRole('link', { name: 'Set up a business eSpace' }).click();
  await expect(head.getByRole('heading', { level: 1 })).toHaveText('Setting up a business eSpace');
  await expect(head.getByLabel('Your e-mail')).toHaveValue(`karine.${suffix}@example.lu`);
  // The language of all procedures is asked, starting from the language she reads.
  await expect(
    head.getByRole('group', { name: /Language of all procedures/ }).getByLabel('English'),
  ).toBeChecked();
  await expect(head.getByLabel('Name of the business eSpace')).toHaveAttribute('maxlength', '120');
  await expectAccessible(head);
  await head.getByLabel('Name of the business eSpace').fill('Social elections 2026');
  await head.getByLabel('Company name / Corporate name').fill('Maitry Bâtiment SARL');
  await head.getByRole('button', { name: 'Confirm' }).click();
  await expect(head.getByText('The business eSpace has been created.')).toBeVisible();
  await expect(head.locator('.space-indicator')).toHaveText('Social elections 2026');
  await expect(head.getByText('You are the only Administrator of this eSpace.')).toBeVisible();
  await expectAccessible(head);

  // The last Administrator can neither leave nor be removed.
  await head.getByRole('link', { name: 'Users' }).click();
  await head.getByRole('button', { name: 'Leave this eSpace' }).click();
  await expect(head.getByRole('alert')).toContainText('at least one active Administrator');
  await head.getByRole('link', { name: 'Manage Karine Maitry' }).click();
  // A calm red outline, not the look of the main action.
  const remove = head.getByRole('button', { name: 'Remove from the eSpace' });
  await expect(remove).toHaveCSS('color', 'rgb(177, 19, 28)');
  await expect(remove).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await remove.click();
  await expect(head.getByRole('alert')).toContainText('at least one active Administrator');
  await expectAccessible(head);
  await head.getByRole('link', { name: 'Back to the users' }).click();
  await expect(head.locator('tr', { hasText: 'Karine Maitry' })).toContainText('Activated');

  // "Add a user": three steps, Back keeps what was typed.
  await head.getByRole('link', { name: '+ Add a user' }).click();
  await expect(head.getByText('Step 1/3')).toBeVisible();
  await head.getByLabel('Surname').fill('Eschlin');
  await head.getByLabel('First name').fill('Marc');
  await head.getByLabel('E-mail').fill(`marc.${suffix}@example.lu`);
  await head.getByRole('button', { name: 'Next' }).click();
  await expect(head.getByText('Step 2/3')).toBeVisible();
  await head.getByLabel('Certificate number').fill(marc.certificateNumber);
  await head.getByRole('button', { name: 'Back' }).click();
  await expect(head.getByLabel('Surname')).toHaveValue('Eschlin');
  await head.getByRole('button', { name: 'Next' }).click();
  await expect(head.getByLabel('Certificate number')).toHaveValue(marc.certificateNumber);
  // Enter goes forward, as "Next" does (not back, though "Back" is a button of the form too).
  await head.getByLabel('Certificate number').press('Enter');
  await expect(head.getByText('Step 3/3')).toBeVisible();
  await expectAccessible(head);
  await head.locator('#role-manager').check();
  await head.getByRole('button', { name: 'Invite' }).click();
  await expect(head.getByText('The invitation has been sent.')).toBeVisible();
  await expect(head.locator('tr', { hasText: 'Marc Eschlin' })).toContainText('Invited');
  await expectAccessible(head);

  // Marc finds the e-mail (the development mailbox), logs on with his token and accepts.
  await employee.goto('/dev/mailbox');
  await employee
    .locator('tr', { hasText: `marc.${suffix}@example.lu` })
    .getByRole('link', { name: 'Business eSpace - Invitation to join the Business eSpace' })
    .click();
  const text = await employee.locator('pre.mail-text').innerText();
  const link = text.match(/https?:\/\/\S+\/invitations\/[\w-]+/)?.[0];
  expect(link).toBeTruthy();
  await employee.goto(link!);
  await expect(employee).toHaveURL(/\/logon\?next=/);
  await employee.getByRole('link', { name: /Token/ }).click();
  await fillTokenForm(employee, marc);
  await expect(employee.getByRole('heading', { level: 1 })).toHaveText(
    'Invitation to join a business eSpace',
  );
  await expectAccessible(employee);
  await employee.getByRole('button', { name: 'Accept' }).click();
  await expect(employee.getByText('Welcome: you have joined this eSpace.')).toBeVisible();
  await expect(employee.locator('.space-indicator')).toHaveText('Social elections 2026');
  // He works in the eSpace: reads the users, does not manage them.
  await employee.getByRole('link', { name: 'Users' }).click();
  await expect(employee.locator('tr', { hasText: 'Karine Maitry' })).toContainText('Administrator');
  await expect(employee.getByRole('link', { name: '+ Add a user' })).toHaveCount(0);
  await employee.setViewportSize({ width: 320, height: 800 });
  expect(await fitsWidth(employee)).toBe(true);
  await expectAccessible(employee);
  await employee.setViewportSize({ width: 1280, height: 800 });

  // The head completes the information sheet; Marc is told in My communications and reads it
  // (every member does), but a Manager may not edit it.
  await head.goto('/space/profile/edit');
  await head.getByLabel('Office phone').fill('+352 247 82000');
  await head.getByRole('button', { name: 'Save' }).click();
  await expect(head.getByText('The information sheet has been saved.')).toBeVisible();
  await employee.goto('/space/profile');
  await expect(employee.locator('.space-nav .badge')).toBeVisible();
  await employee.getByRole('link', { name: /My communications/ }).click();
  await expect(
    employee.getByText('Karine Maitry changed the information sheet of the eSpace.'),
  ).toBeVisible();
  await expectAccessible(employee);
  // Showing the list marks nothing read; the button does (a plain form post).
  await expect(employee.locator('.space-nav .badge')).toBeVisible();
  await employee.getByRole('button', { name: 'Mark as read' }).click();
  await expect(employee.getByText('The communications shown are marked as read.')).toBeVisible();
  await expect(employee.locator('.space-nav .badge')).toHaveCount(0);
  await employee.goto('/space/profile');
  await expect(employee.locator('dl.summary')).toContainText('+352 247 82000');
  await expect(employee.locator('dl.summary')).toContainText('Maitry Bâtiment SARL');
  await expect(employee.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(employee.getByText('Ask an Administrator of this eSpace')).toBeVisible();
  await employee.goto('/space/profile/edit');
  await expect(employee.getByRole('heading', { level: 1 })).toHaveText('Action not allowed');

  // The head designates Marc as second Administrator; the recommendation goes away.
  await head.goto('/space/users');
  await expect(head.locator('tr', { hasText: 'Marc Eschlin' })).toContainText('Activated');
  await head.getByRole('link', { name: 'Manage Marc Eschlin' }).click();
  await head.locator('#role-administrator').check();
  await head.getByRole('button', { name: 'Change the role' }).click();
  await expect(head.getByText('The role has been changed.')).toBeVisible();
  await head.getByRole('link', { name: 'Information sheet' }).click();
  await expect(head.getByText('You are the only Administrator of this eSpace.')).toHaveCount(0);

  // Marc sees it in My communications.
  await employee.goto('/space/profile');
  await expect(employee.locator('.space-nav .badge')).toBeVisible();
  await employee.getByRole('link', { name: /My communications/ }).click();
  await expect(employee.getByText(/changed the role of Marc Eschlin to Administrator/)).toBeVisible();
  await expectAccessible(employee);
  await headContext.close();
  await employeeContext.close();
});
