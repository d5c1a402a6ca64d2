import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { expect, test } from './fixtures';

// The canvas half of the photo pipeline (src/photos/image/pipeline.ts) in Chromium:
// decode, crop, downscale and encode for real, on images the test draws itself.
// It runs bundled on a blank page, on its own (photos.spec.ts takes photos in the app).

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, '..', 'support', 'photo-pipeline', 'photo-pipeline-entry.ts');

async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry, formats: ['iife'], name: 'PhotoPipeline', fileName: () => 'photo-pipeline.js' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = outputs
    .flatMap((o) => o.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('The photo pipeline bundle has no code');
  return chunk.code;
}

let code = '';
test.beforeAll(async () => {
  code = await bundle();
});

test.beforeEach(async ({ page }) => {
  // A blank page on the app's origin (localhost: a secure context, so WebCrypto is there).
  await page.route('**/photo-harness', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>photo harness</title>',
    }),
  );
  await page.goto('/photo-harness');
  await page.addScriptTag({ content: code });
});

test('a landscape photo becomes a centred 480 × 640 WebP of a few tens of KB, named by its bytes', async ({
  page,
}) => {
  const result = await page.evaluate(async () => {
    const pipeline = window.photoPipeline!;
    // 1600 × 1200: red, green and blue thirds, with fine stripes so the encoder has work to do.
    const source = new OffscreenCanvas(1600, 1200);
    const context = source.getContext('2d')!;
    ['#d00', '#0a0', '#00d'].forEach((colour, i) => {
      context.fillStyle = colour;
      context.fillRect((i * 1600) / 3, 0, 1600 / 3 + 1, 1200);
    });
    context.fillStyle = 'rgba(255,255,255,0.3)';
    for (let y = 0; y < 1200; y += 6) context.fillRect(0, y, 1600, 2);
    const file = new File([await source.convertToBlob({ type: 'image/png' })], 'fitting.png', {
      type: 'image/png',
    });

    const started = performance.now();
    const prepared = await pipeline.photoFromFile(file);
    const ms = performance.now() - started;
    if (!prepared.ok) return { problem: prepared.problem };
    const { photo } = prepared;
    const decoded = await createImageBitmap(new Blob([photo.bytes.slice()], { type: photo.type }));
    const check = new OffscreenCanvas(decoded.width, decoded.height).getContext('2d')!;
    check.drawImage(decoded, 0, 0);
    // Middle rows, between the stripes' influence: the dominant channel at three points.
    const dominant = (x: number) => {
      const [r = 0, g = 0, b = 0] = check.getImageData(x, 320, 1, 1).data;
      return r > g && r > b ? 'red' : g > r && g > b ? 'green' : 'blue';
    };
    return {
      type: photo.type,
      blobType: new Blob([photo.bytes.slice()], { type: photo.type }).type,
      magic: String.fromCharCode(...photo.bytes.slice(8, 12)),
      width: photo.width,
      height: photo.height,
      decoded: [decoded.width, decoded.height],
      bytes: photo.bytes.length,
      isOverBudget: photo.isOverBudget,
      quality: photo.quality,
      idMatches: (await pipeline.addressPhoto(photo.bytes)).id === photo.id,
      colours: [dominant(5), dominant(240), dominant(475)],
      ms,
    };
  });
  expect(result).toMatchObject({
    type: 'image/webp',
    magic: 'WEBP',
    width: 480,
    height: 640,
    decoded: [480, 640],
    isOverBudget: false,
    idMatches: true,
    // The centred 900 × 1200 crop spans x 350–1250: a sliver of red, the green third, a sliver of blue.
    colours: ['red', 'green', 'blue'],
  });
  expect(result.bytes).toBeLessThanOrEqual(48 * 1024);
  expect(result.bytes).toBeGreaterThan(1024);
  test.info().annotations.push({
    type: 'photo',
    description: `${result.bytes} bytes at quality ${result.quality} in ${Math.round(result.ms ?? 0)} ms`,
  });
});

test('a focus to the left crops the left of the photo', async ({ page }) => {
  const colours = await page.evaluate(async () => {
    // Red up to x 400, blue after: a centred crop (x 350–1250) is nearly all blue,
    // a crop at the left edge (x 0–900) is red for its first 213 columns.
    const source = new OffscreenCanvas(1600, 1200);
    const context = source.getContext('2d')!;
    context.fillStyle = '#d00';
    context.fillRect(0, 0, 400, 1200);
    context.fillStyle = '#00d';
    context.fillRect(400, 0, 1200, 1200);
    const colourAt100 = async (focus: { x: number; y: number }) => {
      const prepared = await window.photoPipeline!.photoFromImage(source, { focus });
      if (!prepared.ok) return prepared.problem;
      const decoded = await createImageBitmap(
        new Blob([prepared.photo.bytes.slice()], { type: prepared.photo.type }),
      );
      const check = new OffscreenCanvas(decoded.width, decoded.height).getContext('2d')!;
      check.drawImage(decoded, 0, 0);
      const [r = 0, , b = 0] = check.getImageData(100, 320, 1, 1).data;
      return r > b ? 'red' : 'blue';
    };
    return {
      left: await colourAt100({ x: 0, y: 0.5 }),
      centre: await colourAt100({ x: 0.5, y: 0.5 }),
    };
  });
  expect(colours).toEqual({ left: 'red', centre: 'blue' });
});

test('a very busy photo is made smaller, never sent over budget without saying so', async ({
  page,
}) => {
  const result = await page.evaluate(async () => {
    // Noise at the kept size: the halving downscale would smooth a bigger one.
    const source = new OffscreenCanvas(480, 640);
    const context = source.getContext('2d')!;
    const noise = context.createImageData(480, 640);
    let state = 7;
    for (let i = 0; i < noise.data.length; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      noise.data[i] = i % 4 === 3 ? 255 : state >> 23;
    }
    context.putImageData(noise, 0, 0);
    const prepared = await window.photoPipeline!.photoFromImage(source);
    return prepared.ok
      ? {
          bytes: prepared.photo.bytes.length,
          width: prepared.photo.width,
          isOverBudget: prepared.photo.isOverBudget,
        }
      : prepared.problem;
  });
  expect(typeof result).toBe('object');
  const photo = result as { bytes: number; width: number; isOverBudget: boolean };
  expect(photo.isOverBudget || photo.bytes <= 48 * 1024).toBe(true);
  expect(photo.width).toBeLessThan(480);
});

test('a file that is not an image, a damaged one and one too large to decode are refused with the reason', async ({
  page,
}) => {
  const problems = await page.evaluate(async () => {
    const pipeline = window.photoPipeline!;
    const answer = async (file: File) => {
      const result = await pipeline.photoFromFile(file);
      return result.ok ? 'accepted' : result.problem;
    };
    return {
      text: await answer(
        new File(['name,look\nAmara,1\n'], 'running-order.csv', { type: 'text/csv' }),
      ),
      damaged: await answer(
        new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])], 'broken.jpg', {
          type: 'image/jpeg',
        }),
      ),
      huge: await answer(
        new File([pipeline.pngHeader(20_000, 20_000).slice()], 'panorama.png', {
          type: 'image/png',
        }),
      ),
    };
  });
  expect(problems).toEqual({
    text: 'This file is not a photo (JPEG, PNG, WebP, HEIC)',
    damaged:
      'This file could not be opened as a photo: it is damaged, or in a format this browser does not read',
    huge: 'The photo is too large to open on this screen: 20000 × 20000 pixels (400 MP), at most 50 MP',
  });
});
