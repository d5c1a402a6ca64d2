import type { Browser, Locator, Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { expect, test } from './fixtures';
import { closeKiosks, inviteFrom, join, kioskPage, loadDemo } from './kiosks';

// Admission, removal and a second producer, between kiosks on separate browser
// contexts over real WebRTC through the real PeerServer (as sync.spec.ts). The
// producer loads the demo and so founds the show; the others join with its link
// (which names the founder) and the passphrase, and are admitted by a producer.

test.describe.configure({ timeout: 180_000 });

test.afterEach(closeKiosks);

const siteOf = (page: Page) => page.evaluate(() => window.__backstage!.kiosk.site);
const selfStanding = (page: Page) => page.evaluate(() => window.__backstage!.admissions.self.kind);
const standingOn = (page: Page, site: string) =>
  page.evaluate((of) => window.__backstage!.admissions.standing(of).kind, site);
const kiosksTable = (page: Page): Locator =>
  page.getByRole('table', { name: 'Kiosks in this show' });
const stepButton = (page: Page, model: string, step: string, look: number): Locator =>
  page
    .getByRole('article', { name: model })
    .getByRole('group', { name: `Look ${look}`, exact: true })
    .getByRole('button', { name: step });
const wallRow = (page: Page, model: string): Locator =>
  page
    .getByRole('region', { name: 'Running order' })
    .getByRole('listitem')
    .filter({ hasText: model })
    .first();

/** The producer with the demo, a wall and a makeup tablet, both admitted. */
async function producerWallTablet(browser: Browser) {
  const producer = await kioskPage(browser);
  await loadDemo(producer, { producer: true });
  const invite = await inviteFrom(producer, { founder: true });
  const wall = await kioskPage(browser);
  await join(wall, invite, 'Relaxation wall', 'Wall by the mirrors');
  const tablet = await kioskPage(browser);
  await join(tablet, invite, 'Hair & makeup tablet', 'Chair 1 tablet');
  await expect(tablet).toHaveURL(/#\/makeup$/, { timeout: 20_000 });
  // Admitted automatically, and the producer's screen says so as it happens.
  await expect(
    producer.getByText("Kiosk 'Chair 1 tablet' admitted as Hair & makeup tablet"),
  ).toBeVisible({
    timeout: 20_000,
  });
  await expect.poll(() => selfStanding(tablet), { timeout: 20_000 }).toBe('admitted');
  await expect.poll(() => selfStanding(wall), { timeout: 20_000 }).toBe('admitted');
  await expect(tablet.getByText(/Waiting for the producer's laptop/)).toHaveCount(0);
  return { producer, wall, tablet, tabletSite: await siteOf(tablet) };
}

async function removeTablet(producer: Page, tabletSite: string, wall: Page): Promise<void> {
  await producer.getByRole('button', { name: 'Remove Chair 1 tablet', exact: true }).click();
  await expect(kiosksTable(producer).getByRole('row', { name: /Chair 1 tablet/ })).toContainText(
    'Removed',
  );
  await expect.poll(() => standingOn(wall, tabletSite), { timeout: 20_000 }).toBe('removed');
}

test('a removed tablet is told so, every kiosk counts it removed, and it can be re-admitted', async ({
  browser,
}) => {
  const { producer, wall, tablet, tabletSite } = await producerWallTablet(browser);
  // Before: its taps reach the wall.
  await stepButton(tablet, 'Amara Okafor', 'Dressed', 1).click();
  await expect(wallRow(wall, 'Amara Okafor')).toContainText('Needs Accessories', {
    timeout: 20_000,
  });

  // The kiosks panel shows each kiosk's admitted role; the producer removes the tablet.
  const row = kiosksTable(producer).getByRole('row', { name: /Chair 1 tablet/ });
  await expect(row).toContainText('Hair & makeup tablet');
  await removeTablet(producer, tabletSite, wall);
  await expect(
    tablet.getByRole('heading', { name: /This kiosk was removed from the show by / }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(tablet.getByText(/ask the producer to re-admit it/)).toBeVisible();

  // Re-admit: the tablet is back with its role.
  await row.getByRole('button', { name: 'Re-admit Chair 1 tablet' }).click();
  await expect.poll(() => selfStanding(tablet), { timeout: 20_000 }).toBe('admitted');
  await expect(tablet.getByRole('heading', { name: /This kiosk was removed/ })).toHaveCount(0);
  expect(await standingOn(wall, tabletSite)).toBe('admitted');
});

test("a removed tablet's taps stop reaching the other kiosks", async ({ browser }) => {
  const { producer, wall, tablet, tabletSite } = await producerWallTablet(browser);
  const [first, second] = await producer.evaluate(() =>
    window.__backstage!.kiosk.data!.walking.slice(0, 2).map((entry) => entry.look.id),
  );
  await removeTablet(producer, tabletSite, wall);
  await expect(tablet.getByRole('heading', { name: /This kiosk was removed/ })).toBeVisible({
    timeout: 20_000,
  });
  // Its own screen writes nothing any more...
  await expect(
    tablet.evaluate((id) => window.__backstage!.actions.setStep(id!, 'dressed', true), first),
  ).rejects.toThrow();
  // ...and a tap from its console, past its own check, is refused by the others.
  await tablet.evaluate(
    (id) =>
      window.__backstage!.forge([
        {
          table: 'progress',
          key: id!,
          field: 'dressed',
          value: {
            done: true,
            at: window.__backstage!.showClock.now(),
            by: window.__backstage!.kiosk.site,
          },
        },
      ]),
    first,
  );
  await expect
    .poll(
      () =>
        wall.evaluate(() => window.__backstage!.sync.engine?.status.guards.refused.removed ?? 0),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  // The producer's tap after it arrives: the wall is linked and listening.
  await producer.evaluate(
    (id) => window.__backstage!.actions.setStep(id!, 'dressed', true),
    second,
  );
  const dressed = (id: string | undefined) =>
    wall.evaluate(
      (look) =>
        (
          window.__backstage!.kiosk.data!.progress.get(look!)?.dressed as
            { done?: boolean } | undefined
        )?.done,
      id,
    );
  await expect.poll(() => dressed(second), { timeout: 20_000 }).toBe(true);
  expect(await dressed(first)).not.toBe(true);
});

test('a second producer keeps the show editable after the first closes', async ({ browser }) => {
  const first = await kioskPage(browser);
  await loadDemo(first, { producer: true });
  const second = await kioskPage(browser);
  await join(second, await inviteFrom(first, { founder: true }), 'Producer', 'Backup laptop');
  // The passphrase alone does not make a producer: it waits, and the first is asked.
  await expect(
    second.getByText(/Waiting for the producer's laptop to admit this kiosk as a producer/),
  ).toBeVisible({
    timeout: 20_000,
  });
  const request = first.getByRole('alert').filter({ hasText: 'asks to be a producer' });
  await expect(request).toContainText("Kiosk 'Backup laptop'", { timeout: 20_000 });
  await request.getByRole('button', { name: 'Admit' }).click();

  // Both are producers, in both kiosks panels.
  await expect(second.getByRole('textbox', { name: 'Title', exact: true })).toBeVisible({
    timeout: 20_000,
  });
  for (const page of [first, second])
    await expect(kiosksTable(page).getByRole('row', { name: /Backup laptop/ })).toContainText(
      'Producer',
    );

  // The first producer's laptop dies; a wall joins through the second, which admits it.
  await first.context().close();
  const wall = await kioskPage(browser);
  await join(
    wall,
    await inviteFrom(second, { founder: true }),
    'Relaxation wall',
    'Wall by the mirrors',
  );
  await expect.poll(() => selfStanding(wall), { timeout: 30_000 }).toBe('admitted');
  await expect(
    second.getByText("Kiosk 'Wall by the mirrors' admitted as Relaxation wall"),
  ).toBeVisible();

  // The second producer edits the show, and the wall shows it.
  const title = second.getByRole('textbox', { name: 'Title', exact: true });
  await title.fill('Maison Lumière — Backup run');
  await title.press('Tab');
  await expect(wall.getByText('Maison Lumière — Backup run')).toBeVisible({ timeout: 20_000 });
});
