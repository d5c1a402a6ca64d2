import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { expect, test } from './fixtures';

// The camera on the producer's laptop or a tablet: Chromium's test camera (a moving
// pattern), allowed without a prompt, framed by a drag and stored as a model's face.

test.describe.configure({ timeout: 60_000 });
test.use({
  launchOptions: {
    executablePath: chromiumPath(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  },
  permissions: ['camera'],
});

async function loadDemo(page: Page): Promise<void> {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible({ timeout: 15_000 });
}

test('takes a frame, frames it and stores it as the model’s face', async ({ page }) => {
  // Every stream the page opens, to check that the camera is let go.
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      streams.push(stream);
      return stream;
    };
  });
  await loadDemo(page);
  await page.getByRole('button', { name: 'Add a photo of Mei Tanaka', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Take a photo' }).click();
  const video = dialog.locator('video');
  await expect
    .poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth))
    .toBeGreaterThan(0);
  await dialog.getByRole('button', { name: 'Take it' }).click();
  const frame = dialog.getByLabel(/Photo frame/);
  await expect(frame).toBeVisible();
  // A drag moves the frame; the photo is kept as framed.
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await dialog.getByRole('button', { name: 'Save photo' }).click();
  await expect(dialog).toBeHidden();
  const shown = page
    .getByRole('button', { name: 'Change the photo of Mei Tanaka' })
    .locator('[data-photo="shown"] img');
  await expect
    .poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  expect(
    await page.evaluate(async () =>
      (await window.__backstage!.kiosk.data!.opened()).photos.count(),
    ),
  ).toBe(1);
  // The camera is off (its light too) once the photo is taken.
  expect(
    await page.evaluate(() =>
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((stream) =>
        stream.getTracks().map((track) => track.readyState),
      ),
    ),
  ).toEqual(['ended']);
});
