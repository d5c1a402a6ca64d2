import type { Page } from '@playwright/test';
import { loadDemo, shapeShow } from '../support/show-data-sets';
import { expect, test } from './fixtures';

// The wall is never touched: every model must find her name on it within one turn of
// the pages (30 s), on a landscape and a portrait wall. Time is moved by Playwright's
// clock, not waited for.

/** Every model name the wall shows now (full names: a cut name keeps it in its title). */
const namesOnWall = (page: Page): Promise<string[]> =>
  page
    .locator('.wall [title]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
]) {
  test(`on a 36-look show, every model's name is on a ${size.width}×${size.height} wall within 30 seconds`, async ({
    page,
  }) => {
    await page.clock.install();
    await page.setViewportSize(size);
    await page.goto('/#/wall');
    await loadDemo(page);
    await shapeShow(page, 'looks-36');
    const models = await page.evaluate(() =>
      [...new Set(window.__backstage!.kiosk.data!.walking.map((entry) => entry.look.modelId))].map(
        (id) => window.__backstage!.kiosk.data!.modelsById.get(id)!.name,
      ),
    );
    expect(models).toHaveLength(18);
    await expect(page.getByRole('region', { name: 'Running order' })).toContainText('0 of 36 out');

    const seen = new Set(await namesOnWall(page));
    const pages = page.locator('.page-count');
    await expect(pages).toHaveText(/Page \d of [2-4]/);
    // One turn of the pages: 30 s in steps shorter than a page's dwell, none skipped.
    for (let elapsed = 0; elapsed < 30_000; elapsed += 2_500) {
      await page.clock.runFor(2_500);
      for (const name of await namesOnWall(page)) seen.add(name);
    }
    expect(models.filter((name) => !seen.has(name))).toEqual([]);
  });
}
