import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser, Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { expect, test } from './fixtures';
import { closeKiosks, corner, join, kioskPage as openKiosk, loadDemo } from './kiosks';

// Show time across kiosks: one venue clock whatever the kiosks' own clocks say,
// automatic calls that reach every screen once, and the debrief of the runs.
// Kiosks are separate browser contexts talking over real WebRTC via the real PeerServer.

test.describe.configure({ timeout: 150_000 });

/**
 * A kiosk whose own clock is `skewMs` off the machine's: Date (now and new Date())
 * and performance.timeOrigin are shifted before any of the app runs; the real time
 * stays readable as `__realNow()` for the test.
 */
function kioskPage(browser: Browser, skewMs = 0): Promise<Page> {
  return openKiosk(browser, (context) =>
    context.addInitScript((skew: number) => {
      const RealDate = Date;
      const realNow = RealDate.now.bind(RealDate);
      const origin = performance.timeOrigin;
      (window as unknown as { __realNow: () => number }).__realNow = realNow;
      if (skew === 0) return;
      class SkewedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(realNow() + skew);
          else super(...(args as [string]));
        }
        static now() {
          return realNow() + skew;
        }
      }
      (window as unknown as { Date: DateConstructor }).Date = SkewedDate as DateConstructor;
      Object.defineProperty(performance, 'timeOrigin', { get: () => origin + skew });
    }, skewMs),
  );
}

test.afterEach(closeKiosks);

/** Show time minus real time on this page: equal on two kiosks = the same countdown. */
const venueOffset = (page: Page) =>
  page.evaluate(() => {
    const hooks = window.__backstage!;
    return hooks.showClock.now() - (window as unknown as { __realNow: () => number }).__realNow();
  });

test('three kiosks whose clocks are −30 s, 0 and +45 s show the same curtain countdown', async ({
  browser,
}) => {
  const producer = await kioskPage(browser, 0);
  const { link } = await loadDemo(producer);
  const wall = await kioskPage(browser, -30_000);
  // Every countdown the wall ever paints, with the real time it was painted at: a kiosk
  // must never show a countdown from a clock it has not settled on.
  await wall.addInitScript(() => {
    const seen: [number, string][] = [];
    (window as unknown as { __painted: [number, string][] }).__painted = seen;
    const realNow = (window as unknown as { __realNow: () => number }).__realNow;
    const look = () => {
      const value = document.querySelector('.headline [role="timer"] .value')?.textContent?.trim();
      if (value && value !== seen.at(-1)?.[1]) seen.push([realNow(), value]);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await join(wall, link, 'Relaxation wall', 'Wall −30 s', { arrive: true });
  const curtain = await kioskPage(browser, 45_000);
  await join(curtain, link, 'Curtain display', 'Curtain +45 s', { arrive: true });
  for (const page of [wall, curtain])
    await expect(corner(page)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 20_000 });

  const countdownOf = (page: Page, selector: string) => page.locator(selector).getByRole('timer');
  await expect(countdownOf(wall, '.headline')).toContainText(/Curtain in\s*1:\d\d:\d\d/, {
    timeout: 20_000,
  });
  await expect(countdownOf(curtain, '.loud')).toContainText(/Curtain in\s*1:\d\d:\d\d/, {
    timeout: 20_000,
  });
  for (const page of [wall, curtain])
    await page.waitForFunction(() => window.__backstage!.clockSync.isSettled);

  // The same show time on all three, whatever their own clocks say.
  const offsets = await Promise.all([producer, wall, curtain].map(venueOffset));
  expect(Math.max(...offsets) - Math.min(...offsets)).toBeLessThan(250);
  // The kiosk 45 s fast is under a minute off: no warning; all show venue time.
  expect(await curtain.evaluate(() => window.__backstage!.clockSync.ownClockOff)).toBe('');

  // Every countdown the wall painted agreed with venue time (within the second it shows).
  const curtainAt = await producer.evaluate(() => {
    const show = window.__backstage!.kiosk.data!.show as unknown as {
      date: string;
      curtainTime: string;
    };
    const [y, m, d] = show.date.split('-').map(Number);
    const [hh, mm] = show.curtainTime.split(':').map(Number);
    return new Date(y!, m! - 1, d!, hh!, mm!).getTime();
  });
  const painted = await wall.evaluate(
    () => (window as unknown as { __painted: [number, string][] }).__painted,
  );
  const shown = painted.filter(([, text]) => /^\d/.test(text));
  expect(shown.length).toBeGreaterThan(0);
  for (const [at, text] of shown) {
    const [h, m, s] = text.split(':').map(Number);
    const remaining = ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000;
    // Rounded up to the second while counting down; the producer's clock is the machine's.
    expect(Math.abs(curtainAt - at - remaining)).toBeLessThan(1500);
  }
});

test('an automatic line-up call reaches the wall and the tablet once; a quick-change alert reaches the tablet at the first GO', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  const { link } = await loadDemo(producer);
  const wall = await kioskPage(browser);
  await join(wall, link, 'Relaxation wall', 'Wall', { arrive: true });
  const tablet = await kioskPage(browser);
  await join(tablet, link, 'Hair & makeup tablet', 'Chair 1', { arrive: true });
  for (const page of [wall, tablet])
    await expect(corner(page)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 20_000 });

  // The producer switches the rules on; a model walking again within 20 looks counts as a
  // quick change, so Amara Okafor (looks 1 and 19) is one.
  await producer
    .getByRole('listitem')
    .filter({ hasText: 'Line-up calls' })
    .getByRole('checkbox')
    .check();
  await producer
    .getByRole('listitem')
    .filter({ hasText: 'Quick-change alerts' })
    .getByRole('checkbox')
    .check();
  await producer.evaluate(() => window.__backstage!.actions.updateShow({ quickChangeLooks: 20 }));
  await expect(
    producer.getByRole('listitem').filter({ hasText: 'Line-up calls' }).getByRole('checkbox'),
  ).toBeChecked();

  // GO for look 1, from the producer's kiosk. The producer then sees what the rules say next.
  await producer.evaluate(() => window.__backstage!.actions.go());
  await expect(producer.getByRole('list', { name: 'Automatic calls due next' })).toContainText(
    'Look 8 to the line-up',
  );

  const lineup = /Look 7 to the line-up — /;
  await expect(wall.getByRole('region', { name: 'Calls' }).getByText(lineup)).toHaveCount(1, {
    timeout: 15_000,
  });
  await expect(producer.getByRole('list', { name: 'Active calls' })).toContainText(
    'Automatic · Line-up calls',
  );
  await expect(tablet.getByRole('list', { name: 'Calls' }).getByText(lineup)).toHaveCount(1, {
    timeout: 15_000,
  });
  const alert = tablet
    .getByRole('list', { name: 'Calls' })
    .getByText(/Quick change: Amara Okafor into look 19 — dresser \w+, \d+:\d\d until her GO/);
  await expect(alert).toHaveCount(1);

  // Every kiosk ran the rules; each holds one copy of each call.
  for (const page of [producer, wall, tablet]) {
    await expect
      .poll(() =>
        page.evaluate(() =>
          window
            .__backstage!.kiosk.data!.calls.current.filter(
              (call) => call.rule === 'lineup' || call.rule === 'quick-change',
            )
            .map((call) => call.text)
            .sort(),
        ),
      )
      .toEqual([
        expect.stringMatching(/^Look 7 to the line-up — /),
        expect.stringMatching(/^Quick change: Amara Okafor/),
      ]);
  }
  // One chime on the tablet for the GO's batch of calls, the urgent one.
  await expect
    .poll(() => tablet.evaluate(() => window.__backstage!.sound.chimes.map((c) => c.kind)))
    .toEqual(['urgent']);
});

test('a rehearsal and a live run both appear in the debrief chart, and the exports parse', async ({
  page,
}) => {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await page.waitForFunction(() => window.__backstage?.kiosk.data?.show.title.startsWith('Maison'));
  const go = (times: number) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) await window.__backstage!.actions.go();
    }, times);
  await go(3);
  await page.evaluate(() => window.__backstage!.actions.endRun());
  await page.evaluate(() => window.__backstage!.actions.updateShow({ phase: 'live' }));
  await go(4);
  await page.evaluate(() =>
    window.__backstage!.actions.addNote('debrief', 'Finale music cue was late', false),
  );

  await page.goto('/#/debrief');
  const chart = page.getByTestId('debrief-chart').first();
  await expect(chart.locator('g.series[data-kind="rehearsal"] rect')).toHaveCount(3);
  await expect(chart.locator('g.series[data-kind="live"] circle')).toHaveCount(4);
  await expect(
    page.getByRole('table', { name: 'Planned against actual, Live show' }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Debrief notes' })).toContainText(
    'Finale music cue was late',
  );

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = Papa.parse<string[]>(readFileSync((await csvDownload.path())!, 'utf8'), {
    skipEmptyLines: true,
  });
  expect(csv.errors).toEqual([]);
  expect(csv.data[0]?.slice(0, 3)).toEqual(['Run', 'Look', 'Model']);
  expect(csv.data.filter((row) => row[0] === 'Live show' && row[4] !== '')).toHaveLength(4);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
  expect(json.runs.map((run: { title: string }) => run.title)).toEqual(['Rehearsal', 'Live show']);
  expect(json.notes[0].text).toBe('Finale music cue was late');
});
