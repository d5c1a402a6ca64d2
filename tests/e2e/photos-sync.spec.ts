import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import type {} from '../support/backstage-window';
import { addTestPhotos, storeTestPhotos } from '../support/test-photos';
import { expect, test } from './fixtures';
import { closeAfterTest, closeKiosks, corner, join, kioskPage, loadDemo } from './kiosks';

// Photos travel between kiosks: separate browser contexts (separate IndexedDB), real
// WebRTC through the real PeerServer. A photo picked on the producer's laptop reaches
// the curtain; a kiosk closed meanwhile gets the photos when it returns; and a tap
// still reaches another kiosk at once while it is receiving 40 photos.

test.describe.configure({ timeout: 150_000 });

const FACE = 'tests/fixtures/model-face.jpg';

// Contexts left open keep syncing and starve the next journey of the two cores.
test.afterEach(closeKiosks);

/** Pick a file through the photo dialog of a model or look, and save it, as the producer would. */
async function addPhoto(page: Page, who: string, zoom?: string): Promise<void> {
  await page.getByRole('button', { name: `Add a photo of ${who}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: 'Choose a photo file' }).click(),
  ]);
  await chooser.setFiles(FACE);
  await expect(dialog.getByLabel(/Photo frame/)).toBeVisible();
  // Another crop of the same file is another photo (its bytes, so its id, differ).
  if (zoom) await dialog.getByRole('slider', { name: 'Zoom' }).fill(zoom);
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
}

const storedPhotos = (page: Page): Promise<number> =>
  page.evaluate(async () => (await window.__backstage!.kiosk.data!.opened()).photos.count());

/** The photo in `scope` is shown, decoded, with pixels. */
async function expectPhotoShown(scope: Locator): Promise<void> {
  const image = scope.locator('[data-photo="shown"] img');
  await expect(image).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
}

test('a photo picked on the producer’s laptop appears on another kiosk’s curtain', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const curtain = await kioskPage(browser);
  await join(curtain, invite, 'Curtain display', 'Curtain', { arrive: true });
  await expect(corner(curtain)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 20_000 });
  const next = curtain.getByRole('region', { name: /Next/ });
  await expect(next).toContainText('Amara Okafor');
  await expect(next.locator('[data-photo]')).toHaveCount(0);

  await addPhoto(producer, 'Look 1');

  // The curtain gets the look's new photo field, then its bytes, and shows it without a reload.
  await expectPhotoShown(next);
  await expect(next).toContainText('Amara Okafor');
  expect(await storedPhotos(curtain)).toBe(1);
  const [there, here] = await Promise.all(
    [curtain, producer].map((page) =>
      page.evaluate(async () => {
        const data = window.__backstage!.kiosk.data!;
        const id = String(data.looks.current.find((look) => look.id === 'l-demo-01')?.photo);
        const photo = await (await data.opened()).photos.get(id);
        return photo && [...new Uint8Array(await photo.blob.arrayBuffer())].join();
      }),
    ),
  );
  expect(there).toBeTruthy();
  expect(there).toBe(here);
});

test('a kiosk without a photo shows the name in its frame until the photo arrives, then the photo without a reload', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const curtain = await kioskPage(browser);
  await curtain.setViewportSize({ width: 1920, height: 1080 });
  await join(curtain, invite, 'Curtain display', 'Curtain', { arrive: true });
  await expect(corner(curtain)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 20_000 });
  const next = curtain.getByRole('region', { name: /Next/ });

  // Look 1 names a photo no kiosk holds yet.
  const photo = await addTestPhotos(producer, 1, { isStored: false });
  await expect(next.locator('[data-photo="waiting"]')).toBeVisible({ timeout: 20_000 });
  await expect(next).toContainText('Amara Okafor');
  await expect(next.locator('img')).toHaveCount(0);
  await curtain.screenshot({ path: test.info().outputPath('curtain-photo-waiting.png') });

  // The producer's kiosk comes to hold it: the curtain asks again and shows it.
  await storeTestPhotos(producer, photo);
  await expectPhotoShown(next);
  await expect(next).toContainText('Amara Okafor');
  await curtain.screenshot({ path: test.info().outputPath('curtain-photo-arrived.png') });
});

test('a kiosk that was closed while photos were added gets them when it returns', async ({
  browser,
  pageErrors,
}) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  // The curtain keeps its storage across a close: a persistent browser profile.
  const profile = mkdtempSync(path.join(tmpdir(), 'backstage-photos-'));
  const baseURL = test.info().project.use.baseURL;
  const open = async (): Promise<BrowserContext> => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS],
      baseURL,
    });
    pageErrors.watch(context);
    closeAfterTest(context);
    return context;
  };
  try {
    let context = await open();
    let curtain = context.pages()[0] ?? (await context.newPage());
    await join(curtain, invite, 'Curtain display', 'Curtain', { arrive: true });
    await expect(corner(curtain)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 20_000 });
    await curtain.close();
    await context.close();
    await expect(corner(producer)).toHaveText(/Looking for kiosks/, { timeout: 15_000 });

    // While it is closed: the look's polaroid and the model's face.
    await addPhoto(producer, 'Look 1');
    await addPhoto(producer, 'Amara Okafor', '2');
    expect(await storedPhotos(producer)).toBe(2);

    context = await open();
    curtain = context.pages()[0] ?? (await context.newPage());
    await curtain.goto('/');
    await expect(curtain).toHaveURL(/#\/curtain$/, { timeout: 20_000 });
    const next = curtain.getByRole('region', { name: /Next/ });
    await expect(next).toContainText('Amara Okafor', { timeout: 20_000 });
    await expectPhotoShown(next);
    await expect.poll(() => storedPhotos(curtain), { timeout: 20_000 }).toBe(2);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a tap reaches another kiosk at once while it is receiving 40 photos', async ({ browser }) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const { ids } = await addTestPhotos(producer, 40);
  expect(new Set(ids).size).toBe(40);
  // The producer's kiosk taps from the tablet screen.
  await producer.goto('/#/makeup');
  const dressed = producer
    .getByRole('article', { name: 'Amara Okafor' })
    .getByRole('group', { name: 'Look 1', exact: true })
    .getByRole('button', { name: 'Dressed' });
  await expect(dressed).toBeVisible({ timeout: 15_000 });

  // A wall joins: it catches up with the show, then fetches the 40 photos.
  const wall = await kioskPage(browser);
  await join(wall, invite, 'Relaxation wall', 'Wall by the mirrors', { arrive: true });
  const amara = wall
    .getByRole('region', { name: 'Running order' })
    .getByRole('listitem')
    .filter({ hasText: 'Amara Okafor' })
    .first();
  await expect(amara).toContainText('Needs Dressed', { timeout: 20_000 });
  await expect
    .poll(() => wall.evaluate(() => window.__backstage!.sync.photoStatus?.received ?? 0), {
      timeout: 30_000,
      intervals: [50],
    })
    .toBeGreaterThan(0);

  // The wall notes how many photos it had when the tap painted there.
  const painted = wall.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          const row = [
            ...document.querySelectorAll('section[aria-labelledby="wall-order"] li'),
          ].find((li) => li.textContent?.includes('Amara Okafor'));
          if (!row?.textContent?.includes('Needs Accessories')) return;
          observer.disconnect();
          resolve(window.__backstage!.sync.photoStatus?.received ?? -1);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
  await dressed.click();
  const receivedWhenPainted = await painted;
  // The tap did not wait for the photos: they were still arriving.
  expect(receivedWhenPainted).toBeGreaterThan(0);
  expect(receivedWhenPainted).toBeLessThan(40);
  // And they all arrive, each checked against its id.
  await expect.poll(() => storedPhotos(wall), { timeout: 60_000 }).toBe(40);
  expect(await wall.evaluate(() => window.__backstage!.sync.photoStatus?.refused)).toBe(0);
});
