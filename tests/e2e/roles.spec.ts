import type { Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { expect, test } from './fixtures';
import { closeKiosks, corner, join, kioskPage, loadDemo } from './kiosks';

// Roles checked by every kiosk, over real WebRTC through the real PeerServer: the
// producer loads the demo, a wall and a hair & makeup tablet join it. Someone at the
// tablet opens devtools and rewrites the running order from its console (the test
// build's hook writes past the tablet's own check, as a modified page could). The wall
// and the producer refuse it, and the producer sees the tablet flagged.

test.describe.configure({ timeout: 150_000 });

test.afterEach(closeKiosks);

/** The running order as a kiosk holds it: each look's rank, outfit and cut flag. */
const runningOrder = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify(
      window
        .__backstage!.kiosk.data!.looks.current.map((look) => [
          look.id,
          look.rank,
          look.outfit,
          look.cut,
        ])
        .sort(),
    ),
  );

test('a tablet that rewrites the running order from its console is refused by the wall and the producer, and flagged', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  const { link } = await loadDemo(producer);
  const wall = await kioskPage(browser);
  await join(wall, link, 'Relaxation wall', 'Wall by the mirrors');
  const tablet = await kioskPage(browser);
  await join(tablet, link, 'Hair & makeup tablet', 'Chair 1 tablet');
  await expect(tablet).toHaveURL(/#\/makeup$/, { timeout: 20_000 });
  for (const page of [producer, wall, tablet])
    await expect(corner(page)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 20_000 });

  // The tablet's own taps travel as always.
  const firstLook = await tablet.evaluate(
    () => window.__backstage!.kiosk.data!.walking[0]!.look.id,
  );
  await tablet.evaluate(
    (id) => window.__backstage!.actions.setStep(id, 'dressed', true),
    firstLook,
  );
  for (const page of [producer, wall])
    await expect
      .poll(() =>
        page.evaluate((id) => window.__backstage!.kiosk.data!.progress.get(id)?.dressed, firstLook),
      )
      .toMatchObject({ done: true });

  const before = await runningOrder(producer);
  expect(await runningOrder(wall)).toBe(before);

  // Its screen offers nothing of the running order, and its own check refuses the action.
  await expect(
    tablet.evaluate(
      (id) => window.__backstage!.actions.updateLook(id, { outfit: 'Forged' }),
      firstLook,
    ),
  ).rejects.toThrow('a makeup kiosk may not write the outfit of looks');

  // From the console, past its own check: the last look first, every outfit rewritten, one look cut.
  await tablet.evaluate(() => {
    const looks = window.__backstage!.kiosk.data!.looks.current;
    return window.__backstage!.forge([
      { table: 'looks', key: looks.at(-1)!.id, field: 'rank', value: '0' },
      { table: 'looks', key: looks[1]!.id, field: 'cut', value: true },
      ...looks.slice(0, 5).map((look) => ({
        table: 'looks',
        key: look.id,
        field: 'outfit',
        value: 'FORGED by the tablet',
      })),
    ]);
  });
  // On the tablet itself the forgery shows: it wrote it.
  await expect.poll(() => runningOrder(tablet)).not.toBe(before);

  // The producer flags the tablet in its kiosks panel...
  const panel = producer.getByRole('table', { name: 'Kiosks in this show' });
  await expect(panel).toContainText(
    'Refused 7 changes outside its role (a makeup kiosk may not write the',
    { timeout: 20_000 },
  );
  // ...on the tablet's row (the warning row follows it).
  const rows = await panel.getByRole('row').allInnerTexts();
  const flagged = rows.findIndex((row) => row.includes('Refused 7 changes'));
  expect(rows[flagged - 1]).toContain('Chair 1 tablet');
  // The wall refused it too.
  await expect
    .poll(() =>
      wall.evaluate(
        () => window.__backstage!.sync.engine?.status.guards.refused['out-of-role'] ?? 0,
      ),
    )
    .toBeGreaterThan(0);
  // Neither the wall nor the producer changed its running order; no screen shows the forgery.
  expect(await runningOrder(producer)).toBe(before);
  expect(await runningOrder(wall)).toBe(before);
  await expect(wall.getByText('FORGED by the tablet')).toHaveCount(0);
  await expect(producer.getByText('FORGED by the tablet')).toHaveCount(0);
});
