import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Calls: made on the producer's screen from templates, seen on the wall and on the
// tablets they concern, acknowledged, cleared.

// Journeys across windows on a shared two-core machine: allow them more than the default.
test.describe.configure({ timeout: 60_000 });

async function openProducerWithDemo(page: Page): Promise<void> {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await expect(composer(page)).toBeVisible({ timeout: 15_000 });
}

const composer = (page: Page): Locator => page.getByRole('form', { name: 'Make a call' });
const activeCalls = (page: Page): Locator => page.getByRole('list', { name: 'Active calls' });
const wallCalls = (page: Page): Locator => page.getByRole('region', { name: 'Calls' });

test('a line-up call reaches the wall; acknowledged, then cleared, it is gone', async ({
  context,
}) => {
  const producer = await context.newPage();
  await openProducerWithDemo(producer);
  const wall = await context.newPage();
  await wall.goto('/#/wall');
  await expect(wallCalls(wall)).toContainText('Briefing in 15 min');

  const form = composer(producer);
  await form.getByRole('radio', { name: 'Line-up' }).check();
  await form.getByLabel('From look').fill('3');
  await form.getByLabel('To look').fill('5');
  await expect(form).toContainText('Will show: Looks 3–5 to the line-up now');
  await expect(form).toContainText('Urgent');
  await form.getByRole('button', { name: 'Send call' }).click();

  await expect(wallCalls(wall)).toContainText('Looks 3–5 to the line-up now');

  const call = activeCalls(producer).getByRole('listitem').filter({ hasText: 'Looks 3–5' });
  await expect(call).toContainText('Urgent');
  await expect(call).toContainText('Looks 3–5 · 3 models');
  await call.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(call).toContainText('Acknowledged by Producer');

  await call.getByRole('button', { name: /^Clear/ }).click();
  await expect(call).toBeHidden();
  await expect(wallCalls(wall)).not.toContainText('Looks 3–5 to the line-up now');
  await expect(wallCalls(wall)).toContainText('Briefing in 15 min');
});

test('a touch-up for a model found by search reaches the makeup tablet, and Done clears it everywhere', async ({
  context,
}) => {
  const producer = await context.newPage();
  await openProducerWithDemo(producer);
  const tablet = await context.newPage();
  await tablet.goto('/#/makeup');

  const form = composer(producer);
  await form.getByRole('radio', { name: 'Touch-up' }).check();
  await form.getByLabel('What needs doing').fill('Powder');
  await form.getByLabel('Search models to call').fill('sofia');
  await expect(form.getByRole('checkbox')).toHaveCount(1);
  await form.getByRole('checkbox', { name: /Sofia Marchetti/ }).check();
  await expect(form).toContainText('Will show: Touch-up: Sofia Marchetti — Powder');
  await form.getByRole('button', { name: 'Send call' }).click();
  await expect(
    producer
      .getByRole('status')
      .filter({ hasText: 'Call sent: Touch-up: Sofia Marchetti — Powder' }),
  ).toBeVisible();

  const requests = tablet.getByRole('region', { name: /Touch-up requests/ });
  await expect(requests).toContainText('Touch-up: Sofia Marchetti — Powder');
  await expect(tablet.getByRole('article', { name: 'Sofia Marchetti' })).toContainText(
    'Touch-up requested',
  );
  await requests.getByRole('button', { name: /^Done/ }).click();
  await expect(requests).toBeHidden();
  await expect(activeCalls(producer)).not.toContainText('Sofia Marchetti');
});

test('a message to everyone shows on the tablet, and its acknowledgement on the producer screen', async ({
  context,
}) => {
  const producer = await context.newPage();
  await openProducerWithDemo(producer);
  const tablet = await context.newPage();
  await tablet.goto('/#/makeup');

  const form = composer(producer);
  await form.getByRole('radio', { name: 'Message' }).check();
  await form.getByRole('textbox', { name: 'Message text' }).fill('Water and snacks by the rails');
  await form.getByRole('button', { name: 'Send call' }).click();

  const onTablet = tablet
    .getByRole('list', { name: 'Calls' })
    .getByRole('listitem')
    .filter({ hasText: 'Water and snacks by the rails' });
  await expect(onTablet).toContainText('Everyone');
  await onTablet.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(onTablet).toContainText('Acknowledged by tablet');
  await expect(
    activeCalls(producer).getByRole('listitem').filter({ hasText: 'Water and snacks' }),
  ).toContainText('Acknowledged by tablet');
});

test('the composer says what is missing instead of sending', async ({ page }) => {
  await openProducerWithDemo(page);
  const form = composer(page);
  await form.getByRole('radio', { name: 'To a station' }).check();
  await form.getByLabel('To station').fill('Chair 3');
  await form.getByRole('button', { name: 'Send call' }).click();
  await expect(form.getByRole('alert')).toHaveText(/Choose at least one model/);
  await expect(activeCalls(page).getByRole('listitem')).toHaveCount(1);

  await form.getByLabel('Search models to call').fill('zara');
  await form.getByRole('checkbox', { name: /Zara Haddad/ }).check();
  await expect(form.getByRole('list', { name: 'Chosen models' })).toContainText('Zara Haddad');
  await form.getByRole('button', { name: 'Send call' }).click();
  await expect(activeCalls(page).getByRole('listitem')).toHaveCount(2);
  await expect(activeCalls(page)).toContainText('Zara Haddad to Chair 3');
});
