import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Several people run e2e at once on two cores: a write can take seconds to show. Wait longer, never sleep.
const expect = baseExpect.configure({ timeout: 15_000 });

// The show's passphrase on the producer's screen: four random words offered by default,
// a typed one too easy to guess refused with the reason, and the words shown spaced to
// be read out to whoever holds the tablet.

const FOUR_WORDS = /^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/;

async function newShow(page: Page) {
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill('Maison Lumière — AW27');
  await page.getByRole('button', { name: 'Create the show' }).click();
  await expect(page.getByRole('heading', { name: 'Let other kiosks join' })).toBeVisible();
}

const shot = (page: Page, name: string) =>
  page
    .locator('.join-panel')
    .screenshot({ path: test.info().outputPath(`${name}-${page.viewportSize()?.width}.png`) });

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 820, height: 1180 },
]) {
  test(`a new show offers four random words, refuses a weak passphrase, and shows the one set word by word (${viewport.width}×${viewport.height})`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await newShow(page);
    const field = page.getByLabel('Show passphrase');
    const suggested = await field.inputValue();
    expect(suggested).toMatch(FOUR_WORDS);
    await page.getByRole('button', { name: 'New passphrase' }).click();
    await expect(field).not.toHaveValue(suggested);
    await expect(field).toHaveValue(FOUR_WORDS);
    await field.scrollIntoViewIfNeeded();
    await shot(page, 'join-panel-suggested');

    await field.fill('catwalk');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    const problem = page.locator('.join-panel').getByRole('alert');
    await expect(problem).toHaveText(
      'Too easy to guess. Use four or more unrelated words, or the suggested passphrase.',
    );
    await shot(page, 'join-panel-refused');
    // Nothing was set: the form is still there.
    await expect(page.getByRole('button', { name: 'Set the passphrase' })).toBeVisible();

    await page.getByRole('button', { name: 'New passphrase' }).click();
    await expect(problem).toHaveCount(0);
    const chosen = await field.inputValue();
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    const shown = page.locator('.join-panel .passphrase');
    await expect(shown.getByRole('button', { name: 'Show' })).toBeVisible();
    await shown.getByRole('button', { name: 'Show' }).click();
    await expect(shown.locator('.words')).toHaveText(chosen);
    await expect(shown.locator('.words > span')).toHaveText(chosen.split(' '));
    await shot(page, 'join-panel-set');

    // A new passphrase: the form again, with a fresh suggestion and the warning.
    await page.getByRole('button', { name: 'New passphrase…' }).click();
    await expect(
      page.getByText('Changing the passphrase disconnects every other kiosk'),
    ).toBeVisible();
    await expect(page.getByLabel('New passphrase', { exact: true })).toHaveValue(FOUR_WORDS);
    await expect(page.getByLabel('New passphrase', { exact: true })).not.toHaveValue(chosen);
  });
}

test('a typed passphrase of four or more unrelated words is taken', async ({ page }) => {
  await newShow(page);
  await page.getByLabel('Show passphrase').fill('  Lantern   Okapi tuesday Gravel  ');
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  const shown = page.locator('.join-panel .passphrase');
  await shown.getByRole('button', { name: 'Show' }).click();
  // Spaces as typed are one space each: what is read out is what a tablet types.
  await expect(shown.locator('.words')).toHaveText('Lantern Okapi tuesday Gravel');
});
