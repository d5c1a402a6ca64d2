import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { bigShowModelName } from '../support/big-show-csv';
import type {} from '../support/backstage-window';
import { expect as baseExpect, test } from './fixtures';
import { DEMO_PASSPHRASE } from '../../src/state/access';

// Big shows and returning kiosks: a 300-look running order imported from a
// spreadsheet, edited and reordered on the producer's screen; and a wall switched off
// while the producer changes things, which shows them once it is switched on again.

// Several people run e2e at once on two cores: a write can take seconds to show. Wait longer, never sleep.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });

const row = (page: Page, look: number): Locator =>
  page.getByRole('row').filter({ has: page.getByLabel(`Look ${look} outfit`, { exact: true }) });

test.describe('a 300-look show', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('is imported from a CSV, edited and reordered on the producer screen', async ({ page }) => {
    await page.goto('/#/producer');
    await page.getByLabel('Show title').fill('Showroom week');
    await page.getByRole('button', { name: 'Create the show' }).click();
    await page.getByRole('button', { name: 'Import running order (Excel or CSV)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import the running order' });
    await dialog
      .getByLabel('Running order file (Excel or CSV)')
      .setInputFiles('tests/fixtures/running-order-300.csv');
    await dialog.getByRole('button', { name: 'Import 300 looks' }).click();
    await expect(dialog).toHaveCount(0);

    // Every look is in the table (rows off screen are skipped by layout, not left out).
    await expect(page.getByText('300 looks.', { exact: false }).first()).toBeVisible();
    await expect(page.locator('table.running-order tbody tr')).toHaveCount(300);
    await expect(page.getByText('150 models, 0 checked in.')).toBeVisible();
    await expect(page.getByLabel('Look 300 outfit', { exact: true })).toHaveValue(
      'Ivory wool coat with oversized lapels 300',
    );

    // An edit far down the show is saved and stays after a reload.
    const outfit = page.getByLabel('Look 250 outfit', { exact: true });
    await outfit.fill('Silver trench, re-cut');
    await outfit.press('Tab');
    await expect(outfit).toHaveAttribute('title', 'Silver trench, re-cut');

    // Look 201 is given the model of look 200: back to back, a quick change.
    const model = page.getByLabel('Look 201 model', { exact: true });
    await model.focus();
    await model.selectOption({ label: bigShowModelName(200, 150) });
    await expect(row(page, 201)).toContainText('Quick change from look 200 (back to back');
    await expect(page.getByRole('heading', { name: 'Quick changes (1)' })).toBeVisible();

    // Look 250 moves up one place: it is look 249 now, and is announced.
    await page.getByRole('button', { name: 'Move Look 250 up', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
      'Look 250 moved to position 249',
    );
    await expect(page.getByLabel('Look 249 outfit', { exact: true })).toHaveValue(
      'Silver trench, re-cut',
    );
    // And back down with the keyboard, from its handle.
    await page.getByRole('button', { name: 'Reorder Look 249', exact: true }).press('ArrowDown');
    await expect(page.getByLabel('Look 250 outfit', { exact: true })).toHaveValue(
      'Silver trench, re-cut',
    );

    // Keyboard focus walks into the rows below the screen (skipped rows are still focusable).
    await page.getByLabel('Look 299 pacing override (seconds)').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Reorder Look 300', exact: true })).toBeFocused();

    await page.reload();
    await expect(page.getByLabel('Look 250 outfit', { exact: true })).toHaveValue(
      'Silver trench, re-cut',
    );
    await expect(
      page.getByLabel('Look 201 model', { exact: true }).locator('option:checked'),
    ).toHaveText(bigShowModelName(200, 150));
  });
});

// ---- a returning kiosk ---------------------------------------------------------------

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close().catch(() => {})));
});

async function kiosk(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context;
}

const wallNames = (wall: Page) => wall.getByRole('region', { name: 'Running order' });

test('a wall reopened after being closed shows the changes made meanwhile', async ({ browser }) => {
  const producerContext = await kiosk(browser, { width: 1440, height: 900 });
  const producer = await producerContext.newPage();
  await producer.goto('/#/producer');
  await producer.getByRole('button', { name: 'Load the demo show' }).click();
  await producer.waitForFunction(
    () => window.__backstage?.sync.isShared === true && window.__backstage.sync.isLeader,
  );
  const link = await producer.evaluate(() => {
    const sync = window.__backstage!.sync;
    return `${location.origin}/#/join?show=${sync.showId}&via=${sync.peerId}`;
  });

  const wallContext = await kiosk(browser, { width: 1080, height: 1920 });
  let wall = await wallContext.newPage();
  await wall.goto(link);
  await wall.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await wall.getByRole('radio', { name: 'Relaxation wall' }).check();
  await wall.getByLabel(/Name of this kiosk/).fill('Relaxation wall');
  await wall.getByRole('button', { name: 'Join the show' }).click();
  await expect(wall).toHaveURL(/#\/wall$/);
  await expect(wall.getByRole('button', { name: /Online · 2 of 2 kiosks/ })).toBeVisible();
  await expect(wallNames(wall)).toContainText('Amara Okafor');

  // The wall is switched off; the producer renames the first models meanwhile.
  await wall.close();
  await expect(producer.getByRole('button', { name: /Looking for kiosks/ })).toBeVisible();
  const renamed = await producer.evaluate(async () => {
    const data = window.__backstage!.kiosk.data as unknown as {
      walking: { look: { modelId: string } }[];
      models: { current: { id: string; name: string }[] };
    };
    const actions = window.__backstage!.actions as unknown as {
      updateModel(id: string, patch: { name: string }): Promise<void>;
    };
    const ids = [...new Set(data.walking.map((entry) => entry.look.modelId))].slice(0, 5);
    const names = ids.map(
      (id, i) => `${data.models.current.find((m) => m.id === id)!.name} (${i + 1} renamed)`,
    );
    for (const [i, id] of ids.entries()) await actions.updateModel(id, { name: names[i]! });
    return names;
  });

  // Switched on again: its stored show at once, then the changes, without a new join.
  wall = await wallContext.newPage();
  await wall.goto('/#/wall');
  await expect(wallNames(wall)).toContainText('Amara Okafor');
  // The portrait wall turns its pages: a name may be on a page shown only later in the
  // turn (30 s at most), so the names are gathered as the pages turn.
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const titles = await wallNames(wall)
          .locator('[title]')
          .evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
        for (const title of titles) seen.add(title);
        return renamed.filter((name) => !seen.has(name));
      },
      { timeout: 35_000 },
    )
    .toEqual([]);
  await expect(wall.getByRole('button', { name: /Online · 2 of 2 kiosks/ })).toBeVisible();
  // It dialled the producer itself, as a kiosk it was linked to before.
  const remembered = await wall.evaluate(async () => {
    const w = window.__backstage!.kiosk as unknown as {
      local: { settings: { get(key: string): Promise<{ value: unknown } | undefined> } };
    };
    const showId = window.__backstage!.sync.showId;
    return (await w.local.settings.get(`linked:${showId}`))?.value;
  });
  const producerPeer = await producer.evaluate(() => window.__backstage!.sync.peerId);
  expect(remembered).toContain(producerPeer);
});
