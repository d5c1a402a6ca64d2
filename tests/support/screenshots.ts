/**
 * `npm run screenshots`: the README's pictures of every role screen, taken from
 * the built app with the demo show loaded, in the system Chromium.
 * Writes docs/screenshots/<role>.png, plus a portrait wall (wall-portrait.png) and a 4K
 * curtain (curtain-4k.png).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../../server/app';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

const OUT = path.resolve('docs/screenshots');

const SHOTS: {
  role: string;
  file: string;
  width: number;
  height: number;
  ready: (page: Page) => Promise<void>;
}[] = [
  {
    role: 'producer',
    file: 'producer',
    width: 1440,
    height: 900,
    ready: (page) => page.getByRole('heading', { level: 1 }).first().waitFor(),
  },
  {
    role: 'wall',
    file: 'wall',
    width: 1920,
    height: 1080,
    ready: (page) => page.getByRole('heading', { name: 'Running order' }).waitFor(),
  },
  // A portrait TV on the wall of the relaxation area.
  {
    role: 'wall',
    file: 'wall-portrait',
    width: 1080,
    height: 1920,
    ready: (page) => page.getByRole('heading', { name: 'Running order' }).waitFor(),
  },
  {
    role: 'curtain',
    file: 'curtain',
    width: 1920,
    height: 1080,
    ready: (page) => page.getByRole('button', { name: 'GO — look 5' }).waitFor(),
  },
  // A 4K panel at the curtain: the same layout, every size a share of the screen height.
  {
    role: 'curtain',
    file: 'curtain-4k',
    width: 3840,
    height: 2160,
    ready: (page) => page.getByRole('button', { name: 'GO — look 5' }).waitFor(),
  },
  {
    role: 'makeup',
    file: 'makeup',
    width: 1280,
    height: 800,
    ready: (page) => page.getByLabel('Search models').waitFor(),
  },
];

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const server = await startServer({ port: 0, quiet: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  });
  try {
    // Reduced motion: a page of the wall's running order is caught whole, not mid-fade.
    const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${server.url}/#/producer`);
    await page.getByRole('button', { name: 'Load the demo show' }).click();
    await page.getByText('Maison Lumière').first().waitFor();
    // Send the first three looks so the curtain and wall show a show under way.
    await page.goto(`${server.url}/#/curtain`);
    // The GO button ignores a second tap within a second (double-tap guard): wait for it to re-arm.
    for (let look = 1; look <= 4; look++) {
      await page.getByRole('button', { name: `GO — look ${look}` }).click();
      await page.getByRole('button', { name: `GO — look ${look + 1}` }).waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-disabled="true"]'));
    }
    await page.getByRole('button', { name: /^Call looks/ }).click();
    for (const shot of SHOTS) {
      await page.setViewportSize({ width: shot.width, height: shot.height });
      await page.goto(`${server.url}/#/${shot.role}`);
      await shot.ready(page);
      const file = path.join(OUT, `${shot.file}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
