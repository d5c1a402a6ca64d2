import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The relaxation wall: read from four metres, never touched. Countdown to the curtain,
// calls, the running order around the next look, the briefing.

test.use({ viewport: { width: 1920, height: 1080 } });

async function openWallWithDemo(page: Page): Promise<void> {
  await page.goto('/#/wall');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(runningOrder(page)).toBeVisible();
}

const runningOrder = (page: Page): Locator => page.getByRole('region', { name: 'Running order' });
const row = (page: Page, look: number): Locator =>
  runningOrder(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(`Look ${look}`, { exact: true }) });

test('the wall counts down to the demo curtain, shows the call, the running order with progress, and the briefing', async ({
  page,
}) => {
  await openWallWithDemo(page);

  const countdown = page.getByRole('region', { name: 'Countdown to the curtain' });
  await expect(countdown).toContainText('Curtain in');
  const timer = countdown.getByRole('timer');
  await expect(timer).toContainText(/\d:\d\d:\d\d/);
  await expect(countdown).toContainText(/Curtain at \d\d:\d\d/);
  // It runs: target − now, re-rendered every second.
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first ?? '');

  await expect(page.getByRole('region', { name: 'Calls' })).toContainText(
    'Briefing in 15 min — by the rails, everyone',
  );

  // The next look and the two after it are pinned, with their readiness.
  await expect(row(page, 1)).toContainText('Amara Okafor');
  await expect(row(page, 1)).toContainText('Needs Dressed +2');
  await expect(row(page, 1)).toContainText('Next');
  await expect(row(page, 2)).toContainText('Up in 1 look');
  await expect(row(page, 3)).toContainText('Needs Dressed +1');
  await expect(row(page, 3)).toContainText('Up in 2 looks');
  await expect(runningOrder(page).getByRole('heading', { name: 'Opening' })).toBeVisible();
  await expect(runningOrder(page)).toContainText('0 of 32 out');
  // The rest of the show turns by itself, page after page (layout-paging.spec.ts turns them).
  await expect(runningOrder(page)).toContainText(/Page \d of \d/);

  await expect(page.getByRole('region', { name: 'Briefing' })).toContainText(
    'Walk tempo is slower than rehearsal',
  );
});

test('the wall follows the GOs from the curtain, keeping now and next in view', async ({
  context,
}) => {
  // Two windows and five GOs, each a second apart at least (the curtain's double-tap guard).
  test.setTimeout(60_000);
  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await openWallWithDemo(wall);
  const curtain = await context.newPage();
  await curtain.goto('/#/curtain');
  for (const look of [1, 2, 3, 4, 5]) {
    const go = curtain.getByRole('button', { name: `GO — look ${look}` });
    await expect(go).toBeEnabled();
    await go.click();
  }
  await expect(curtain.getByRole('button', { name: 'GO — look 6' })).toBeVisible();

  const where = wall.getByRole('region', { name: 'Where the show is' });
  await expect(where).toContainText('Rehearsal');
  await expect(where).toContainText('Walking now · look 5');
  await expect(where).toContainText('Zara Haddad');
  await expect(where).toContainText('Next · look 6');
  await expect(where).toContainText('Next GO in');
  await expect(where).toContainText('Ines Duarte');
  await expect(row(wall, 5)).toContainText('Walking now');
  await expect(row(wall, 5)).toHaveAttribute('aria-current', 'step');
  await expect(row(wall, 6)).toContainText('Next');
  await expect(row(wall, 7)).toContainText('Up in 1 look');
  // Walking now, not walked: the row says so once.
  await expect(row(wall, 5)).not.toContainText('Walked');
  // The pinned rows moved with the show, no one scrolling: looks gone are off the wall.
  await expect(row(wall, 1)).toHaveCount(0);
  await expect(row(wall, 4)).toHaveCount(0);
  await expect(runningOrder(wall)).toContainText('5 of 32 out');
  await expect(row(wall, 5)).toBeInViewport();
  await expect(row(wall, 8)).toBeInViewport();
});

test('the wall reads as a page: one title, landmarks, headings, and no accessibility violations', async ({
  page,
}) => {
  await openWallWithDemo(page);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Maison Lumière — Spring/Summer 27',
  );
  for (const name of ['Countdown to the curtain', 'Calls', 'Running order', 'Briefing']) {
    await expect(page.getByRole('heading', { level: 2, name })).toHaveCount(1);
  }
  // The issue asks for 7:1 text contrast (WCAG AAA), so axe's enhanced rule is on too.
  const results = await new AxeBuilder({ page })
    .include('main')
    .options({ rules: { 'color-contrast-enhanced': { enabled: true } } })
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});
