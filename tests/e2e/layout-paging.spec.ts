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

/** Names seen on the wall over one turn: 30 s in steps shorter than a page's dwell (4 s). */
async function namesOverOneTurn(page: Page): Promise<Set<string>> {
  const seen = new Set(await namesOnWall(page));
  for (let elapsed = 0; elapsed < 30_000; elapsed += 2_000) {
    await page.clock.runFor(2_000);
    for (const name of await namesOnWall(page)) seen.add(name);
  }
  return seen;
}

async function open36LookShow(
  page: Page,
  size: { width: number; height: number },
): Promise<string[]> {
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
  return models;
}

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
]) {
  test(`on a 36-look show, every model's name is on a ${size.width}×${size.height} wall within 30 seconds`, async ({
    page,
  }) => {
    const models = await open36LookShow(page, size);
    await expect(page.locator('.page-count')).toHaveText(/Page \d of [2-7]/);
    const seen = await namesOverOneTurn(page);
    expect(models.filter((name) => !seen.has(name))).toEqual([]);
  });
}

test("during a run, every model's name is on a 1080×1920 portrait wall within 30 seconds", async ({
  page,
}) => {
  const models = await open36LookShow(page, { width: 1080, height: 1920 });
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) await window.__backstage?.actions.go();
  });
  await expect(page.getByRole('region', { name: 'Running order' })).toContainText('5 of 36 out');
  // Now and next in large type above; the rest of the models turn in pages below.
  await expect(page.getByText('Walking now · look 5')).toBeVisible();
  await expect(page.locator('.page-count')).toHaveText(/Page \d of [2-7]/);
  const seen = await namesOverOneTurn(page);
  expect(models.filter((name) => !seen.has(name))).toEqual([]);
});
