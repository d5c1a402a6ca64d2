import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/app';
import { expect, test } from './fixtures';
import { DEMO_PASSPHRASE } from '../../src/state/access';

// A kiosk left alone for a whole show: awake, updated only when safe, back on its feet
// after a crash, working offline. Service workers run only on the built app.

/** The parts of `window.__backstage` this journey drives (src/state/test-hooks.ts). */
interface ShellHooks {
  actions: {
    updateShow(patch: Record<string, unknown>): Promise<unknown>;
    toggleStep(subjectId: string, step: string): Promise<unknown>;
  };
  kiosk: {
    writesInFlight: number;
    data: {
      models: { current: { id: string; name: string; station: string }[] };
      progress: Map<string, Record<string, { done: boolean } | undefined>>;
    } | null;
  };
  health: {
    wakeLock: string;
    worker: string;
    updateWaitsFor: string;
    lastInputAt: number;
    storage: { persisted: boolean | undefined };
    errors: { message: string }[];
    checkForUpdate(): Promise<void>;
  };
}
declare global {
  interface Window {
    /** Set by a test to tell a page from its reload. */
    __notReloaded?: boolean;
    /** Wake lock sentinels the page took (wrapped by an init script, as the browser gives them). */
    __sentinels?: { released: boolean; release(): Promise<void> }[];
    __persistAsked?: number;
  }
}

const runningOrder = (page: Page): Locator => page.getByRole('region', { name: 'Running order' });

async function openWithDemo(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}/#${route}`);
  await page.getByRole('button', { name: 'Load the demo show' }).click();
}

/** Until the service worker is active and this page is under it (a reload after the first visit). */
async function underServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))))
    await page.reload();
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
}

test.describe('awake and asked to keep its storage', () => {
  test.beforeEach(async ({ page }) => {
    // Keep the sentinels the browser hands out, and count persist() calls: the app's own
    // calls go through unchanged.
    await page.addInitScript(() => {
      window.__sentinels = [];
      const request = WakeLock.prototype.request;
      WakeLock.prototype.request = async function (this: WakeLock, type?: WakeLockType) {
        const sentinel = await request.call(this, type);
        window.__sentinels!.push(sentinel);
        return sentinel;
      };
      window.__persistAsked = 0;
      const persist = StorageManager.prototype.persist;
      StorageManager.prototype.persist = function (this: StorageManager) {
        window.__persistAsked! += 1;
        return persist.call(this);
      };
    });
  });

  test('the wall holds a screen wake lock, and takes it again when shown after being hidden', async ({
    page,
  }) => {
    await openWithDemo(page, '', '/wall');
    await expect(runningOrder(page)).toBeVisible();
    await page.waitForFunction(
      () => (window.__backstage as unknown as ShellHooks).health.wakeLock === 'held',
    );

    // What the browser does when the page is hidden: the lock is released, the page is hidden.
    // (Headless Chromium never hides a tab, so the test plays that part.)
    await page.evaluate(async () => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      for (const sentinel of window.__sentinels!) await sentinel.release();
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForFunction(
      () => (window.__backstage as unknown as ShellHooks).health.wakeLock === 'released',
    );

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForFunction(
      () => (window.__backstage as unknown as ShellHooks).health.wakeLock === 'held',
    );
    expect(await page.evaluate(() => window.__sentinels!.map((s) => s.released))).toEqual([
      true,
      false,
    ]);

    // The status corner says so.
    await page
      .getByRole('button', { name: /online|alone|kiosk/i })
      .last()
      .click();
    await page.getByText('This kiosk: diagnostics').click();
    await expect(page.getByText('Held: the screen stays on')).toBeVisible();
  });

  test('asks for persistent storage at start and shows the answer and the quota', async ({
    page,
  }) => {
    await openWithDemo(page, '', '/makeup');
    await page.waitForFunction(
      () => (window.__backstage as unknown as ShellHooks).health.storage.persisted !== undefined,
    );
    expect(await page.evaluate(() => window.__persistAsked)).toBeGreaterThanOrEqual(1);
    await page
      .getByRole('button', { name: /online|alone|kiosk/i })
      .last()
      .click();
    await page.getByText('This kiosk: diagnostics').click();
    const diagnostics = page.locator('.diagnostics');
    await expect(diagnostics.getByText('Persistent storage')).toBeVisible();
    await expect(diagnostics).toContainText(/Storage use.*of/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download diagnostics' }).click();
    const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
      kind: string;
      storage: { quota: number };
    };
    expect(report.kind).toBe('backstage-kiosk-diagnostics');
    expect(report.storage.quota).toBeGreaterThan(0);
  });
});

test.describe('recovers by itself', () => {
  test('an uncaught error reloads the tablet back where it was, with nothing lost', async ({
    page,
    pageErrors,
  }) => {
    pageErrors.allow('injected crash');
    await openWithDemo(page, '', '/makeup');
    await page.goto('/#/makeup?station=Chair%202');
    // The demo show may still be loading after the route change: wait for its model.
    const model = (await (
      await page.waitForFunction(() =>
        (window.__backstage as unknown as ShellHooks).kiosk.data?.models.current.find(
          (m) => m.station === 'Chair 2',
        ),
      )
    ).jsonValue())!;
    const hairWas = await page.evaluate(
      (id) =>
        (window.__backstage as unknown as ShellHooks).kiosk.data!.progress.get(id)?.hair?.done ===
        true,
      model.id,
    );
    await page.evaluate(async (id) => {
      await (window.__backstage as unknown as ShellHooks).actions.toggleStep(id, 'hair');
      window.__notReloaded = true;
      setTimeout(() => {
        throw new Error('injected crash');
      });
    }, model.id);

    await page.waitForFunction(
      () =>
        !window.__notReloaded &&
        (window.__backstage as unknown as ShellHooks)?.kiosk.data?.models.current.length,
    );
    expect(page.url()).toContain('#/makeup?station=Chair%202');
    await page.waitForFunction(
      ([id, was]) =>
        ((window.__backstage as unknown as ShellHooks).kiosk.data!.progress.get(id)?.hair?.done ===
          true) ===
        !was,
      [model.id, hairWas] as const,
    );
    await page.waitForFunction(() =>
      (window.__backstage as unknown as ShellHooks).health.errors.some((e) =>
        e.message.includes('injected crash'),
      ),
    );
  });

  test('a fourth crash within ten minutes leaves the screen up, saying what failed', async ({
    page,
    pageErrors,
  }) => {
    pageErrors.allow('injected crash');
    await openWithDemo(page, '', '/wall');
    await expect(runningOrder(page)).toBeVisible();
    // Three crash reloads in the last minutes (as recovery.ts records them).
    await page.evaluate(() => {
      const now = Date.now();
      localStorage.setItem(
        'backstage-crash-reloads',
        JSON.stringify([now - 300_000, now - 200_000, now - 100_000]),
      );
      window.__notReloaded = true;
      setTimeout(() => {
        throw new Error('injected crash number four');
      });
    });
    await expect(page.getByRole('alert').filter({ hasText: 'stays as it is' })).toContainText(
      'injected crash number four',
    );
    await expect(runningOrder(page)).toBeVisible();
    expect(await page.evaluate(() => window.__notReloaded)).toBe(true);
  });
});

test.describe('works offline', () => {
  test('a cold start without network shows the running order', async ({
    page,
    context,
    pageErrors,
  }) => {
    pageErrors.allow('ERR_INTERNET_DISCONNECTED');
    await openWithDemo(page, '', '/wall');
    await expect(runningOrder(page)).toBeVisible();
    await underServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await expect(runningOrder(page)).toBeVisible();
    await expect(runningOrder(page).getByText('Look 1', { exact: true })).toBeVisible();
    await context.setOffline(false);
  });
});

test.describe('updates only when safe', () => {
  let server: RunningServer;
  let dist: string;

  test.beforeAll(async () => {
    // A copy of the build with its own server: this test builds "a new version" into it.
    dist = await mkdtemp(path.join(os.tmpdir(), 'backstage-update-'));
    await cp(path.resolve('dist'), dist, { recursive: true });
    server = await startServer({ port: 0, distDir: dist, quiet: true, warn: () => {} });
  });
  test.afterAll(async () => {
    await server.close();
    await rm(dist, { recursive: true, force: true });
  });

  test('an update built while the wall is live waits, and applies once the gate opens, never while a write waits', async ({
    page,
  }) => {
    await openWithDemo(page, server.url, '/wall');
    await expect(runningOrder(page)).toBeVisible();
    await underServiceWorker(page);
    // Live, curtain in one minute: a GO is due.
    await page.evaluate(async () => {
      const inOneMinute = new Date(Date.now() + 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      await (window.__backstage as unknown as ShellHooks).actions.updateShow({
        phase: 'live',
        date: `${inOneMinute.getFullYear()}-${pad(inOneMinute.getMonth() + 1)}-${pad(inOneMinute.getDate())}`,
        curtainTime: `${pad(inOneMinute.getHours())}:${pad(inOneMinute.getMinutes())}`,
      });
      window.__notReloaded = true;
    });

    // A new version: the service worker script changes (its byte-for-byte comparison finds it).
    const next = `${await readFile(path.join(dist, 'sw.js'), 'utf8')}\n// next build\n`;
    await writeFile(path.join(dist, 'sw.js'), next);
    await writeFile(path.join(dist, 'sw.js.br'), zlib.brotliCompressSync(next));
    await writeFile(path.join(dist, 'sw.js.gz'), zlib.gzipSync(next));
    await page.evaluate(() =>
      (window.__backstage as unknown as ShellHooks).health.checkForUpdate(),
    );
    await expect(page.getByText('Update ready')).toBeVisible();

    // Nobody has touched it for a minute, but the GO is due: it waits.
    await page.evaluate(
      () =>
        ((window.__backstage as unknown as ShellHooks).health.lastInputAt = Date.now() - 60_000),
    );
    await page.waitForFunction(() =>
      (window.__backstage as unknown as ShellHooks).health.updateWaitsFor.includes('GO is due'),
    );

    // The show ends, but a write is still on its way: it still waits.
    await page.evaluate(async () => {
      await (window.__backstage as unknown as ShellHooks).actions.updateShow({ phase: 'finished' });
      (window.__backstage as unknown as ShellHooks).kiosk.writesInFlight += 1;
      (window.__backstage as unknown as ShellHooks).health.lastInputAt = Date.now() - 60_000;
    });
    await page.waitForFunction(
      () =>
        (window.__backstage as unknown as ShellHooks).health.updateWaitsFor ===
        'a change is still being sent',
    );
    expect(await page.evaluate(() => window.__notReloaded)).toBe(true);

    // The write is stored: the new version takes over and the wall comes back on its route.
    await page.evaluate(
      () => ((window.__backstage as unknown as ShellHooks).kiosk.writesInFlight -= 1),
    );
    await page.waitForFunction(
      () =>
        !window.__notReloaded &&
        (window.__backstage as unknown as ShellHooks)?.health.worker === 'active',
      null,
      { timeout: 15_000 },
    );
    expect(page.url()).toContain('#/wall');
    await expect(runningOrder(page)).toBeVisible();
    await expect(page.getByText('Update ready')).toBeHidden();
  });
});

test.describe('never fills up', () => {
  test.describe.configure({ timeout: 150_000 });

  interface SyncHooks {
    kiosk: { site: string; data: { showId: string; show: { notes: string } } | null };
    sync: {
      summary: { online: number };
      partition(sites: string[]): boolean;
      heal(): boolean;
      engine?: { status: { versions: Record<string, number> } };
    };
    actions: {
      applyChanges(
        changes: { table: string; key: string; field: string; value: unknown }[],
      ): Promise<unknown>;
    };
    compaction: {
      runNow(now?: number): Promise<number>;
      last: { removed: number; left: number } | null;
    };
  }

  test('the op log is compacted, and a kiosk that missed the compaction still converges', async ({
    browser,
  }) => {
    const contexts = [await browser.newContext(), await browser.newContext()];
    try {
      const [producer, tablet] = await Promise.all(contexts.map((context) => context.newPage()));
      await producer!.goto('/#/producer');
      await producer!.getByRole('button', { name: 'Load the demo show' }).click();
      await producer!.waitForFunction(
        () => window.__backstage?.sync.isShared === true && window.__backstage.sync.isLeader,
      );
      const link = await producer!.evaluate(
        () =>
          `${location.origin}/#/join?show=${window.__backstage!.sync.showId}&via=${window.__backstage!.sync.peerId}`,
      );
      await tablet!.goto(link);
      await tablet!.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
      await tablet!.getByRole('radio', { name: 'Hair & makeup tablet' }).check();
      await tablet!.getByLabel(/Name of this kiosk/).fill('Chair 1 tablet');
      await tablet!.getByRole('button', { name: 'Join the show' }).click();
      for (const page of [producer!, tablet!])
        await page.waitForFunction(() => window.__backstage?.sync.summary.online === 2, null, {
          timeout: 30_000,
        });

      // While linked the producer notes what the tablet holds; a short log is left alone.
      expect(
        await producer!.evaluate(() =>
          (window.__backstage as unknown as SyncHooks).compaction.runNow(),
        ),
      ).toBe(0);

      // The tablet drops off; the producer makes 3,000 edits.
      const producerSite = await producer!.evaluate(() => window.__backstage!.kiosk.site);
      const tabletSite = await tablet!.evaluate(() => window.__backstage!.kiosk.site);
      await producer!.evaluate((site) => window.__backstage!.sync.partition([site]), tabletSite);
      await tablet!.evaluate((site) => window.__backstage!.sync.partition([site]), producerSite);
      await producer!.evaluate(async () => {
        const hooks = window.__backstage as unknown as SyncHooks;
        const showId = hooks.kiosk.data!.showId;
        const edits = Array.from({ length: 3000 }, (_, i) => ({
          table: 'shows',
          key: showId,
          field: 'notes',
          value: `briefing version ${i + 1}`,
        }));
        for (let i = 0; i < edits.length; i += 500)
          await hooks.actions.applyChanges(edits.slice(i, i + 500));
      });

      // A day later, the tablet not heard from since: compaction drops what it lacked too.
      const removed = await producer!.evaluate(() =>
        (window.__backstage as unknown as SyncHooks).compaction.runNow(Date.now() + 25 * 3600_000),
      );
      expect(removed).toBeGreaterThan(1000);

      // Back on the network, the tablet catches up (from a snapshot) and holds the same show.
      await producer!.evaluate(() => window.__backstage!.sync.heal());
      await tablet!.evaluate(() => window.__backstage!.sync.heal());
      await tablet!.waitForFunction(
        () =>
          (window.__backstage as unknown as SyncHooks).kiosk.data?.show.notes ===
          'briefing version 3000',
        null,
        { timeout: 60_000 },
      );
      const versions = (page: Page) =>
        page.evaluate(
          (site) => (window.__backstage as unknown as SyncHooks).sync.engine?.status.versions[site],
          producerSite,
        );
      await expect
        .poll(() => versions(tablet!), { timeout: 30_000 })
        .toBe(await versions(producer!));
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  });
});

test.describe('hard to disturb', () => {
  test('the wall cannot be zoomed, selected or right-clicked, and drifts a few pixels every three minutes', async ({
    page,
  }) => {
    await page.clock.install();
    await openWithDemo(page, '', '/wall');
    await expect(runningOrder(page)).toBeVisible();
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-kiosk-lock', '');
    // Zoom is refused by touch-action and the gesture handlers, not by the viewport (WCAG 1.4.4).
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).not.toContain(
      'user-scalable=no',
    );
    const styles = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return {
        touchAction: style.touchAction,
        userSelect: style.userSelect,
        overscroll: style.overscrollBehaviorY,
      };
    });
    expect(styles).toEqual({ touchAction: 'pan-x pan-y', userSelect: 'none', overscroll: 'none' });
    const isMenuBlocked = await page.evaluate(
      () =>
        !document.body.dispatchEvent(
          new MouseEvent('contextmenu', { bubbles: true, cancelable: true }),
        ),
    );
    expect(isMenuBlocked).toBe(true);

    const offset = () =>
      page.evaluate(
        () =>
          getComputedStyle(document.documentElement).getPropertyValue('--burn-in-x') +
          ' ' +
          getComputedStyle(document.documentElement).getPropertyValue('--burn-in-y'),
      );
    const before = await offset();
    await page.clock.runFor('03:01');
    expect(await offset()).not.toBe(before);
    expect(await offset()).toMatch(/^-?\d+px -?\d+px$/);
  });

  test('a tap puts the tablet in fullscreen', async ({ page }) => {
    await openWithDemo(page, '', '/makeup');
    await expect(page.getByRole('heading', { name: 'Hair & makeup' })).toBeVisible();
    // The tap on "Load the demo show" already did; leave fullscreen, as a person swiping out would.
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
    await page.evaluate(() => document.exitFullscreen());
    await page.waitForFunction(() => document.fullscreenElement === null);
    await page.getByRole('heading', { name: 'Hair & makeup' }).click();
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  });

  test('a tablet left alone goes back to its home view after the idle time the producer set', async ({
    page,
  }) => {
    await page.clock.install();
    await openWithDemo(page, '', '/makeup');
    await expect(page.getByRole('article').first()).toBeVisible();
    await page.evaluate(() =>
      (window.__backstage as unknown as ShellHooks).actions.updateShow({ tabletIdleMinutes: 2 }),
    );
    await page.goto('/#/makeup?station=Chair%202&dresser=Jo');
    await expect(page.getByRole('heading', { name: 'Hair & makeup' })).toBeVisible();
    await page.clock.runFor('01:50');
    expect(page.url()).toContain('dresser=Jo');
    await page.clock.runFor('00:15');
    await expect(page).toHaveURL(/#\/makeup\?station=Chair(%20|\+)2$/);
  });
});
