/**
 * Bench sections of the kiosk shell (issue 11), called from run.ts:
 * - `firstload`: gzipped JS + CSS each role screen loads (before it is painted, and with
 *   sync's PeerJS chunk that follows);
 * - `coldstart`: offline cold start, navigation → running order painted, from the service worker;
 * - `heap`: JS heap after 10,000 status changes against after 100, both after a forced GC;
 * - `compaction`: op-log size and catch-up time of a kiosk that missed 2,000 edits, before
 *   and after compaction;
 * - `cpu` (tap-cpu.ts, with the helpers here): main-thread CPU time per remote tap.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Locator, Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { DEMO_PASSPHRASE } from '../../src/state/access';

type Hooks = {
  actions: {
    toggleStep(id: string, step: string): Promise<unknown>;
    applyChanges(changes: unknown[]): Promise<unknown>;
  };
  kiosk: {
    site: string;
    data: {
      showId: string;
      models: { current: { id: string }[] };
      progress: Map<string, Record<string, unknown>>;
    } | null;
  };
  sync: {
    showId: string;
    peerId: string;
    isShared: boolean;
    isLeader: boolean;
    summary: { online: number };
    partition(sites: string[]): boolean;
    heal(): boolean;
    engine?: { status: { versions: Record<string, number> }; idle(): Promise<void> };
  };
  compaction: {
    runNow(now?: number): Promise<number>;
    size(): Promise<number>;
    last: { removed: number; left: number } | null;
  };
};
const PASSPHRASE = DEMO_PASSPHRASE;

export async function newKiosk(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<Page> {
  // Kiosks are touch tablets and pointer-less walls: tapped, never hovered by a mouse. A
  // mouse click would leave a pointer on the page, and Chromium hit-tests it for hover
  // after every layout, a cost no kiosk has.
  const context = await browser.newContext({ viewport, hasTouch: true });
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  return page;
}

export async function loadDemo(page: Page, base: string, route: string): Promise<string> {
  await page.goto(`${base}/#${route}`);
  await page.getByRole('button', { name: 'Load the demo show' }).tap();
  await page.waitForFunction(() => {
    const sync = (window.__backstage as unknown as Hooks | undefined)?.sync;
    return sync?.isShared === true && sync.isLeader;
  });
  return page.evaluate((origin) => {
    const sync = (window.__backstage as unknown as Hooks).sync;
    return `${origin}/#/join?show=${sync.showId}&via=${sync.peerId}`;
  }, base);
}

export async function join(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('radio', { name: 'Hair & makeup tablet' }).tap();
  await page.getByLabel(/Name of this kiosk/).fill(name);
  await page.getByRole('button', { name: 'Join the show' }).tap();
  await page.waitForURL(/#\/makeup$/, { timeout: 30_000 });
}

export async function online(pages: Page[]): Promise<void> {
  for (const page of pages)
    await page.waitForFunction(
      (n) => (window.__backstage as unknown as Hooks)?.sync.summary.online === n,
      pages.length,
      { timeout: 60_000 },
    );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;

// ---- first load -----------------------------------------------------------------------

export interface FirstLoad {
  role: string;
  /** Gzipped KB of JS and CSS requested before the screen was painted, without sync's PeerJS chunk. */
  screenKb: number;
  /** Gzipped KB of the PeerJS chunk (imported on demand by sync, as before this issue). */
  peerJsKb: number;
  /** Gzipped KB of JS and CSS requested before the screen was painted, everything. */
  beforePaintKb: number;
  /** ...and once the network was idle (sync's PeerJS chunk included). */
  totalKb: number;
  files: number;
}

/** What shows that each role's screen is up. */
const SCREEN_READY: Record<string, (page: Page) => Locator> = {
  wall: (page) => page.getByRole('region', { name: 'Running order' }).getByRole('listitem'),
  curtain: (page) => page.getByRole('button', { name: /GO/ }),
  makeup: (page) => page.getByRole('article'),
};

export async function firstLoad(
  browser: Browser,
  base: string,
  dist: string,
): Promise<FirstLoad[]> {
  const gzipped = new Map<string, { size: number; isPeerJs: boolean }>();
  const sizeOf = async (url: string) => {
    const file = path.join(dist, new URL(url).pathname);
    if (!gzipped.has(file)) {
      const content = await readFile(file);
      // PeerJS names its public cloud server; nothing else in the app does.
      gzipped.set(file, {
        size: zlib.gzipSync(content, { level: 9 }).length,
        isPeerJs: content.includes('0.peerjs.com'),
      });
    }
    return gzipped.get(file)!;
  };
  const rows: FirstLoad[] = [];
  for (const role of ['wall', 'curtain', 'makeup']) {
    // No service worker: every file the screen needs is requested (and counted) from the server.
    const context = await browser.newContext({
      serviceWorkers: 'block',
      viewport: { width: 1920, height: 1080 },
      hasTouch: true,
    });
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const seed = await context.newPage();
    await loadDemo(seed, base, `/${role}`);
    const page = await context.newPage();
    await seed.close();
    // In the page: when the role screen (its <main>) is first in the DOM, and the frame after.
    await page.addInitScript(() => {
      const w = window as unknown as { __screenPainted?: number };
      const observer = new MutationObserver(() => {
        if (!document.querySelector('main:not(.loading)')) return;
        observer.disconnect();
        requestAnimationFrame(() => (w.__screenPainted = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}/#/${role}`);
    await SCREEN_READY[role]!(page).first().waitFor();
    await page.waitForLoadState('networkidle');
    const { paintedAt, entries } = await page.evaluate(() => ({
      paintedAt: (window as unknown as { __screenPainted: number }).__screenPainted,
      entries: performance
        .getEntriesByType('resource')
        .filter((e) => /\.(js|css)(\?|$)/.test(new URL(e.name).pathname))
        .map((e) => ({ url: e.name, at: e.startTime })),
    }));
    const unique = [...new Map(entries.map((r) => [r.url, r])).values()];
    let before = 0;
    let total = 0;
    let peerJs = 0;
    for (const { url, at } of unique) {
      const { size, isPeerJs } = await sizeOf(url);
      total += size;
      if (isPeerJs) peerJs += size;
      if (at <= paintedAt) before += size;
    }
    const screen =
      before -
      (unique.some(
        (u) => u.at <= paintedAt && gzipped.get(path.join(dist, new URL(u.url).pathname))?.isPeerJs,
      )
        ? peerJs
        : 0);
    rows.push({
      role,
      screenKb: screen / 1024,
      peerJsKb: peerJs / 1024,
      beforePaintKb: before / 1024,
      totalKb: total / 1024,
      files: unique.length,
    });
    await context.close();
  }
  return rows;
}

// ---- offline cold start ---------------------------------------------------------------

/** Navigation → the wall's first running-order row painted, offline, from the service worker (ms, each run). */
export async function offlineColdStart(
  browser: Browser,
  base: string,
  runs = 7,
): Promise<number[]> {
  const page = await newKiosk(browser, { width: 1920, height: 1080 });
  const context = page.context();
  await loadDemo(page, base, '/wall');
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
  await page.getByRole('region', { name: 'Running order' }).getByRole('listitem').first().waitFor();
  await context.setOffline(true);
  await context.addInitScript(() => {
    const w = window as unknown as { __painted?: Promise<number> };
    w.__painted = new Promise((resolve) => {
      const check = () => {
        if (document.querySelector('[aria-labelledby="wall-order"] li')) {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true });
    });
  });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cold = await context.newPage();
    await page.close().catch(() => {});
    await cold.goto(`${base}/#/wall`);
    times.push(
      await cold.evaluate(() => (window as unknown as { __painted: Promise<number> }).__painted),
    );
    await cold.close();
  }
  await context.close();
  return times;
}

// ---- heap -----------------------------------------------------------------------------

/** JS heap used (bytes) after a forced GC, after 100 and after 10,000 status changes on a tablet. */
export async function heapGrowth(
  browser: Browser,
  base: string,
  changes = 10_000,
): Promise<{ after100: number; afterAll: number; changes: number }> {
  const page = await newKiosk(browser);
  await loadDemo(page, base, '/makeup');
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    // Not a wait for a condition: what is kept is measured once the app is idle. Dexie drops a
    // query's cache entries 3 s after its last subscriber left, on a timer a GC cannot run.
    await page.waitForTimeout(5000);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const tap = (from: number, to: number) =>
    page.evaluate(
      async ([a, b]) => {
        const hooks = window.__backstage as unknown as Hooks;
        const models = hooks.kiosk.data!.models.current.map((m) => m.id);
        for (let i = a; i < b; i++)
          await hooks.actions.toggleStep(models[i % models.length]!, i % 2 ? 'hair' : 'makeup');
        await hooks.sync.engine?.idle();
      },
      [from, to] as const,
    );
  await tap(0, 100);
  const after100 = await heap();
  for (let done = 100; done < changes; done += 1000)
    await tap(done, Math.min(changes, done + 1000));
  const afterAll = await heap();
  await page.context().close();
  return { after100, afterAll, changes };
}

// ---- compaction -----------------------------------------------------------------------

export interface CompactionFigures {
  logBefore: number;
  catchUpBeforeMs: number;
  logAfter: number;
  removed: number;
  catchUpAfterMs: number;
}

export async function compactionCatchUp(
  browser: Browser,
  base: string,
  edits = 2000,
): Promise<CompactionFigures> {
  const source = await newKiosk(browser);
  const link = await loadDemo(source, base, '/producer');
  const behind = await newKiosk(browser);
  await join(behind, link, 'Behind');
  await online([source, behind]);
  const [sourceSite, behindSite] = await Promise.all(
    [source, behind].map((p) => p.evaluate(() => window.__backstage!.kiosk.site)),
  );

  /** Cut the link, make `edits` edits at the source, optionally compact (a day later), heal, time the catch-up. */
  const round = async (compact: boolean) => {
    await behind.evaluate(
      (site) => (window.__backstage as unknown as Hooks).sync.partition([site]),
      sourceSite!,
    );
    await source.evaluate(
      (site) => (window.__backstage as unknown as Hooks).sync.partition([site]),
      behindSite!,
    );
    await behind.waitForFunction(
      () => (window.__backstage as unknown as Hooks).sync.summary.online === 1,
    );
    const target = await source.evaluate(async (n) => {
      const hooks = window.__backstage as unknown as Hooks;
      const data = hooks.kiosk.data!;
      const subjects = data.models.current.map((m) => m.id);
      for (let made = 0; made < n; made += 200) {
        const batch = Array.from({ length: Math.min(200, n - made) }, (_, i) => ({
          table: 'progress',
          key: subjects[(made + i) % subjects.length],
          field: (made + i) % 2 ? 'hair' : 'makeup',
          value: { done: (made + i) % 3 !== 0, at: Date.now(), by: hooks.kiosk.site },
        }));
        await hooks.actions.applyChanges(batch);
      }
      return hooks.sync.engine!.status.versions[hooks.kiosk.site] ?? 0;
    }, edits);
    const compacted = compact
      ? await source.evaluate(async () => {
          const hooks = window.__backstage as unknown as Hooks;
          const removed = await hooks.compaction.runNow(Date.now() + 25 * 3600_000);
          return { removed, left: hooks.compaction.last?.left ?? NaN };
        })
      : await source.evaluate(async () => ({
          removed: 0,
          left: await (window.__backstage as unknown as Hooks).compaction.size(),
        }));
    const done = behind.evaluate(
      ({ site, seq }) =>
        new Promise<number>((resolve) => {
          const engine = (window.__backstage as unknown as Hooks).sync.engine as unknown as {
            on(
              event: string,
              listener: (status: { versions: Record<string, number> }) => void,
            ): () => void;
          };
          const off = engine.on('status', (status) => {
            if ((status.versions[site] ?? 0) >= seq) {
              off();
              resolve(performance.timeOrigin + performance.now());
            }
          });
        }),
      { site: sourceSite!, seq: target },
    );
    const healAt = await behind.evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      (window.__backstage as unknown as Hooks).sync.heal();
      return at;
    });
    await source.evaluate(() => (window.__backstage as unknown as Hooks).sync.heal());
    return { ...compacted, ms: (await done) - healAt };
  };

  // The compaction memory must not hold the kiosk behind as "seen today" for the second round:
  // the run is timed a day later (runNow(now + 25 h)).
  const plain = await round(false);
  const compacted = await round(true);
  await source.context().close();
  await behind.context().close();
  return {
    logBefore: plain.left,
    catchUpBeforeMs: plain.ms,
    logAfter: compacted.left,
    removed: compacted.removed,
    catchUpAfterMs: compacted.ms,
  };
}

export { median };
