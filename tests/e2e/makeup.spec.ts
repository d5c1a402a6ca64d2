import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The hair & makeup tablet: taps that stick, undo, filters, touch-ups, and a tap
// showing up on the relaxation wall in another window of the same browser.

// Journeys across windows on a shared two-core machine: allow them more than the default.
test.describe.configure({ timeout: 60_000 });

async function openWithDemo(page: Page, path: string): Promise<void> {
  await page.goto(`/#${path}`);
  await page.getByRole('button', { name: 'Load the demo show' }).click();
}

async function openTablet(page: Page): Promise<void> {
  await openWithDemo(page, '/makeup');
  await expect(page.getByRole('heading', { name: 'Hair & makeup' })).toBeVisible();
  // Writing the whole demo show can take a while on a busy machine.
  await expect(card(page, 'Amara Okafor')).toBeVisible({ timeout: 15_000 });
}

const card = (page: Page, name: string): Locator => page.getByRole('article', { name });
const modelStep = (page: Page, name: string, step: 'Hair' | 'Makeup'): Locator =>
  card(page, name)
    .getByRole('group', { name: `Hair and makeup for ${name}` })
    .getByRole('button', { name: step, exact: true });
const lookGroup = (page: Page, name: string, number: number): Locator =>
  card(page, name).getByRole('group', { name: `Look ${number}`, exact: true });
const cardNames = (page: Page): Promise<string[]> =>
  page.getByRole('list', { name: 'Models' }).getByRole('heading', { level: 2 }).allTextContents();

test('a tap on the tablet shows on the wall in another window', async ({ context }) => {
  const tablet = await context.newPage();
  await openTablet(tablet);
  const wall = await context.newPage();
  await wall.goto('/#/wall');
  // Mei Tanaka walks look 3, pinned near the top of the wall with its readiness; her hair
  // and makeup are done in the demo, her look is not dressed yet.
  const row = wall
    .getByRole('region', { name: 'Running order' })
    .getByRole('listitem')
    .filter({ has: wall.getByText('Look 3', { exact: true }) });
  await expect(row).toContainText('Needs Dressed +1');

  const dressed = lookGroup(tablet, 'Mei Tanaka', 3).getByRole('button', { name: 'Dressed' });
  await dressed.click();
  await expect(dressed).toHaveAttribute('aria-pressed', 'true');

  // The wall words an under-way look by what it still needs; the tablet by its state.
  await expect(row).toContainText('Needs Checked');
  await expect(lookGroup(tablet, 'Mei Tanaka', 3)).toContainText('In progress 3/4');
});

test('undo puts a step back, and a reload keeps what was tapped', async ({ page }) => {
  await openTablet(page);
  const hair = modelStep(page, 'Chloé Bernard', 'Hair');
  const makeup = modelStep(page, 'Chloé Bernard', 'Makeup');
  await expect(hair).toHaveAttribute('aria-pressed', 'false');

  await hair.click();
  await expect(hair).toHaveAttribute('aria-pressed', 'true');
  const toast = page.getByRole('status').filter({ hasText: 'Hair done for Chloé Bernard' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(hair).toHaveAttribute('aria-pressed', 'false');
  await expect(toast).toBeHidden();

  await makeup.click();
  await expect(makeup).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(makeup).toHaveAttribute('aria-pressed', 'true');
  await expect(hair).toHaveAttribute('aria-pressed', 'false');

  // After the reload: tap it off by mistake, undo, and it is done again — and stays so.
  await makeup.click();
  await expect(makeup).toHaveAttribute('aria-pressed', 'false');
  await page
    .getByRole('status')
    .filter({ hasText: 'Makeup not done for Chloé Bernard' })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(makeup).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(makeup).toHaveAttribute('aria-pressed', 'true');
});

// Requests a service worker answers never reach `page.route`: none here.
test.describe('with its storage held back', () => {
  test.use({ serviceWorkers: 'block' });

  test('a tap in the first moment after a reload, before the tablet has opened its storage, is kept', async ({
    page,
  }) => {
    await openTablet(page);
    const hair = modelStep(page, 'Chloé Bernard', 'Hair');
    await expect(hair).toHaveAttribute('aria-pressed', 'false');
    // The tablet paints from plain reads and loads its storage (Dexie, the write road)
    // after: hold that load back, so that the tap surely comes first.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let isAsked = false;
    await page.route('**/assets/storage-parts-*.js', async (route) => {
      isAsked = true;
      await held;
      await route.continue();
    });
    await page.reload();
    await expect(hair).toBeVisible();
    await expect.poll(() => isAsked).toBe(true);
    await hair.click();
    // The write waits for the storage, counted as under way (no update reloads meanwhile).
    await expect.poll(() => page.evaluate(() => window.__backstage?.kiosk.writesInFlight)).toBe(1);
    release();
    await expect(hair).toHaveAttribute('aria-pressed', 'true');
    await page.unroute('**/assets/storage-parts-*.js');
    await page.reload();
    await expect(hair).toHaveAttribute('aria-pressed', 'true');
  });
});

test('each look has its steps, accessories only when it has some, as big touch targets', async ({
  page,
}) => {
  await openTablet(page);
  // Look 1 (gold cuff, tote bag) has accessories; look 19 has none.
  const look1 = lookGroup(page, 'Amara Okafor', 1);
  const look19 = lookGroup(page, 'Amara Okafor', 19);
  await expect(look1.getByRole('button')).toHaveText([/Dressed/, /Accessories/, /Checked/]);
  await expect(look19.getByRole('button')).toHaveText([/Dressed/, /Checked/]);

  const dressed = look1.getByRole('button', { name: 'Dressed' });
  await dressed.click();
  await expect(dressed).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status')).toContainText('Dressed done for look 1, Amara Okafor');
  await expect(look1).toContainText('In progress 3/5');

  for (const button of [
    dressed,
    modelStep(page, 'Amara Okafor', 'Hair'),
    page.getByRole('button', { name: 'Undo' }),
  ]) {
    const box = await button.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(64);
    expect(box?.width).toBeGreaterThanOrEqual(64);
  }
});

test('models who walk soonest come first, with their next look', async ({ page }) => {
  await openTablet(page);
  const names = await cardNames(page);
  expect(names.slice(0, 3)).toEqual(['Amara Okafor', 'Lina Sørensen', 'Mei Tanaka']);
  await expect(card(page, 'Amara Okafor')).toContainText('Look 1 · Up next');
  await expect(card(page, 'Mei Tanaka')).toContainText('Look 3 · Up in 2 looks');
  // Olivia Brooks walks look 15 and again at look 17: a quick change.
  await expect(card(page, 'Olivia Brooks')).toContainText('Quick change into look 17');
});

test('filter by station and dresser, and search by name', async ({ page }) => {
  await openTablet(page);
  await page.getByLabel('Station').selectOption('Chair 3');
  await expect.poll(() => cardNames(page)).toEqual(['Zara Haddad', 'Ines Duarte']);

  // A tablet keeps its station after a reload.
  await page.reload();
  await expect(page.getByLabel('Station')).toHaveValue('Chair 3');
  await expect.poll(() => cardNames(page)).toEqual(['Zara Haddad', 'Ines Duarte']);
  await page.getByLabel('Station').selectOption('');

  // Jo dresses looks 1, 7, 13, 19, 25 and 31: Amara, Nadia and Elena, only those looks.
  await page.getByLabel('Dresser').selectOption('Jo');
  await expect
    .poll(() => cardNames(page))
    .toEqual(['Amara Okafor', 'Nadia Petrova', 'Elena Costa']);
  await expect(card(page, 'Amara Okafor').getByRole('group', { name: /^Look / })).toHaveCount(2);
  await page.getByLabel('Dresser').selectOption('');

  await page.getByLabel('Search models').fill('chloe');
  await expect.poll(() => cardNames(page)).toEqual(['Chloé Bernard']);
  await page.getByLabel('Search models').fill('nobody at all');
  await expect(page.getByText('No model matches these filters.')).toBeVisible();
  await page.getByLabel('Search models').fill('');
  await expect.poll(async () => (await cardNames(page)).length).toBe(16);
});

test('a touch-up asked for from a card goes to the top, and Done clears it', async ({ page }) => {
  await openTablet(page);
  const mei = card(page, 'Mei Tanaka');
  await mei.getByRole('button', { name: 'Request touch-up' }).click();
  await mei.getByRole('button', { name: 'Lips' }).click();
  await mei.getByRole('button', { name: 'Send request' }).click();

  const requests = page.getByRole('region', { name: /Touch-up requests/ });
  await expect(requests).toContainText('Touch-up: Mei Tanaka — Lips');
  await expect(requests).toContainText('Chair 2');
  await expect(mei).toContainText('Touch-up requested');

  await requests.getByRole('button', { name: /^Done/ }).click();
  await expect(requests).toBeHidden();
  await expect(mei).not.toContainText('Touch-up requested');

  // Done by mistake: Undo brings the request back.
  await page
    .getByRole('status')
    .filter({ hasText: 'Touch-up done for Mei Tanaka' })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(requests).toContainText('Touch-up: Mei Tanaka — Lips');
});

test('calls for the models show on the tablet and can be acknowledged', async ({ page }) => {
  await openTablet(page);
  const calls = page.getByRole('list', { name: 'Calls' });
  const briefing = calls.getByRole('listitem').filter({ hasText: 'Briefing in 15 min' });
  await expect(briefing).toBeVisible();
  await briefing.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(briefing).toContainText('Acknowledged by tablet');
});
