import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';
import { DEMO_PASSPHRASE } from '../../src/state/access';

// Several people run e2e at once on two cores: a write can take seconds to show. Wait longer, never sleep.
const expect = baseExpect.configure({ timeout: 15_000 });

// The producer's laptop: build the show, reorder and cut looks, export and back up.

/** A new, empty show from the first-run screen. */
async function createShow(page: Page, title: string) {
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill(title);
  await page.getByRole('button', { name: 'Create the show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

async function loadDemo(page: Page) {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible();
}

/** The outfits of the first `count` looks, as the table shows them. */
async function outfits(page: Page, count: number): Promise<string[]> {
  const values: string[] = [];
  for (let n = 1; n <= count; n++)
    values.push(await page.getByLabel(`Look ${n} outfit`).inputValue());
  return values;
}

// The demo show's first looks.
const LOOK_1 = 'Ivory wool coat, wide trousers';
const LOOK_2 = 'Black silk slip dress';
const LOOK_3 = 'Camel trench, knit bodysuit';
const LOOK_4 = 'Striped poplin shirt dress';
const LOOK_5 = 'Charcoal tailored suit';

test.use({ viewport: { width: 1440, height: 900 } });
// A full running order is a few hundred inputs; on a busy two-core machine the default 30 s is tight.
test.describe.configure({ timeout: 120_000 });

test('an edit to the show title is saved and survives a reload', async ({ page }) => {
  await createShow(page, 'Fitting day');
  const title = page.getByLabel('Title', { exact: true });
  await title.fill('Maison Lumière — AW27');
  await title.press('Tab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Maison Lumière — AW27');
  await page.getByLabel('Venue').fill('Salle 37');
  await page.getByLabel('Pacing (seconds between looks)').fill('50');
  await page.getByLabel('Pacing (seconds between looks)').press('Tab');
  await expect(page.getByRole('banner')).toContainText('Salle 37');
  await expect(page.getByText('at 50 s pacing')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Maison Lumière — AW27');
  await expect(page.getByLabel('Venue')).toHaveValue('Salle 37');
  await expect(page.getByLabel('Pacing (seconds between looks)')).toHaveValue('50');
});

test('the producer screen opens once after loading the demo, so nothing typed in its first second is lost', async ({
  page,
}) => {
  await page.goto('/#/producer');
  // Count every producer screen put into the page from the click on.
  await page.evaluate(() => {
    const w = window as unknown as { producerMounts: number };
    w.producerMounts = 0;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.matches('.producer')) w.producerMounts++;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  const form = page.getByRole('form', { name: 'Make a call' });
  await form.getByRole('radio', { name: 'To a station' }).check();
  // The demo's passphrase is set just after it loads; that must not reopen the screen.
  await expect(page.locator('.passphrase')).toContainText(DEMO_PASSPHRASE);
  await expect(form.getByRole('radio', { name: 'To a station' })).toBeChecked();
  expect(
    await page.evaluate(() => (window as unknown as { producerMounts: number }).producerMounts),
  ).toBe(1);
});

test('a model is added, checked in and given a look; another is deleted after confirming', async ({
  page,
}) => {
  await createShow(page, 'Casting');
  const addModel = page.getByRole('form', { name: 'Add a model' });
  await addModel.getByLabel('Name').fill('Amara Okafor');
  await addModel.getByLabel('Agency').fill('Elite Paris');
  await addModel.getByLabel('Station').fill('Chair 1');
  await addModel.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByLabel('Amara Okafor: agency')).toHaveValue('Elite Paris');
  await addModel.getByLabel('Name').fill('Lina Sørensen');
  await addModel.getByLabel('Name').press('Enter');
  await expect(page.getByLabel('Lina Sørensen: name')).toBeVisible();
  await expect(page.getByText('2 models, 0 checked in.')).toBeVisible();

  await page.getByRole('button', { name: 'Check in Amara Okafor' }).click();
  await expect(page.getByText(/Checked in \d\d:\d\d/)).toBeVisible();
  await expect(page.getByText('2 models, 1 checked in.')).toBeVisible();

  const addLook = page.getByRole('form', { name: 'Add a look' });
  await addLook.getByLabel('Model').selectOption({ label: 'Amara Okafor' });
  await addLook.getByLabel('Outfit').fill('Ivory coat');
  await addLook.getByRole('button', { name: 'Add look' }).click();
  await expect(page.getByLabel('Look 1 outfit')).toHaveValue('Ivory coat');
  await expect(page.getByLabel('Look 1 model').locator('option:checked')).toHaveText(
    'Amara Okafor',
  );
  await expect(
    page
      .getByRole('row')
      .filter({ has: page.getByLabel('Amara Okafor: name') })
      .getByRole('cell', { name: 'Look 1', exact: true }),
  ).toBeVisible();

  await page.getByLabel('Look 1 accessories').fill('Gold cuff | tote bag');
  await page.getByLabel('Look 1 accessories').press('Tab');
  // Saved: the list comes back written the house way.
  await expect(page.getByLabel('Look 1 accessories')).toHaveValue('Gold cuff, tote bag');
  await page.reload();
  await expect(page.getByLabel('Look 1 accessories')).toHaveValue('Gold cuff, tote bag');

  await page.getByRole('button', { name: 'Delete Lina Sørensen' }).click();
  await expect(page.getByText('Delete Lina Sørensen?')).toBeVisible();
  await page
    .getByRole('group', { name: 'Delete Lina Sørensen?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByLabel('Lina Sørensen: name')).toHaveCount(0);
  await expect(page.getByText('1 model, 1 checked in.')).toBeVisible();
});

test('looks are reordered with the keyboard, the move buttons and by drag', async ({ page }) => {
  await loadDemo(page);
  await expect.poll(() => outfits(page, 5)).toEqual([LOOK_1, LOOK_2, LOOK_3, LOOK_4, LOOK_5]);

  // Keyboard: the handle of look 5, ArrowUp.
  await page.getByRole('button', { name: 'Reorder Look 5', exact: true }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
    'Look 5 moved to position 4',
  );
  await expect(page.getByLabel('Look 4 outfit')).toHaveValue(LOOK_5);
  await expect(page.getByLabel('Look 5 outfit')).toHaveValue(LOOK_4);
  // Focus stays on the moved look's handle, so the next press moves it again.
  await expect(page.getByRole('button', { name: 'Reorder Look 4', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
    'Look 4 moved to position 5',
  );
  await expect(page.getByLabel('Look 5 outfit')).toHaveValue(LOOK_5);

  // Alt+ArrowUp from a cell of the row.
  await page.getByLabel('Look 3 shoes').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
    'Look 3 moved to position 2',
  );
  await expect.poll(() => outfits(page, 4)).toEqual([LOOK_1, LOOK_3, LOOK_2, LOOK_4]);

  // The explicit button.
  await page.getByRole('button', { name: 'Move Look 3 up' }).click();
  await expect.poll(() => outfits(page, 4)).toEqual([LOOK_1, LOOK_2, LOOK_3, LOOK_4]);
  await expect(page.getByLabel('Look 2 outfit')).toHaveValue(LOOK_2);

  // Drag look 1 by its handle onto the upper half of look 4's row: it lands just before it.
  const target = page.getByRole('row').filter({ has: page.getByLabel('Look 4 outfit') });
  await page
    .getByRole('button', { name: 'Reorder Look 1', exact: true })
    .dragTo(target, { targetPosition: { x: 200, y: 4 } });
  await expect(page.getByLabel('Look 3 outfit')).toHaveValue(LOOK_1);
  await expect.poll(() => outfits(page, 4)).toEqual([LOOK_2, LOOK_3, LOOK_1, LOOK_4]);

  // The new order is stored, not just shown.
  await page.reload();
  await expect(page.getByLabel('Look 3 outfit')).toHaveValue(LOOK_1);
  await expect.poll(() => outfits(page, 4)).toEqual([LOOK_2, LOOK_3, LOOK_1, LOOK_4]);
});

test('a cut look stays in place, struck through and unnumbered, and comes back when restored', async ({
  page,
}) => {
  await loadDemo(page);
  await page.getByRole('button', { name: 'Cut Look 3', exact: true }).click();
  const cut = page.getByLabel(`Cut look (${LOOK_3}) outfit`);
  await expect(cut).toHaveValue(LOOK_3);
  await expect(cut).toHaveCSS('text-decoration-line', 'line-through');
  await expect(page.getByRole('row').filter({ has: cut }).getByRole('rowheader')).toHaveText(
    /^\W*cut$/,
  );
  // Later looks move up a number; the cut one keeps its place between looks 2 and 3.
  await expect(page.getByLabel('Look 3 outfit')).toHaveValue(LOOK_4);
  await expect(page.getByText('31 looks, 1 cut.')).toBeVisible();
  await expect(page.getByLabel('Look 32 outfit')).toHaveCount(0);

  await page.getByRole('button', { name: `Restore Cut look (${LOOK_3})` }).click();
  await expect(page.getByLabel('Look 3 outfit')).toHaveValue(LOOK_3);
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible();
  await expect(page.getByText('32 looks.')).toBeVisible();
});

test('the running order is exported as CSV that names the show', async ({ page }) => {
  await loadDemo(page);
  await page.getByRole('button', { name: 'Cut Look 2', exact: true }).click();
  await expect(page.getByText('31 looks, 1 cut.')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export running order (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('maison-lumiere-spring-summer-27-running-order.csv');
  const text = await readFile(await download.path(), 'utf8');
  const lines = text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(
    'Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes,Station',
  );
  expect(lines).toHaveLength(32);
  expect(lines[1]).toMatch(
    /^1,Amara Okafor,Opening,"Ivory wool coat, wide trousers",Gold cuff \| Tote bag,/,
  );
  // The cut look is left out and the next one is look 2.
  expect(lines[2]).toMatch(/^2,Mei Tanaka,Opening,"Camel trench, knit bodysuit",/);
  expect(lines.filter((line) => line.includes('Lina Sørensen'))).toHaveLength(1);
});

test('a backup restores the same show on a fresh kiosk, and a wrong file is refused', async ({
  page,
  browser,
}) => {
  await loadDemo(page);
  const title = page.getByLabel('Title', { exact: true });
  await title.fill('Backup rehearsal');
  await title.press('Tab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Backup rehearsal');
  await page.getByRole('button', { name: 'Cut Look 2', exact: true }).click();
  await expect(page.getByText('31 looks, 1 cut.')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^backup-rehearsal-backup-\d{4}-\d\d-\d\d-\d{4}\.json$/,
  );
  const backupPath = await download.path();

  const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const other = await fresh.newPage();
  await createShow(other, 'Empty kiosk');

  // A CSV is not a backup: refused with a clear message, the show untouched.
  await other
    .getByLabel('Backup file to restore')
    .setInputFiles('tests/fixtures/running-order-semicolon-bom.csv');
  await expect(
    other.getByText(/Not restored: This file is not a Backstage kiosk backup/),
  ).toBeVisible();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Empty kiosk');

  await other.getByLabel('Backup file to restore').setInputFiles(backupPath);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Backup rehearsal');
  await expect(other.getByText('31 looks, 1 cut.')).toBeVisible();
  await expect(other.getByLabel(`Cut look (${LOOK_2}) outfit`)).toBeVisible();
  await expect(other.getByLabel('Look 31 outfit')).toBeVisible();
  await expect(other.getByText('16 models, 12 checked in.')).toBeVisible();

  // The kiosk stays on the restored show.
  await other.reload();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Backup rehearsal');
  await fresh.close();
});
