/**
 * `cpu`: main-thread CPU time per remote tap, on the tapping kiosk and on an observer,
 * at 2, 4 and 6 kiosks (issue 11).
 *
 * The clock is Chromium's thread time of each page's renderer main thread
 * (`Performance.enable({ timeDomain: 'threadTicks' })`: TaskDuration is then the `tdur`
 * of a trace, time the thread ran, not wall time), read over CDP before and after a window.
 *
 * What a window holds besides the tap: the kiosks' own background work (heartbeats and
 * clock pings to every peer, the version-vector exchange, the clock ticking on screen,
 * the PeerServer listing), which grows with the number of kiosks and with the window's
 * length, and the bench's own calls into the pages. So every tap window is paired with
 * a control window right after it: the same calls into the same pages, no tap, held
 * open exactly as long. A tap's figure is its window less its control's. Each window
 * lasts at least WINDOW_MS, and until both pages have stored and painted the tap (two
 * animation frames after the engines are idle), so what the tap sets off (the live
 * queries' re-reads, the frame that paints it) is counted; a short pause between windows
 * keeps one window's tail out of the next.
 *
 * Before measuring, the pages settle: the demo's calls pulse for five seconds when they
 * are issued, a main-thread animation of tens of ms per second that had been counted
 * as the first tablet's cost of a tap.
 */
import type { Browser, Page } from '@playwright/test';
import { join, loadDemo, median, newKiosk, online } from './kiosk-shell';

type Hooks = {
  actions: { toggleStep(id: string, step: string): Promise<unknown> };
  kiosk: { data: { models: { current: { id: string }[] } } | null };
  sync: {
    engine?: { idle(): Promise<void>; on(event: string, listener: () => void): () => void };
  };
};
type BenchWindow = Window & { __benchApplied?: Promise<void> };

/** The shortest window: the tap's work that follows its paint (a live query's re-read) falls inside. */
const WINDOW_MS = 200;
/** Between windows, unmeasured. */
const GAP_MS = 50;

export interface CpuPerTap {
  kiosks: number;
  taps: number;
  /** The tap's own thread time (tap window less its control), p50 / p95. */
  tapperP50: number;
  tapperP95: number;
  observerP50: number;
  observerP95: number;
  /**
   * The observer's p50 split by where the tapped model's card is on its screen: rendered
   * (on screen or near it) or skipped by `content-visibility: auto` (far below). The
   * taps cycle through all models, so both kinds are in the p50 above; how many of each.
   */
  observerRendered: { p50: number; taps: number };
  observerSkipped: { p50: number; taps: number };
  /** What the control windows held (background and the bench's calls), p50, tapper / observer. */
  controlTapper: number;
  controlObserver: number;
}

/** Main-thread thread time of `page` so far (ms). */
async function threadClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves after the page has painted twice from now: a change made before is on screen. */
const painted = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );

const engineIdle = (page: Page) =>
  page.evaluate(() => (window.__backstage as unknown as Hooks).sync.engine?.idle());

/** No CSS animation running on the page (the pulse of a new call ends after 5 s). */
const settled = (page: Page) =>
  page.waitForFunction(
    () => document.getAnimations().every((animation) => animation.playState !== 'running'),
    null,
    { timeout: 30_000, polling: 250 },
  );

export const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1] ?? NaN;

/** What one paired-window run drives: a tap, or the same calls without one (a control). */
export interface TapDriver {
  tapper: Page;
  observer: Page;
  /** Ready the observer to tell when a tap is applied (for a control: the same call, nothing armed). */
  arm(isTap: boolean): Promise<unknown>;
  /** Tap subject `i` on the tapper; `undefined`: the same call, no tap. */
  tap(i: number | undefined): Promise<unknown>;
  /** Resolves once the observer applied the armed tap (at once for a control). */
  applied(): Promise<unknown>;
  /** Resolves once `page` has nothing of the tap left to handle. */
  idle(page: Page): Promise<unknown>;
}

/** Per tap: its thread time less its control's, on each page, and what the controls held. */
export interface PairedWindows {
  tapper: number[];
  observer: number[];
  control: [number[], number[]];
}

/**
 * Taps in windows, each paired with a control window right after it: the same calls
 * into the same pages, no tap, held open exactly as long (see the top of this file).
 */
export async function pairedWindows(driver: TapDriver, taps: number): Promise<PairedWindows> {
  const { tapper, observer } = driver;
  const both = [tapper, observer];
  const clocks = [await threadClock(tapper), await threadClock(observer)];
  const read = () => Promise.all(clocks.map((clock) => clock()));
  /** One window, tap or control: the same calls into the same pages. Returns its length and thread times. */
  const measure = async (tap: number | undefined, atLeast: number) => {
    await driver.arm(tap !== undefined);
    const start = Date.now();
    const before = await read();
    await driver.tap(tap);
    await driver.applied();
    await Promise.all(both.map((page) => driver.idle(page)));
    await Promise.all(both.map(painted));
    await sleep(start + atLeast - Date.now());
    const after = await read();
    await sleep(GAP_MS);
    return { length: Date.now() - start - GAP_MS, ms: after.map((t, i) => t - before[i]!) };
  };
  await Promise.all(both.map(settled));
  // Warm up (the JIT, the first render of a step), then pairs of a tap and its control.
  for (let i = 0; i < 5; i++) await measure(i, WINDOW_MS);
  const result: PairedWindows = { tapper: [], observer: [], control: [[], []] };
  for (let i = 0; i < taps; i++) {
    const tapped = await measure(i, WINDOW_MS);
    const quiet = await measure(undefined, tapped.length);
    result.tapper.push(tapped.ms[0]! - quiet.ms[0]!);
    result.observer.push(tapped.ms[1]! - quiet.ms[1]!);
    result.control[0].push(quiet.ms[0]!);
    result.control[1].push(quiet.ms[1]!);
  }
  return result;
}

/** The p50 of the taps `which` picks (by tap index), and how many it picked. */
function split(values: number[], which: (i: number) => boolean): { p50: number; taps: number } {
  const picked = values.filter((_, i) => which(i));
  return { p50: median(picked), taps: picked.length };
}

export async function cpuPerTap(
  browser: Browser,
  base: string,
  counts: number[],
  taps: number,
): Promise<CpuPerTap[]> {
  const pages: Page[] = [await newKiosk(browser)];
  const link = await loadDemo(pages[0]!, base, '/makeup');
  const rows: CpuPerTap[] = [];
  for (const kiosks of counts) {
    while (pages.length < kiosks) {
      const page = await newKiosk(browser);
      await join(page, link, `Tablet ${pages.length}`);
      pages.push(page);
    }
    await online(pages);
    const [tapper, observer] = pages as [Page, Page];
    const models = await tapper.evaluate(() =>
      (window.__backstage as unknown as Hooks).kiosk.data!.models.current.map((m) => m.id),
    );
    // The cards stay where they are: a hair tap does not move a card.
    const isRendered = await observer.evaluate(
      (ids) =>
        ids.map(
          (id) =>
            document
              .querySelector(`[aria-labelledby="name-${id}"]`)
              ?.checkVisibility({ contentVisibilityAuto: true }) ?? false,
        ),
      models,
    );
    const windows = await pairedWindows(
      {
        tapper,
        observer,
        arm: (isTap) =>
          observer.evaluate((isTap) => {
            if (!isTap) return;
            const engine = (window.__backstage as unknown as Hooks).sync.engine!;
            (window as BenchWindow).__benchApplied = new Promise<void>((resolve) => {
              const off = engine.on('ops-applied', () => {
                off();
                resolve();
              });
            });
          }, isTap),
        tap: (i) =>
          tapper.evaluate(
            (id) =>
              id === undefined
                ? undefined
                : (window.__backstage as unknown as Hooks).actions.toggleStep(id, 'hair'),
            i === undefined ? undefined : models[i % models.length],
          ),
        applied: () => observer.evaluate(() => (window as BenchWindow).__benchApplied),
        idle: engineIdle,
      },
      taps,
    );
    rows.push({
      kiosks,
      taps,
      tapperP50: median(windows.tapper),
      tapperP95: p95(windows.tapper),
      observerP50: median(windows.observer),
      observerP95: p95(windows.observer),
      observerRendered: split(windows.observer, (i) => isRendered[i % models.length]!),
      observerSkipped: split(windows.observer, (i) => !isRendered[i % models.length]),
      controlTapper: median(windows.control[0]),
      controlObserver: median(windows.control[1]),
    });
  }
  for (const page of pages) await page.context().close();
  return rows;
}
