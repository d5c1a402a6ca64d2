import type { Browser, Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { DEMO_PASSPHRASE } from '../../src/state/access';

// The venue clock under skewed kiosk clocks: three kiosks whose own clocks are −30 s,
// 0 and +45 s off the machine's join one show, and for a minute the bench reads each
// one's show time against the real (machine) time. Equal differences on all three are
// the same countdown on every screen; the worst spread in one reading is the figure.
// Next to it: the data-channel round trips the kiosks measured meanwhile (heartbeats).

export interface ClockSkewResult {
  /** Worst spread of (show time − real time) across the three kiosks, in one reading. */
  worstMs: number;
  p95Ms: number;
  readings: number;
  /** Data-channel round trips seen by the two following kiosks (ms). */
  roundTrips: number[];
  /** Time from the join tap until each following kiosk showed a settled clock (ms). */
  settleMs: number[];
}

export const CLOCK_SKEWS = [0, -30_000, 45_000] as const;

async function skewedKiosk(browser: Browser, skew: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  await context.addInitScript((by: number) => {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    const origin = performance.timeOrigin;
    (window as unknown as { __realNow: () => number }).__realNow = realNow;
    if (by === 0) return;
    class SkewedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(realNow() + by);
        else super(...(args as [string]));
      }
      static now() {
        return realNow() + by;
      }
    }
    (window as unknown as { Date: DateConstructor }).Date = SkewedDate as DateConstructor;
    Object.defineProperty(performance, 'timeOrigin', { get: () => origin + by });
  }, skew);
  return context.newPage();
}

const venueOffset = (page: Page) =>
  page.evaluate(
    () =>
      window.__backstage!.showClock.now() -
      (window as unknown as { __realNow: () => number }).__realNow(),
  );

export async function clockSkew(
  browser: Browser,
  origin: string,
  seconds = 60,
): Promise<ClockSkewResult> {
  const [producerSkew, ...joinerSkews] = CLOCK_SKEWS;
  const producer = await skewedKiosk(browser, producerSkew);
  await producer.goto(`${origin}/#/producer`);
  await producer.getByRole('button', { name: 'Load the demo show' }).click();
  await producer.waitForFunction(
    () => window.__backstage?.sync.isShared === true && window.__backstage.sync.isLeader,
    null,
    {
      timeout: 30_000,
    },
  );
  const link = await producer.evaluate(() => {
    const sync = window.__backstage!.sync;
    return `${location.origin}/#/join?show=${sync.showId}&via=${sync.peerId}`;
  });
  const pages = [producer];
  const settleMs: number[] = [];
  for (const [i, skew] of joinerSkews.entries()) {
    const page = await skewedKiosk(browser, skew);
    await page.goto(link);
    await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
    await page
      .getByRole('radio', { name: i === 0 ? 'Relaxation wall' : 'Curtain display' })
      .check();
    await page.getByLabel(/Name of this kiosk/).fill(`Skewed ${skew / 1000} s`);
    const tapped = Date.now();
    await page.getByRole('button', { name: 'Join the show' }).click();
    await page.waitForFunction(
      () =>
        window.__backstage?.clockSync.isSettled === true &&
        window.__backstage.sync.summary.online >= 2,
      null,
      {
        timeout: 60_000,
      },
    );
    settleMs.push(Date.now() - tapped);
    pages.push(page);
  }
  for (const page of pages)
    await page.waitForFunction((n) => window.__backstage?.sync.summary.online === n, pages.length, {
      timeout: 60_000,
    });
  const spreads: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const offsets = await Promise.all(pages.map(venueOffset));
    spreads.push(Math.max(...offsets) - Math.min(...offsets));
    // A reading every quarter second, as the screens tick: not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const roundTrips = (
    await Promise.all(
      pages
        .slice(1)
        .map((page) => page.evaluate(() => [...window.__backstage!.clockSync.roundTrips])),
    )
  ).flat();
  for (const page of pages) await page.context().close();
  const sorted = [...spreads].sort((a, b) => a - b);
  return {
    worstMs: sorted.at(-1) ?? NaN,
    p95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN,
    readings: spreads.length,
    roundTrips,
    settleMs,
  };
}
