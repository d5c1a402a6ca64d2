import type { Locator, Page } from '@playwright/test';
import { photoIdOf } from '../../src/photos/transfer/content-address';
import { drawFace } from '../support/photos/faces';
import { expect, test } from './fixtures';

// Photos on the screens at real display sizes: every model with a face, the first looks
// with a fitting photo, two long names, a run going. Each screen is checked for photos
// decoded and kept inside their row or card, and photographed for a person to look at
// (test-results/photo-screens/*.png).

test.describe.configure({ timeout: 120_000 });

const LONG_NAMES: Record<string, string> = {
  'm-demo-02': 'Anastasia Konstantinovna Vandermeer-Oyelaran',
  'm-demo-03': 'Maria-Fernanda de los Santos Albuquerque',
};

/** The demo show with faces for all 16 models and fitting photos for looks 1–8, two GOs in. */
async function showWithPhotos(page: Page): Promise<void> {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible({ timeout: 15_000 });
  const photos: { id: string; base64: string; model?: string; look?: string }[] = [];
  for (let n = 1; n <= 16; n++) {
    const bytes = await drawFace(page, {
      hue: (n * 47) % 360,
      label: `M${n}`,
      width: 480,
      height: 640,
      type: 'image/webp',
    });
    const model = `m-demo-${String(n).padStart(2, '0')}`;
    photos.push({ id: await photoIdOf(bytes), base64: bytes.toString('base64'), model });
  }
  for (let n = 1; n <= 8; n++) {
    const bytes = await drawFace(page, {
      hue: (n * 83 + 20) % 360,
      label: `L${n}`,
      width: 480,
      height: 640,
      type: 'image/webp',
    });
    const look = `l-demo-${String(n).padStart(2, '0')}`;
    photos.push({ id: await photoIdOf(bytes), base64: bytes.toString('base64'), look });
  }
  await page.evaluate(
    async ({ photos, longNames }) => {
      const hooks = window.__backstage!;
      const db = (await hooks.kiosk.data!.opened()) as unknown as {
        photos: { bulkPut(rows: unknown[]): Promise<unknown> };
      };
      await db.photos.bulkPut(
        photos.map((photo) => ({
          id: photo.id,
          blob: new Blob([Uint8Array.from(atob(photo.base64), (c) => c.charCodeAt(0))], {
            type: 'image/webp',
          }),
          width: 480,
          height: 640,
          storedAt: Date.now(),
        })),
      );
      for (const photo of photos) {
        if (photo.model) await hooks.actions.updateModel(photo.model, { photo: photo.id });
        if (photo.look) await hooks.actions.updateLook(photo.look, { photo: photo.id });
      }
      for (const [id, name] of Object.entries(longNames))
        await hooks.actions.updateModel(id, { name });
      await hooks.actions.go();
      await hooks.actions.go();
    },
    { photos, longNames: LONG_NAMES },
  );
}

/** Every photo on screen is decoded (no broken image). */
async function expectPhotosDecoded(page: Page, atLeast: number): Promise<void> {
  const images = page.locator('[data-photo="shown"] img');
  // A wall turning its page swaps its rows; a loaded machine reads the photos slowly.
  await expect.poll(() => images.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(atLeast);
  await expect
    .poll(() =>
      images.evaluateAll(
        (all) => all.filter((img) => (img as HTMLImageElement).naturalWidth === 0).length,
      ),
    )
    .toBe(0);
}

/** Each photo lies inside the box of its `container` (a row, a card): nothing spills over. */
async function expectPhotosInside(scope: Locator, container: string): Promise<void> {
  const spills = await scope.locator('[data-photo]').evaluateAll(
    (photos, selector) =>
      photos.filter((photo) => {
        const box = photo.getBoundingClientRect();
        const outer = photo.closest(selector)?.getBoundingClientRect();
        return (
          !outer ||
          box.top < outer.top - 0.5 ||
          box.bottom > outer.bottom + 0.5 ||
          box.left < outer.left - 0.5 ||
          box.right > outer.right + 0.5
        );
      }).length,
    container,
  );
  expect(spills).toBe(0);
}

test('faces and fitting photos on the curtain, the wall and the tablet, with long names', async ({
  page,
}) => {
  await showWithPhotos(page);
  const dir = `${test.info().project.outputDir}/photo-screens`;
  const context = page.context();

  // One browser profile: more windows of the same kiosk, at each display's size.
  const open = async (route: string, width: number, height: number) => {
    const view = await context.newPage();
    await view.setViewportSize({ width, height });
    await view.goto(`/#/${route}`);
    return view;
  };

  for (const [width, height] of [
    [1920, 1080],
    [1080, 1920],
  ] as const) {
    const curtain = await open('curtain', width, height);
    const now = curtain.getByRole('region', { name: /Walking now/ });
    const next = curtain.getByRole('region', { name: /^Next/ });
    await expect(now).toContainText(LONG_NAMES['m-demo-02']!.slice(0, 10));
    await expectPhotosDecoded(curtain, 2);
    await expectPhotosInside(now, 'section');
    await expectPhotosInside(next, 'section');
    // The GO stays in view beside them.
    await expect(curtain.getByRole('button', { name: /^GO/ })).toBeInViewport();
    await curtain.screenshot({ path: `${dir}/curtain-${width}x${height}.png` });
    await curtain.close();
  }

  for (const [width, height] of [
    [1920, 1080],
    [1080, 1920],
  ] as const) {
    const wall = await open('wall', width, height);
    const rows = wall.getByRole('region', { name: 'Running order' });
    await expect(rows.getByRole('listitem').first()).toBeVisible();
    // A portrait wall pages its running order five rows at a time under the calls.
    await expectPhotosDecoded(wall, width > height ? 8 : 4);
    await expectPhotosInside(rows, 'li');
    await wall.screenshot({ path: `${dir}/wall-${width}x${height}.png` });
    await wall.close();
  }

  const tablet = await open('makeup', 820, 1180);
  await expect(tablet.getByRole('article').first()).toBeVisible();
  await expectPhotosDecoded(tablet, 2);
  await expectPhotosInside(tablet.getByRole('list', { name: 'Models' }), 'article');
  await tablet.screenshot({ path: `${dir}/tablet-820x1180.png` });
  // The photo dialog on the tablet, framing a picked photo.
  await tablet.getByRole('button', { name: 'Change the photo of Sofia Marchetti' }).click();
  const dialog = tablet.getByRole('dialog');
  const [chooser] = await Promise.all([
    tablet.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: 'Choose a photo file' }).click(),
  ]);
  await chooser.setFiles('tests/fixtures/model-face.jpg');
  await expect(dialog.getByLabel(/Photo frame/)).toBeInViewport();
  await expect(dialog.getByRole('button', { name: 'Save photo' })).toBeInViewport();
  await tablet.screenshot({ path: `${dir}/tablet-photo-dialog-820x1180.png` });
  await tablet.close();

  await page.setViewportSize({ width: 1440, height: 900 });
  await page
    .getByRole('heading', { name: 'Models', exact: true })
    .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await expectPhotosDecoded(page, 8);
  await page.screenshot({ path: `${dir}/producer-models-1440x900.png` });
  await page
    .getByRole('heading', { name: 'Running order', exact: true })
    .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${dir}/producer-running-order-1440x900.png` });
});
