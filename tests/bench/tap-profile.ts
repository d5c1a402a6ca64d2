/**
 * Where the main-thread time of a remote tap goes, on the tapper and on an observer:
 * `tsx tests/bench/tap-profile.ts` (env BENCH_DIST, PROFILE_KIOSKS (default 2),
 * PROFILE_TAPS (default 40)). Build with `vite build --mode test --minify false` to read
 * function names. Prints, for each side, Chromium's thread-time metrics (script, layout,
 * style, the rest) and the functions with the most self and total time from a CPU profile
 * of the taps, and the same for an idle stretch of the same length (PROFILE_DIR: also
 * write the .cpuprofile files). PROFILE_TRACE=/path.json records a Chromium trace of the
 * taps instead (PROFILE_IDLE=1: of 3 s without taps), with each page's main thread marked
 * by a `profile-tapper` / `profile-observer` TimeStamp event. The sampling profiler adds
 * its own cost: read its figures as shares, and the bench's `cpu` rows as the cost.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../../server/app';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { join, loadDemo, newKiosk, online } from './kiosk-shell';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type Hooks = {
  actions: { toggleStep(id: string, step: string): Promise<unknown> };
  kiosk: { data: { models: { current: { id: string }[] } } };
  sync: { engine?: { idle(): Promise<void>; on(event: string, l: () => void): () => void } };
};

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BENCH_DIST ?? path.join(here, '..', '..', 'dist');
const KIOSKS = Number(process.env.PROFILE_KIOSKS) || 2;
const TAPS = Number(process.env.PROFILE_TAPS) || 40;

async function recorder(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const metrics = async () =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]),
    );
  return {
    async start() {
      const before = await metrics();
      await cdp.send('Profiler.start');
      return async () => {
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
        const after = await metrics();
        const d = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
        return {
          profile,
          task: d('TaskDuration'),
          script: d('ScriptDuration'),
          layout: d('LayoutDuration'),
          style: d('RecalcStyleDuration'),
        };
      };
    },
  };
}

function summarise(profile: Profile, per: number, top = 30): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)') continue;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const seen = new Set<string>();
    while (node) {
      const k = key(node);
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + dt);
      seen.add(k);
      const up = parent.get(node.id);
      node = up === undefined ? undefined : byId.get(up);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `    ${(v / per).toFixed(3).padStart(7)} ms  ${k}`);
  return ['  self per tap:', ...rows(self), '  total per tap:', ...rows(total)];
}

async function main() {
  const server = await startServer({ port: 0, distDir: DIST, quiet: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  });
  try {
    const pages: Page[] = [await newKiosk(browser)];
    const link = await loadDemo(pages[0]!, server.url, '/makeup');
    while (pages.length < KIOSKS) {
      const page = await newKiosk(browser);
      await join(page, link, `Tablet ${pages.length}`);
      pages.push(page);
    }
    await online(pages);
    const [tapper, observer] = pages as [Page, Page];
    const models = await tapper.evaluate(() =>
      (window.__backstage as unknown as Hooks).kiosk.data.models.current.map((m) => m.id),
    );
    const rec = [await recorder(tapper), await recorder(observer)];
    const tap = async (i: number) => {
      await observer.evaluate(() => {
        const engine = (window.__backstage as unknown as Hooks).sync.engine!;
        (window as unknown as { __applied: Promise<void> }).__applied = new Promise<void>((r) => {
          const off = engine.on('ops-applied', () => (off(), r()));
        });
      });
      await tapper.evaluate(
        (id) => (window.__backstage as unknown as Hooks).actions.toggleStep(id, 'hair'),
        models[i % models.length]!,
      );
      await observer.evaluate(() => (window as unknown as { __applied: Promise<void> }).__applied);
      await Promise.all(
        [tapper, observer].map((p) =>
          p.evaluate(() => (window.__backstage as unknown as Hooks).sync.engine?.idle()),
        ),
      );
    };
    for (let i = 0; i < 5; i++) await tap(i); // warm up
    // The demo's calls pulse for 5 s after they are issued: let that end first.
    await new Promise((r) => setTimeout(r, Number(process.env.PROFILE_SETTLE_MS ?? 6000)));
    if (process.env.PROFILE_ANIMATIONS) {
      for (const page of [tapper, observer, tapper, observer]) {
        if (page === tapper) await new Promise((r) => setTimeout(r, 5000));
        console.log(
          await page.evaluate(() =>
            document.getAnimations().map((a) => {
              const target = (a.effect as KeyframeEffect | null)?.target;
              return `${JSON.stringify(a.effect?.getComputedTiming())} ${a.constructor.name} ${(a as CSSAnimation).animationName ?? ''} ${a.playState} on ${target?.tagName}.${target?.className} ${target?.textContent?.slice(0, 40)}`;
            }),
          ),
        );
        await page.screenshot({
          path: `/tmp/tapcpu-${page === tapper ? 'tapper' : 'observer'}.png`,
        });
      }
      return;
    }
    if (process.env.PROFILE_TRACE) {
      const file = process.env.PROFILE_TRACE;
      await browser.startTracing(tapper, {
        path: file,
        categories: [
          'toplevel',
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8',
          'blink',
          'cc',
          'mojom',
          'renderer.scheduler',
          'ipc',
          'disabled-by-default-v8.gc',
        ],
      });
      await tapper.evaluate(() => console.timeStamp('profile-tapper'));
      await observer.evaluate(() => console.timeStamp('profile-observer'));
      if (process.env.PROFILE_IDLE) await new Promise((r) => setTimeout(r, 3000));
      else for (let i = 0; i < TAPS; i++) await tap(i);
      await browser.stopTracing();
      console.log(`trace of ${TAPS} taps in ${file}`);
      return;
    }
    const stops = [await rec[0]!.start(), await rec[1]!.start()];
    const t0 = Date.now();
    for (let i = 0; i < TAPS; i++) await tap(i);
    const wall = Date.now() - t0;
    const tapResults = [await stops[0]!(), await stops[1]!()];
    const idleStops = [await rec[0]!.start(), await rec[1]!.start()];
    await new Promise((r) => setTimeout(r, wall));
    const idleResults = [await idleStops[0]!(), await idleStops[1]!()];
    console.log(`${KIOSKS} kiosks, ${TAPS} taps in ${wall} ms`);
    for (const [name, results] of [
      ['taps', tapResults],
      ['idle, same length', idleResults],
    ] as const) {
      for (const [i, side] of ['tapper', 'observer'].entries()) {
        const r = results[i]!;
        console.log(
          `\n${side}, ${name}: per tap task ${(r.task / TAPS).toFixed(2)} ms (script ${(r.script / TAPS).toFixed(2)}, layout ${(r.layout / TAPS).toFixed(2)}, style ${(r.style / TAPS).toFixed(2)})`,
        );
        for (const line of summarise(r.profile, TAPS)) console.log(line);
        if (process.env.PROFILE_DIR)
          await writeFile(
            path.join(process.env.PROFILE_DIR, `${side}-${name.split(',')[0]}.cpuprofile`),
            JSON.stringify(r.profile),
          );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
