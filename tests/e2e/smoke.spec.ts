import { expect, test } from './fixtures';

test('the app loads', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Backstage kiosk');
});
