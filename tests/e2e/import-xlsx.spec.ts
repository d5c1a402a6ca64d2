import type { Page } from '@playwright/test';
import { excelTime, makeXlsx } from '../../src/domain/sheet/testing/make-xlsx';
import { expect as baseExpect, test } from './fixtures';

// The producer imports the running order straight from an Excel workbook.

const expect = baseExpect.configure({ timeout: 15_000 });
test.use({ viewport: { width: 1440, height: 900 } });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function newShowAndImport(page: Page) {
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill('From Excel');
  await page.getByRole('button', { name: 'Create the show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('From Excel');
  await page.getByRole('button', { name: 'Import running order (Excel or CSV)' }).click();
  return page.getByRole('dialog', { name: 'Import the running order' });
}

test('an .xlsx workbook is previewed from the sheet that holds the running order, and imported with call times', async ({
  page,
}) => {
  const workbook = makeXlsx([
    { name: 'Notes', rows: [['Nothing to import here']] },
    {
      name: 'Running order',
      rows: [
        ['SS27 — line-up'],
        [],
        ['Look #', 'Model name', 'Garment', 'Accessory', 'Call'],
        [1, 'Zoë Ñúñez', 'Ivory coat\nwide trousers', 'gloves\ncuff', { time: excelTime(14, 30) }],
        [2, 'Lina Sørensen', 'Silk slip dress', 'belt, bag', { time: excelTime(9, 5) }],
        [3, 'Zoë Ñúñez', 'Black tux', '', { time: excelTime(14, 30) }],
      ],
    },
  ]);
  const dialog = await newShowAndImport(page);
  await dialog
    .getByLabel('Running order file (Excel or CSV)')
    .setInputFiles({ name: 'line-up.xlsx', mimeType: XLSX, buffer: Buffer.from(workbook) });

  // The first sheet holds no running order, so the one that does is chosen.
  const sheet = dialog.getByLabel('Sheet of line-up.xlsx');
  await expect(sheet).toHaveValue('Running order');
  // Any other sheet can be chosen; a problem is named by Excel's row.
  await sheet.selectOption('Notes');
  await expect(dialog.getByRole('alert')).toContainText('Row 1: the header has no Look column');
  await sheet.selectOption('Running order');
  await expect(
    dialog.getByText(
      '3 looks, 2 new models, 0 matched models; no existing looks to replace. Sheet: "Running order".',
    ),
  ).toBeVisible();
  await expect(dialog.getByRole('row').filter({ hasText: 'Black tux' })).toContainText('Zoë Ñúñez');

  await dialog.getByRole('button', { name: 'Import 3 looks' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByLabel('Look 2 outfit')).toHaveValue('Silk slip dress');
  // The cell's line break is kept (a one-line field shows it in its tooltip).
  await expect(page.getByLabel('Look 1 outfit')).toHaveAttribute(
    'title',
    'Ivory coat\nwide trousers',
  );
  // The time cells became the models' call times.
  await expect(page.getByLabel('Zoë Ñúñez: call time')).toHaveValue('14:30');
  await expect(page.getByLabel('Lina Sørensen: call time')).toHaveValue('09:05');
});

test('a broken workbook is refused with a message, and nothing is written', async ({ page }) => {
  const workbook = makeXlsx([
    {
      name: 'S',
      rows: [
        ['Look', 'Model'],
        [1, 'Amara'],
      ],
    },
  ]);
  const dialog = await newShowAndImport(page);
  await dialog.getByLabel('Running order file (Excel or CSV)').setInputFiles({
    name: 'cut.xlsx',
    mimeType: XLSX,
    buffer: Buffer.from(workbook.subarray(0, workbook.length - 30)),
  });
  await expect(dialog.getByRole('alert')).toContainText(
    'This is not an Excel workbook we can open: it is cut short',
  );
  await expect(dialog.getByRole('button', { name: 'Import looks' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('0 looks · 0 models')).toBeVisible();
});
