import type { Locator, Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// GO without looking: the stage manager sends looks with a key, a clicker (Page Down)
// or a foot pedal (Space), never twice for one press, and sees that keys are armed.

const expect = baseExpect.configure({ timeout: 15_000 });

test.use({ viewport: { width: 1920, height: 1080 } });

const nowCard = (page: Page): Locator => page.getByRole('region', { name: 'Walking now' });
const goButton = (page: Page): Locator => page.getByRole('button', { name: /^GO — look \d+$/ });
const keysLine = (page: Page): Locator => page.getByRole('status').filter({ hasText: 'Keys' });

async function openCurtainWithDemo(page: Page): Promise<void> {
  await page.goto('/#/curtain');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  // Before the first GO the curtain shows the countdown and the next look (no "walking now").
  await expect(goButton(page)).toHaveText('GO — look 1');
}

/** The GO takes presses again once the double-tap guard (a second) is over. */
async function guardOver(page: Page): Promise<void> {
  await expect(goButton(page)).toHaveAttribute('aria-disabled', 'false');
}

test('Space and Page Down each send one look per press, from anywhere on the screen', async ({
  page,
}) => {
  await openCurtainWithDemo(page);
  await expect(keysLine(page)).toContainText('Keys armed: Space, Enter, Page Down, → send GO');

  // The GO button is not where the focus is: a clicked heading, as after a stray tap.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('Space');
  await expect(nowCard(page)).toContainText('Look 1');
  await expect(goButton(page)).toHaveText('GO — look 2');

  await guardOver(page);
  await page.keyboard.press('PageDown');
  await expect(nowCard(page)).toContainText('Look 2');
  await expect(goButton(page)).toHaveText('GO — look 3');

  // A clicker's second press inside the guard is one GO, as a double tap is.
  await guardOver(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(nowCard(page)).toContainText('Look 3');
  await guardOver(page);
  await expect(goButton(page)).toHaveText('GO — look 4');

  // A pedal held down auto-repeats: one GO, and none after the guard while it is still held.
  await page.keyboard.down('Enter');
  await page.keyboard.down('Enter');
  await expect(nowCard(page)).toContainText('Look 4');
  await guardOver(page);
  await page.keyboard.down('Enter');
  await page.keyboard.down('Enter');
  await page.keyboard.up('Enter');
  // Had the held key sent a GO, it would be written well before the guard is over.
  await guardOver(page);
  await expect(goButton(page)).toHaveText('GO — look 5');
  await expect(nowCard(page)).toContainText('Look 4');

  // Page Up offers nothing here (the curtain has no undo of a GO): nothing goes back.
  await page.keyboard.press('PageUp');
  await expect(nowCard(page)).toContainText('Look 4');
});

test('? lists the shortcuts; keys do not GO while the list or a dialog is open', async ({
  page,
}) => {
  await openCurtainWithDemo(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Curtain shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('GO: the next look goes out');
  await expect(help.locator('kbd')).toContainText(['Space', 'Enter', 'Page Down', '→', '?', 'Esc']);
  await expect(keysLine(page)).toContainText('Keys paused while this is open');

  await page.keyboard.press('PageDown');
  await expect(goButton(page)).toHaveText('GO — look 1');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(keysLine(page)).toContainText('Keys armed');
  await page.keyboard.press('PageDown');
  await expect(goButton(page)).toHaveText('GO — look 2');
});

test('the producer: typing in a field is never a shortcut; P opens printing, ? the shortcuts', async ({
  page,
}) => {
  await page.goto('/#/producer');
  await page.getByLabel('Show title').fill('Keys and papers');
  await page.getByRole('button', { name: 'Create the show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keys and papers');

  const title = page.getByLabel('Title', { exact: true });
  await title.fill('');
  await title.pressSequentially('Pop? Press P');
  await expect(title).toHaveValue('Pop? Press P');
  await expect(page.getByRole('group', { name: 'What to print' })).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('p');
  await expect(page.getByRole('group', { name: 'What to print' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Producer shortcuts' })).toContainText(
    'Print the running order',
  );
});
