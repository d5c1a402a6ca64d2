import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DISPLAYS } from '../support/displays';
import { loadDemo } from '../support/show-data-sets';
import { expect, test } from './fixtures';

// axe with the WCAG 2.2 AA rules on every screen at every display size. One page per
// journey: screens are switched by route and displays by resizing. All the rules run at
// one size; at the others, the rules whose outcome a layout can change (contrast of text
// over what it now lies on, target sizes, scrolling regions): a full run per size would
// take minutes on two cores for the same answers.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LAYOUT_RULES = ['color-contrast', 'target-size', 'scrollable-region-focusable'];
const FULL_AT = 'full-hd';

test.use({ reducedMotion: 'reduce' });

async function violations(page: Page, where: string, isFull: boolean): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  const results = await (isFull ? builder : builder.withRules(LAYOUT_RULES)).analyze();
  return results.violations.map(
    (v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

async function checkEverySize(
  page: Page,
  route: string,
  found: string[],
  sizes: readonly string[] = DISPLAYS.map((d) => d.name),
): Promise<void> {
  await page.evaluate((route) => (location.hash = `#/${route}`), route);
  await expect(page.locator('main').first()).toBeVisible();
  for (const display of DISPLAYS.filter((d) => sizes.includes(d.name))) {
    await page.setViewportSize({ width: display.width, height: display.height });
    const where = `${route || 'role picker'} at ${display.name}`;
    found.push(...(await violations(page, where, display.name === FULL_AT)));
  }
}

test('the wall and the curtain have no WCAG 2.2 AA violation at any display size', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#/wall');
  await loadDemo(page);
  const found: string[] = [];
  for (const route of ['wall', 'curtain']) await checkEverySize(page, route, found);
  expect(found).toEqual([]);
});

// The tablet and the producer's screen hold hundreds of controls: axe takes 10–40 s a run
// on two cores, so they are checked at full HD and on the devices they are used on.
test('the makeup tablet and the producer screen have no WCAG 2.2 AA violation on their devices', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/#/makeup');
  await loadDemo(page);
  const found: string[] = [];
  await checkEverySize(page, 'makeup', found, [
    'full-hd',
    'tablet-landscape',
    'tablet-portrait',
    'phone',
  ]);
  await checkEverySize(page, 'producer', found, ['full-hd', 'hd-720', 'tablet-landscape']);
  expect(found).toEqual([]);
});

test('the screens before a show (role picker, no show yet, join) have no WCAG 2.2 AA violation', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#/');
  const found: string[] = [];
  await checkEverySize(page, '', found);
  await checkEverySize(page, 'wall', found);
  await checkEverySize(page, 'join', found);
  expect(found).toEqual([]);
});
