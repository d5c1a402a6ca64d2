import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The curtain display: who walks now, who is next, the GO, the looks after, quick
// changes coming up, a line-up call, and ending the run.

async function openCurtainWithDemo(page: Page): Promise<void> {
  await page.goto('/#/curtain');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(nextCard(page)).toBeVisible();
}

const nowCard = (page: Page): Locator => page.getByRole('region', { name: 'Walking now' });
const nextCard = (page: Page): Locator => page.getByRole('region', { name: 'Next' });
const goButton = (page: Page): Locator => page.getByRole('button', { name: /^GO — look \d+$/ });
const following = (page: Page): Locator =>
  page.getByRole('region', { name: 'After that' }).getByRole('listitem');

/** One GO, as a person taps it: once the button takes taps again (the double-tap guard is a second). */
async function go(page: Page, expectedLook: number): Promise<void> {
  const button = page.getByRole('button', { name: `GO — look ${expectedLook}` });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByRole('button', { name: `GO — look ${expectedLook + 1}` })).toBeVisible();
}

test('GO sends the next look: now and next move on, pacing starts, a double tap sends one look', async ({
  page,
}) => {
  await openCurtainWithDemo(page);
  // Before the first GO nobody walks: the countdown to the curtain is where the now card goes.
  await expect(nowCard(page)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Countdown to the curtain' })).toContainText(
    'Curtain in',
  );
  await expect(nextCard(page)).toContainText('Amara Okafor');
  await expect(nextCard(page)).toContainText('Look 1');
  await expect(goButton(page)).toHaveText('GO — look 1');
  await expect(goButton(page)).toBeFocused();

  // A nervous double tap is one GO.
  await goButton(page).dblclick();
  await expect(nowCard(page)).toContainText('Amara Okafor');
  await expect(nowCard(page)).toContainText('Look 1');
  await expect(nextCard(page)).toContainText('Lina Sørensen');
  await expect(goButton(page)).toBeEnabled();
  await expect(goButton(page)).toHaveText('GO — look 2');
  await expect(page.getByText('Rehearsal run')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pacing' })).toContainText(
    'since look 1 went · planned 0:45',
  );
  await expect(page.getByRole('region', { name: 'Pacing' })).toContainText('Next GO in');

  // The keyboard works where the button has focus: Space, then Enter.
  await expect(goButton(page)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(goButton(page)).toHaveText('GO — look 3');
  await expect(nowCard(page)).toContainText('Lina Sørensen');
  await expect(goButton(page)).toBeEnabled();
  await page.keyboard.press('Enter');
  await expect(goButton(page)).toHaveText('GO — look 4');
  await expect(nowCard(page)).toContainText('Mei Tanaka');
  await expect(nextCard(page)).toContainText('Sofia Marchetti');
});

test('the five looks after next show their readiness in words', async ({ page }) => {
  await openCurtainWithDemo(page);
  await expect(nextCard(page)).toContainText('Needs Dressed, Accessories +1');
  const rows = following(page);
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toContainText('2');
  await expect(rows.nth(0)).toContainText('Lina Sørensen');
  await expect(rows.nth(0)).toContainText('Needs Dressed +2');
  await expect(rows.nth(1)).toContainText('Needs Dressed +1');
  await expect(rows.nth(3)).toContainText('Zara Haddad');
  await expect(rows.nth(3)).toContainText('Needs Makeup +3');
  await expect(rows.nth(4)).toContainText('Ines Duarte');

  await go(page, 1);
  await expect(rows.nth(0)).toContainText('Mei Tanaka');
  await expect(rows.nth(4)).toContainText('Nadia Petrova');
  await expect(rows.nth(4)).toContainText('Not started');
});

test('a quick change is announced as its first look comes up, with the look it returns in not ready', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openCurtainWithDemo(page);
  const quickChanges = page.getByRole('region', { name: 'Quick changes' });
  await expect(quickChanges).toHaveCount(0);
  // Olivia Brooks walks look 15 and is back in look 17: the warning comes once look 15 is among the next six.
  for (let look = 1; look <= 10; look++) await go(page, look);
  await expect(quickChanges).toContainText(
    'QUICK CHANGE — Olivia Brooks back in look 17, 90 s after look 15',
  );
  await expect(quickChanges).toContainText('Look 17 not ready — needs Hair, Makeup +3');
  await expect(quickChanges).toContainText(
    'QUICK CHANGE — Maya Schulz back in look 18, 90 s after look 16',
  );
});

test('a line-up call from the curtain reaches the wall', async ({ context }) => {
  const curtain = await context.newPage();
  await openCurtainWithDemo(curtain);
  await curtain.getByRole('button', { name: 'Call looks 1–6 to line-up' }).click();
  await expect(curtain.getByRole('status').filter({ hasText: 'Called' })).toHaveText(
    'Called: looks 1–6 to the line-up',
  );

  const wall = await context.newPage();
  await wall.goto('/#/wall');
  await expect(wall.getByRole('region', { name: 'Calls' })).toContainText(
    'Looks 1–6 to the line-up now',
  );
});

test('End run asks first; ended, the next GO starts again from look 1', async ({ page }) => {
  await openCurtainWithDemo(page);
  await expect(page.getByRole('button', { name: 'End run…' })).toHaveCount(0);
  await go(page, 1);
  await go(page, 2);

  await page.getByRole('button', { name: 'End run…' }).click();
  const dialog = page.getByRole('dialog', { name: 'End this run?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep going' }).click();
  await expect(dialog).toBeHidden();
  await expect(goButton(page)).toHaveText('GO — look 3');

  await page.getByRole('button', { name: 'End run…' }).click();
  await dialog.getByRole('button', { name: 'End the run' }).click();
  await expect(page.getByText('No run going — the first GO starts one')).toBeVisible();
  await expect(goButton(page)).toHaveText('GO — look 1');
  await expect(nowCard(page)).toHaveCount(0);
  // Look 1 walked in the ended run, but in the new one it still has to be got ready.
  await expect(nextCard(page)).toContainText('Needs Dressed, Accessories +1');
});

test('the curtain reads as a page: landmarks, headings, no accessibility violations', async ({
  page,
}) => {
  await openCurtainWithDemo(page);
  await go(page, 1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Maison Lumière — Spring/Summer 27',
  );
  for (const name of ['Walking now', 'Next', 'After that']) {
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
