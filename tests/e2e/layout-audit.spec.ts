import type { Page, TestInfo } from '@playwright/test';
import { auditLayout, settleLayout as settle, type AuditProblem } from '../support/layout-audit';
import { DISPLAYS } from '../support/displays';
import { loadDemo, shapeShow, type DataSetName } from '../support/show-data-sets';
import { expect, test } from './fixtures';

// Every screen at every real display size, with the demo, a 60-look show and a hostile
// one: no text cut without an ellipsis, nothing overlapping (the status corner included),
// no font under the floors on wall and curtain. One page per show; the screens are
// switched by route and the displays by resizing, so a case costs a layout, not a load.
// Screenshots of every case go to the test output: look at them.

test.use({ reducedMotion: 'reduce', colorScheme: 'dark' });

const SCREENS = [
  { route: 'wall', floors: true, scrolls: false, ready: 'Running order', minWidth: 0 },
  { route: 'curtain', floors: true, scrolls: false, ready: 'After that', minWidth: 0 },
  { route: 'makeup', floors: false, scrolls: true, ready: '', minWidth: 0 },
  // The producer's screen is for a laptop or a tablet held landscape (docs/displays.md).
  { route: 'producer', floors: false, scrolls: true, ready: '', minWidth: 1180 },
] as const;

async function auditEverywhere(page: Page, testInfo: TestInfo, label: string): Promise<string[]> {
  const found: string[] = [];
  for (const screen of SCREENS) {
    await page.evaluate((route) => (location.hash = `#/${route}`), screen.route);
    await expect(page.locator('main').first()).toBeVisible();
    if (screen.ready) await expect(page.getByRole('heading', { name: screen.ready })).toBeVisible();
    for (const display of DISPLAYS) {
      if (display.width < screen.minWidth) continue;
      await page.setViewportSize({ width: display.width, height: display.height });
      await settle(page);
      const problems: AuditProblem[] = await auditLayout(page, screen);
      const name = `${label}-${screen.route}-${display.name}`;
      await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
      found.push(...problems.map((p) => `${name} [${p.kind}] ${p.what}`));
    }
  }
  return found;
}

async function openShow(page: Page, set: DataSetName): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/#/wall');
  await loadDemo(page);
  await shapeShow(page, set);
}

const go = (page: Page, times: number) =>
  page.evaluate(async (times) => {
    for (let i = 0; i < times; i++) await window.__backstage?.actions.go();
  }, times);

test('the demo show holds up on every screen and display, before the curtain', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openShow(page, 'demo');
  expect(await auditEverywhere(page, testInfo, 'demo')).toEqual([]);
});

test('a 60-look show holds up on every screen and display, with a rehearsal run going', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openShow(page, 'looks-60');
  await go(page, 5);
  expect(await auditEverywhere(page, testInfo, 'looks-60')).toEqual([]);
});

test('a 36-look show holds up on every screen and display, before the curtain', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openShow(page, 'looks-36');
  expect(await auditEverywhere(page, testInfo, 'looks-36')).toEqual([]);
});

test('a 300-look show with 150 models holds up on every screen and display, with a run going', async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  await openShow(page, 'looks-300');
  await go(page, 5);
  expect(await auditEverywhere(page, testInfo, 'looks-300')).toEqual([]);
});

test('a portrait curtain lists the looks after the next, with hostile names, on a wall-sized and a tablet screen', async ({
  page,
}, testInfo) => {
  await openShow(page, 'hostile');
  await go(page, 2);
  await page.evaluate(() => (location.hash = '#/curtain'));
  // The hostile show has last-minute changes nobody has seen: their one line above the
  // list takes a row's room.
  for (const size of [
    { width: 1080, height: 1920, rows: 2 },
    { width: 820, height: 1180, rows: 1 },
  ]) {
    await page.setViewportSize(size);
    await settle(page);
    await page.screenshot({
      path: testInfo.outputPath(`curtain-after-that-${size.width}x${size.height}.png`),
    });
    const after = page.getByRole('region', { name: 'After that' });
    expect(await after.getByRole('listitem').count()).toBeGreaterThanOrEqual(size.rows);
    await expect(after.getByRole('listitem').first()).toBeInViewport({ ratio: 1 });
    expect(await auditLayout(page, { floors: true, scrolls: false })).toEqual([]);
  }
});

test('hostile data holds up on every screen and display, before and during the run', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await openShow(page, 'hostile');
  const before = await auditEverywhere(page, testInfo, 'hostile');
  await go(page, 2);
  const during = await auditEverywhere(page, testInfo, 'hostile-run');
  expect([...before, ...during]).toEqual([]);
});

test('a toast on the tablet sits in the strip at the bottom and covers no control', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto('/#/makeup');
  await loadDemo(page);
  const card = page.getByRole('article', { name: 'Amara Okafor' });
  await card.getByRole('button', { name: 'Dressed' }).first().click();
  const toast = page
    .getByRole('status')
    .filter({ hasText: 'Undo' })
    .or(page.getByRole('button', { name: 'Undo' }));
  await expect(toast.first()).toBeVisible();
  await settle(page);
  await page.screenshot({ path: testInfo.outputPath('toast-makeup-tablet-portrait.png') });
  // The screen ends above the toast: nothing of it lies under the toast or the status corner.
  const screenBottom = await page
    .locator('main')
    .first()
    .evaluate((el) => el.getBoundingClientRect().bottom);
  const toastTop = await page
    .getByRole('button', { name: 'Undo' })
    .evaluate((el) => el.closest('.toast')!.getBoundingClientRect().top);
  expect(toastTop).toBeGreaterThanOrEqual(screenBottom - 1);
  expect(await auditLayout(page, { floors: false, scrolls: true })).toEqual([]);
});

test('the screens before a show (role picker, no show yet, join) hold up on every display', async ({
  page,
}, testInfo) => {
  await page.goto('/#/');
  const found: string[] = [];
  for (const route of ['', 'wall', 'join']) {
    await page.evaluate((route) => (location.hash = `#/${route}`), route);
    await expect(page.locator('main').first()).toBeVisible();
    for (const display of DISPLAYS) {
      await page.setViewportSize({ width: display.width, height: display.height });
      await settle(page);
      const name = `start-${route || 'role-picker'}-${display.name}`;
      await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
      const problems = await auditLayout(page, { floors: false, scrolls: true });
      found.push(...problems.map((p) => `${name} [${p.kind}] ${p.what}`));
    }
  }
  expect(found).toEqual([]);
});
