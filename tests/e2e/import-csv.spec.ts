import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Several people run e2e at once on two cores: a write can take seconds to show. Wait longer, never sleep.
const expect = baseExpect.configure({ timeout: 15_000 });

// The producer imports the running order from a spreadsheet; the wall shows it at once.

test.use({ viewport: { width: 1440, height: 900 } });
// Two windows and a full running order: give a busy two-core machine room.
test.describe.configure({ timeout: 120_000 });

async function openImport(page: Page) {
  await page.getByRole('button', { name: 'Import running order (Excel or CSV)' }).click();
  await expect(page.getByRole('dialog', { name: 'Import the running order' })).toBeVisible();
}

/** The running order on the wall, one list item per look. */
const wallLooks = (wall: Page) =>
  wall.getByRole('region', { name: 'Running order' }).getByRole('listitem');

test('a semicolon CSV from Excel (BOM, quoted line breaks) is previewed, imported and shown on the wall', async ({
  page,
  context,
}) => {
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill('Import day');
  await page.getByRole('button', { name: 'Create the show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import day');

  const wall = await context.newPage();
  await wall.goto('/#/wall');
  await expect(wall.getByText('The running order is empty')).toBeVisible();

  await openImport(page);
  const dialog = page.getByRole('dialog', { name: 'Import the running order' });
  await dialog
    .getByLabel('Running order file (Excel or CSV)')
    .setInputFiles('tests/fixtures/running-order-semicolon-bom.csv');
  await expect(
    dialog.getByText(
      '8 looks, 6 new models, 0 matched models; no existing looks to replace. Delimiter: semicolon. Ignored columns: "Fitting".',
    ),
  ).toBeVisible();
  // The preview: look 4's outfit kept its semicolon, "lena  fischer" is the same model as look 2.
  await expect(
    dialog.getByRole('row').filter({ hasText: 'Pleated skirt; cropped knit' }),
  ).toContainText('Sofia Marquez');
  await expect(dialog.getByRole('row').filter({ hasText: 'Silver slip dress' })).toContainText(
    'Lena Fischer',
  );
  // Nothing is written before the button.
  await expect(wall.getByText('The running order is empty')).toBeVisible();

  await dialog.getByRole('button', { name: 'Import 8 looks' }).click();
  await expect(dialog).toHaveCount(0);

  // The producer's table.
  await expect(page.getByLabel('Look 8 outfit')).toHaveValue('Silver slip dress');
  await expect(page.getByLabel('Look 1 model').locator('option:checked')).toHaveText(
    'Amara Okafor',
  );
  await expect(page.getByLabel('Look 8 model').locator('option:checked')).toHaveText(
    'Lena Fischer',
  );
  await expect(page.getByLabel('Look 4 outfit')).toHaveValue('Pleated skirt; cropped knit');
  await expect(page.getByLabel('Look 3 accessories')).toHaveValue('Belt, sunglasses');
  await expect(page.getByLabel('Look 3 walk notes')).toHaveValue(
    'QUICK CHANGE: coat off at the curtain.\nJonas waits stage left.',
  );
  await expect(page.getByText('6 models, 0 checked in.')).toBeVisible();
  // Amara walks looks 1 and 3: flagged as a quick change.
  await expect(
    page.getByRole('row').filter({ has: page.getByLabel('Look 3 outfit') }),
  ).toContainText('Quick change from look 1 (1 look between, 1:30)');

  // The wall, in another window of the same browser.
  await expect(wallLooks(wall)).toHaveCount(8);
  await expect(wallLooks(wall).first()).toContainText('Look 1');
  await expect(wallLooks(wall).first()).toContainText('Amara Okafor');
  await expect(wallLooks(wall).nth(3)).toContainText('Sofia Marquez');
  await expect(wallLooks(wall).last()).toContainText('Look 8');
  await expect(wallLooks(wall).last()).toContainText('Lena Fischer');
});

test('a broken CSV is refused with its line numbers, and nothing is written', async ({
  page,
  context,
}) => {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible();

  const wall = await context.newPage();
  await wall.goto('/#/wall');
  await expect(wallLooks(wall).first()).toContainText('Amara Okafor');
  await expect(wall.getByText('0 of 32 out')).toBeVisible();

  await openImport(page);
  const dialog = page.getByRole('dialog', { name: 'Import the running order' });
  await dialog
    .getByLabel('Running order file (Excel or CSV)')
    .setInputFiles('tests/fixtures/running-order-broken.csv');
  const problems = dialog.getByRole('alert');
  await expect(problems).toContainText('nothing was imported');
  await expect(problems.getByRole('listitem')).toHaveText([
    'Line 5, column "Model" (2): the model\'s name is missing',
    'Line 7, column "Look" (1): "12b" is not a look number',
    'Line 9, column "Look" (1): look 3 already on line 8',
  ]);
  await expect(dialog.getByRole('button', { name: 'Import looks' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // The running order is as it was, here and on the wall.
  await expect(page.getByText('32 looks.')).toBeVisible();
  await expect(page.getByLabel('Look 1 outfit')).toHaveValue('Ivory wool coat, wide trousers');
  await expect(page.getByLabel('Look 1 model').locator('option:checked')).toHaveText(
    'Amara Okafor',
  );
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible();
  await expect(page.getByText('16 models, 12 checked in.')).toBeVisible();
  await expect(wall.getByText('0 of 32 out')).toBeVisible();
  await expect(wallLooks(wall).first()).toContainText('Amara Okafor');
  await expect(wall.getByText('Yuki Tanaka')).toHaveCount(0);
});
