import type { Locator, Page } from '@playwright/test';
import { pngHeader } from '../../src/photos/image/testing/image-headers';
import { expect, test } from './fixtures';

// Photos on one kiosk: taken on the producer's laptop (a file, or the camera), framed,
// stored in the browser, and shown on the curtain and the tablet in other windows;
// carried by a backup to a fresh kiosk; refused with a clear message when the file
// or the camera cannot give a photo.

test.describe.configure({ timeout: 60_000 });

const FACE = 'tests/fixtures/model-face.jpg';
const NOT_A_PHOTO = 'tests/fixtures/running-order-broken.csv';

async function loadDemo(page: Page): Promise<void> {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible({ timeout: 15_000 });
}

const photoDialog = (page: Page): Locator => page.getByRole('dialog');

/** Open the photo dialog of a model or a look, by its button's name. */
async function openPhoto(page: Page, who: string): Promise<Locator> {
  await page.getByRole('button', { name: `Add a photo of ${who}`, exact: true }).click();
  const dialog = photoDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

type PickedFile = string | { name: string; mimeType: string; buffer: Buffer };

/** Pick a file through the dialog's file picker, as a person would. */
async function chooseFile(page: Page, dialog: Locator, file: PickedFile): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: 'Choose a photo file' }).click(),
  ]);
  await chooser.setFiles(file);
}

/** Photos held in this browser's database for the open show. */
const storedPhotos = (page: Page): Promise<number> =>
  page.evaluate(async () => (await window.__backstage!.kiosk.data!.opened()).photos.count());

const shownPhoto = (scope: Locator): Locator => scope.locator('[data-photo="shown"] img');

/** The photo has been decoded and has pixels (not a broken image). */
async function expectDecoded(image: Locator): Promise<void> {
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
}

test('a photo picked on the producer’s laptop shows on the curtain and the tablet in other windows', async ({
  page,
  context,
}) => {
  await loadDemo(page);
  const curtain = await context.newPage();
  await curtain.goto('/#/curtain');
  const next = curtain.getByRole('region', { name: /Next/ });
  await expect(next).toContainText('Amara Okafor');
  // No photo yet: the name alone, no empty frame.
  await expect(next.locator('[data-photo]')).toHaveCount(0);
  const tablet = await context.newPage();
  await tablet.goto('/#/makeup');
  const amaraCard = tablet.getByRole('article', { name: 'Amara Okafor' });
  await expect(amaraCard).toBeVisible({ timeout: 15_000 });

  // Zara's face, from the models table.
  let dialog = await openPhoto(page, 'Amara Okafor');
  await expect(dialog.getByRole('heading')).toHaveText('Face of Amara Okafor');
  await chooseFile(page, dialog, FACE);
  await expect(dialog.getByLabel(/Photo frame/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Photo saved for Amara Okafor')).toBeVisible();
  await expectDecoded(
    shownPhoto(page.getByRole('button', { name: 'Change the photo of Amara Okafor' })),
  );

  // Look 1's fitting photo, zoomed in: another crop, so another photo.
  dialog = await openPhoto(page, 'Look 1');
  await chooseFile(page, dialog, FACE);
  await dialog.getByRole('slider', { name: 'Zoom' }).fill('2');
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
  expect(await storedPhotos(page)).toBe(2);

  // The other windows of this browser show them: the tablet her face, the curtain the look's.
  await expectDecoded(shownPhoto(amaraCard));
  await expectDecoded(shownPhoto(next));
  await expect(next).toContainText('Amara Okafor');
  const [face, fitting] = await Promise.all([
    page.evaluate(() => window.__backstage!.kiosk.data!.modelsById.get('m-demo-01')?.photo),
    page.evaluate(
      () => window.__backstage!.kiosk.data!.looks.current.find((l) => l.id === 'l-demo-01')?.photo,
    ),
  ]);
  expect(face).toMatch(/^p-/);
  expect(fitting).toMatch(/^p-/);
  expect(fitting).not.toBe(face);
  // Stored small: a few tens of KB, in the best type this browser writes.
  const stored = await page.evaluate(async (id) => {
    const photo = await (await window.__backstage!.kiosk.data!.opened()).photos.get(String(id));
    return photo && { size: photo.blob.size, type: photo.blob.type, width: photo.width };
  }, face);
  expect(stored?.type).toBe('image/webp');
  expect(stored?.size).toBeLessThan(48 * 1024);
  expect(stored?.width).toBe(480);

  // Removed on the producer's screen: the tablet shows the name alone again.
  await page.getByRole('button', { name: 'Change the photo of Amara Okafor' }).click();
  await photoDialog(page).getByRole('button', { name: 'Remove photo' }).click();
  await expect(amaraCard.locator('[data-photo]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add a photo of Amara Okafor' })).toBeVisible();
  // ...and Undo puts it back.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectDecoded(shownPhoto(amaraCard));
});

test('a backup carries the photos to a fresh kiosk', async ({ page, browser }) => {
  await loadDemo(page);
  const dialog = await openPhoto(page, 'Amara Okafor');
  await chooseFile(page, dialog, FACE);
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup (JSON)' }).click(),
  ]);
  const backupPath = await download.path();

  const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const other = await fresh.newPage();
  await other.goto('/#/makeup');
  await other.getByLabel('Backup file (.json)').setInputFiles(backupPath);
  const card = other.getByRole('article', { name: 'Amara Okafor' });
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expectDecoded(shownPhoto(card));
  expect(await storedPhotos(other)).toBe(1);
  await fresh.close();
});

test('a backup whose photo was altered is refused, and nothing is restored', async ({
  page,
  browser,
}) => {
  await loadDemo(page);
  const dialog = await openPhoto(page, 'Amara Okafor');
  await chooseFile(page, dialog, FACE);
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup (JSON)' }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  const data: string = backup.photos[0].data;
  backup.photos[0].data = `${data.slice(0, 200)}${data[200] === 'A' ? 'B' : 'A'}${data.slice(201)}`;

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/#/producer');
  await other.getByLabel('Backup file (.json)').setInputFiles({
    name: 'altered.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(backup)),
  });
  await expect(
    other.getByText(/The backup is damaged: photo 1 \(p-.*\) does not match its name/),
  ).toBeVisible();
  // Still the first-run screen: no show was written.
  await expect(other.getByRole('button', { name: 'Load the demo show' })).toBeVisible();
  await fresh.close();
});

test.describe('a file that cannot become a photo', () => {
  test('a file that is not an image is refused by name, and nothing changes', async ({ page }) => {
    await loadDemo(page);
    const dialog = await openPhoto(page, 'Mei Tanaka');
    await chooseFile(page, dialog, NOT_A_PHOTO);
    await expect(dialog.getByRole('alert')).toHaveText(
      '⚠ “running-order-broken.csv” was not used. This file is not a photo (JPEG, PNG, WebP, HEIC).',
    );
    // Still offered the file picker; closing leaves no photo.
    await expect(dialog.getByRole('button', { name: 'Choose a photo file' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Add a photo of Mei Tanaka' })).toBeVisible();
    expect(await storedPhotos(page)).toBe(0);
  });

  test('an image too large to decode is refused before it is opened', async ({ page }) => {
    await loadDemo(page);
    const dialog = await openPhoto(page, 'Mei Tanaka');
    await chooseFile(page, dialog, {
      name: 'panorama.png',
      mimeType: 'image/png',
      buffer: Buffer.from(pngHeader(12_000, 9_000)),
    });
    await expect(dialog.getByRole('alert')).toContainText(
      'The photo is too large to open on this screen: 12000 × 9000 pixels (108 MP), at most 50 MP',
    );
    expect(await storedPhotos(page)).toBe(0);
  });

  test('a camera the browser refuses says so and offers the file picker', async ({
    page,
    context,
  }) => {
    await context.clearPermissions();
    await loadDemo(page);
    const dialog = await openPhoto(page, 'Mei Tanaka');
    await dialog.getByRole('button', { name: 'Take a photo' }).click();
    // Headless Chromium without a camera: blocked or none, said in words, the file picker offered.
    await expect(dialog.getByRole('alert')).toContainText(/camera/i);
    await expect(dialog.getByRole('alert')).toContainText(/choose a photo file/i);
    await expect(dialog.getByRole('button', { name: 'Choose a photo file' })).toBeVisible();
    expect(await storedPhotos(page)).toBe(0);
  });
});
