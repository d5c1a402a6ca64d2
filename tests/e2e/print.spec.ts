import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Paper for the rails: the producer prints the line-up's running order and one sheet
// per dresser through the browser's print dialog. The PDF Chromium makes of the page
// is what the printer gets.

const expect = baseExpect.configure({ timeout: 15_000 });
test.use({ viewport: { width: 1440, height: 900 } });

/** Pages of a PDF made by Chromium: one `/Type /Page` object each (`/Pages` is the tree). */
const pageCount = (pdf: Buffer): number =>
  pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

async function producerWithDemo(page: Page): Promise<void> {
  // The print dialog is the browser's; here it only counts how often it was asked for.
  await page.addInitScript(() => {
    const counted = window as unknown as { printed: number };
    counted.printed = 0;
    window.print = () => {
      counted.printed += 1;
    };
  });
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByText('32 looks · 16 models')).toBeVisible();
}

async function print(page: Page, choice: RegExp): Promise<Buffer> {
  const before = await page.evaluate(() => (window as unknown as { printed: number }).printed);
  await page.getByRole('button', { name: 'Print…' }).click();
  await page
    .getByRole('group', { name: 'What to print' })
    .getByRole('button', { name: choice })
    .click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
    .toBe(before + 1);
  return page.pdf({ preferCSSPageSize: true, printBackground: true });
}

test('one A4 page per dresser, each with her looks, models, outfits and quick changes', async ({
  page,
}, testInfo) => {
  await producerWithDemo(page);
  const pdf = await print(page, /Dressers’ sheets/);
  await writeFile(testInfo.outputPath('dressers.pdf'), pdf);
  // The demo show's six dressers: Ana, Jo, Lou, Marc, Priya, Theo.
  expect(pageCount(pdf)).toBe(6);

  // What the paper says, seen as the printer sees it (after printing, Ctrl+P prints all again).
  await page.emulateMedia({ media: 'print' });
  const sheets = page.getByTestId('print-sheets');
  const dresserNames = sheets
    .getByRole('heading', { level: 1 })
    .filter({ hasNotText: 'Running order' });
  await expect(dresserNames).toHaveText(['Ana', 'Jo', 'Lou', 'Marc', 'Priya', 'Theo']);
  const jo = sheets
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'Jo', exact: true }) });
  await expect(jo.getByText('Look 1', { exact: true })).toBeVisible();
  await expect(jo).toContainText('Amara Okafor');
  await expect(sheets).toContainText(/Quick change from look \d+/);
  await page.screenshot({ path: testInfo.outputPath('dressers-print.png'), fullPage: true });
  // The screen is not on the paper.
  await expect(page.getByRole('heading', { name: 'Running order', level: 2 })).toBeHidden();
});

test('the running order for the line-up: 20 looks to a page, so 32 looks are two pages', async ({
  page,
}, testInfo) => {
  await producerWithDemo(page);
  const pdf = await print(page, /Running order for the line-up/);
  await writeFile(testInfo.outputPath('running-order.pdf'), pdf);
  expect(pageCount(pdf)).toBe(2);

  // Both: two pages of running order and six dressers' sheets.
  const both = await print(page, /^Both$/);
  expect(pageCount(both)).toBe(8);
  // On screen nothing of it shows.
  await expect(page.getByTestId('print-sheets')).toBeHidden();
});

test('long names and long outfits still give 20 looks to a page', async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    window.print = () => undefined;
  });
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill('A long show');
  await page.getByRole('button', { name: 'Create the show' }).click();
  await page.getByRole('button', { name: 'Import running order (Excel or CSV)' }).click();
  const long = 'Anastasia Konstantinopoulou-Vanderbilt de la Tour';
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `${i + 1},${long} ${i + 1},Finale,Hand-embroidered ivory silk organza gown with a detachable cathedral train and pearl buttons,"Gold cuff | Pearl drop earrings | Silk gloves | Crystal headpiece",Satin platform pumps with ankle straps,Marie-Christine Dubois-Lefèvre`,
  );
  const dialog = page.getByRole('dialog', { name: 'Import the running order' });
  await dialog
    .getByLabel('Or paste the running order')
    .fill(['Look,Model,Section,Outfit,Accessories,Shoes,Dresser', ...rows].join('\n'));
  await dialog.getByRole('button', { name: 'Import 40 looks' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Print…' }).click();
  await page.getByRole('button', { name: /Running order for the line-up/ }).click();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await writeFile(testInfo.outputPath('long-running-order.pdf'), pdf);
  expect(pageCount(pdf)).toBe(2);
});
