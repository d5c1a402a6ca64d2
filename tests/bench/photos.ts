import type { Browser, Page } from '@playwright/test';
import type { RunningServer } from '../../server/app';
import { DEMO_PASSPHRASE } from '../../src/state/access';
import type {} from '../support/backstage-window';
import { addTestPhotos, pointTestPhotos } from '../support/test-photos';

// `npm run bench` (BENCH_ONLY=photos): 40 photos delivered to a kiosk that has just
// joined, and what a delivery does to a tap. The producer's kiosk holds 40 photos
// (one per look, then models' faces, tens of KB each) and taps from the tablet screen.
// Time and bytes: a new tablet joins and fetches them all. Taps: a tablet that joined
// before the photos were set is tapped to with none on the way, then while the
// producer sets the 40 photos and the tablet fetches them (a settled kiosk both
// times, so only the photos differ).

const PHOTOS = 40;
const ROUNDS = 4;
/** Taps per round with no photo on the way (during the delivery: as many as it lasts). */
const QUIET_TAPS = 12;

export interface PhotosFigures {
  /** Per round: from the new kiosk's link to its 40th photo stored, ms. */
  deliveryMs: number[];
  /** Photo bytes the new kiosk received, and JSON characters its transport received meanwhile (the show's catch-up included). */
  photoBytes: number;
  wireChars: number;
  /** Bytes of the 40 photos as stored. */
  storedBytes: number;
  /** Tap-to-paint on the new kiosk while photos were arriving, and with none on the way, ms. */
  during: number[];
  quiet: number[];
}

declare global {
  interface Window {
    __photoBenchWait?: Promise<number | null>;
    __photoBenchTimes?: { linked: number; done: number; chars0: number };
  }
}

async function newKiosk(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx names the functions it compiles with a helper `__name`, which the page does not have.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  return page;
}

/** Note, on the shared clock, when the kiosk first linked and when it held every photo. */
async function watchDelivery(page: Page): Promise<void> {
  await page.evaluate((count) => {
    const clock = () => performance.timeOrigin + performance.now();
    const times = { linked: 0, done: 0, chars0: 0 };
    window.__photoBenchTimes = times;
    const timer = setInterval(() => {
      const sync = window.__backstage?.sync;
      if (!sync) return;
      if (!times.linked && sync.summary.online >= 2) {
        times.linked = clock();
        times.chars0 = sync.transportStats?.receivedChars ?? 0;
      }
      if ((sync.photoStatus?.received ?? 0) >= count) {
        times.done = clock();
        clearInterval(timer);
      }
    }, 5);
  }, PHOTOS);
}

async function joinAsTablet(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await watchDelivery(page);
  await page.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await page.getByRole('radio', { name: 'Hair & makeup tablet' }).check();
  await page.getByLabel(/Name of this kiosk/).fill(name);
  await page.getByRole('button', { name: 'Join the show' }).click();
  await page.waitForURL(/#\/makeup$/, { timeout: 30_000 });
}

const received = (page: Page): Promise<number> =>
  page.evaluate(() => window.__backstage?.sync.photoStatus?.received ?? 0);

/** One tap on `tapper`, timed to its paint on `observer`; null when it never painted. */
async function tap(tapper: Page, observer: Page, modelId: string): Promise<number | null> {
  await observer.evaluate((id) => {
    window.__photoBenchWait = new Promise<number | null>((resolve) => {
      const article = document.getElementById(`name-${id}`)?.closest('article');
      const group = article?.querySelector('[role="group"][aria-label^="Hair and makeup"]');
      const button = [...(group?.querySelectorAll('button') ?? [])].find((b) =>
        b.textContent?.includes('Hair'),
      );
      if (!button) return resolve(null);
      const before = button.getAttribute('aria-pressed');
      const timeout = setTimeout(() => resolve(null), 10_000);
      const observer = new MutationObserver(() => {
        if (button.getAttribute('aria-pressed') === before) return;
        observer.disconnect();
        clearTimeout(timeout);
        requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
      });
      observer.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
    });
  }, modelId);
  const t0 = await tapper.evaluate(async (id) => {
    const at = performance.timeOrigin + performance.now();
    await window.__backstage!.actions.toggleStep(id, 'hair');
    return at;
  }, modelId);
  const painted = await observer.evaluate(() => window.__photoBenchWait!);
  return painted === null ? null : painted - t0;
}

export async function photosBench(
  browser: Browser,
  server: RunningServer,
  progress: (what: string) => void = () => {},
): Promise<PhotosFigures> {
  const producer = await newKiosk(browser);
  await producer.goto(`${server.url}/#/producer`);
  await producer.getByRole('button', { name: 'Load the demo show' }).click();
  await producer.waitForFunction(
    () => window.__backstage?.sync.isShared === true && window.__backstage.sync.isLeader,
    null,
    { timeout: 30_000 },
  );
  const link = await producer.evaluate((origin) => {
    const sync = window.__backstage!.sync;
    return `${origin}/#/join?show=${sync.showId}&via=${sync.peerId}`;
  }, server.url);
  const photos = await addTestPhotos(producer, PHOTOS);
  await producer.evaluate(() => location.assign('/#/makeup'));
  await producer.waitForURL(/#\/makeup$/);
  const models = await producer.evaluate(() =>
    window.__backstage!.kiosk.data!.models.current.map((m) => m.id),
  );
  const figures: PhotosFigures = {
    deliveryMs: [],
    photoBytes: 0,
    wireChars: 0,
    storedBytes: photos.bytes,
    during: [],
    quiet: [],
  };

  // Time and bytes: a tablet joins a show whose 40 photos are set already.
  for (let round = 0; round < 2; round++) {
    progress(` join ${round + 1}…`);
    const tablet = await newKiosk(browser);
    await joinAsTablet(tablet, link, `New tablet ${round + 1}`);
    await tablet.waitForFunction(() => window.__photoBenchTimes?.done, null, {
      timeout: 60_000,
    });
    const times = await tablet.evaluate(() => ({
      ...window.__photoBenchTimes!,
      chars: window.__backstage!.sync.transportStats?.receivedChars ?? 0,
      photoBytes: window.__backstage!.sync.photoStatus?.bytesReceived ?? 0,
    }));
    figures.deliveryMs.push(times.done - times.linked);
    figures.photoBytes = times.photoBytes;
    figures.wireChars = times.chars - times.chars0;
    await tablet.context().close();
  }

  // Taps: a tablet that joined and settled before the photos were set. The same taps with
  // none on the way, then while the producer sets the 40 photos and the tablet fetches them.
  let taps = 0;
  const nextModel = () => models[taps++ % models.length] as string;
  for (let round = 0; round < ROUNDS; round++) {
    progress(` taps ${round + 1}…`);
    await pointTestPhotos(producer, photos, false);
    const tablet = await newKiosk(browser);
    await joinAsTablet(tablet, link, `Tablet ${round + 1}`);
    await tablet.waitForFunction(() => (window.__backstage?.sync.summary.online ?? 0) >= 2, null, {
      timeout: 60_000,
    });
    // A few taps first, not counted: the tablet's screen and links settle after the join.
    for (let i = 0; i < 3; i++) await tap(producer, tablet, nextModel());
    for (let i = 0; i < QUIET_TAPS; i++) {
      const ms = await tap(producer, tablet, nextModel());
      if (ms !== null) figures.quiet.push(ms);
    }
    const pointing = pointTestPhotos(producer, photos, true);
    await tablet.waitForFunction(
      () => (window.__backstage?.sync.photoStatus?.received ?? 0) > 0,
      null,
      { timeout: 60_000, polling: 10 },
    );
    // A sample counts if the tablet still lacked photos when it painted.
    while ((await received(tablet)) < PHOTOS) {
      const ms = await tap(producer, tablet, nextModel());
      if (ms !== null && (await received(tablet)) < PHOTOS) figures.during.push(ms);
    }
    await pointing;
    await tablet.context().close();
  }
  await producer.context().close();
  return figures;
}
