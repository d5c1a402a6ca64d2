import type { Browser } from '@playwright/test';
import { compactionCatchUp, firstLoad, heapGrowth, median, offlineColdStart } from './kiosk-shell';
import { cpuPerTap } from './tap-cpu';
import { cpuFloor } from './tap-cpu-floor';

/** The kiosk shell's bench sections: run those in `only`, print their tables, return the targets' verdicts. */
export async function kioskShellSections(options: {
  only: Set<string>;
  browser: Browser;
  base: string;
  dist: string;
  taps: number;
  table: (header: string[], body: string[][]) => void;
}): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const { only, browser, base, dist, table } = options;
  const verdicts: { name: string; ok: boolean; detail: string }[] = [];
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const kb = (n: number) => `${n.toFixed(1)} KB`;
  if (only.has('firstload')) {
    const rows = await firstLoad(browser, base, dist);
    console.log('First load of each screen (gzipped JS + CSS)');
    table(
      [
        'screen',
        'app until painted',
        '+ PeerJS (sync, on demand)',
        'everything, network idle',
        'files',
      ],
      rows.map((r) => [r.role, kb(r.screenKb), kb(r.peerJsKb), kb(r.totalKb), String(r.files)]),
    );
    for (const row of rows)
      verdicts.push({
        name: `${row.role} first screen ≤ 100 KB gzipped JS + CSS (until painted, PeerJS apart as in the issue's 139 + 9 KB)`,
        ok: row.screenKb <= 100,
        detail: `${kb(row.screenKb)}; ${kb(row.totalKb)} with PeerJS and the service worker's client`,
      });
  }
  if (only.has('coldstart')) {
    const times = await offlineColdStart(browser, base);
    console.log(
      'Offline cold start of the wall: navigation → running order painted (service worker, no network)',
    );
    table(
      ['runs', 'median', 'all'],
      [[String(times.length), ms(median(times)), times.map((t) => t.toFixed(0)).join(', ')]],
    );
    verdicts.push({
      name: 'offline cold start ≤ 500 ms (median)',
      ok: median(times) <= 500,
      detail: ms(median(times)),
    });
  }
  if (only.has('heap')) {
    const heap = await heapGrowth(browser, base);
    const growth = (heap.afterAll - heap.after100) / 1e6;
    console.log(
      `JS heap after a forced GC, after 100 and after ${heap.changes.toLocaleString('en')} status changes`,
    );
    table(
      ['after 100', `after ${heap.changes.toLocaleString('en')}`, 'growth'],
      [
        [
          `${(heap.after100 / 1e6).toFixed(2)} MB`,
          `${(heap.afterAll / 1e6).toFixed(2)} MB`,
          `${growth.toFixed(2)} MB`,
        ],
      ],
    );
    verdicts.push({
      name: 'heap growth over 10,000 status changes < 2 MB',
      ok: growth < 2,
      detail: `${growth.toFixed(2)} MB`,
    });
  }
  if (only.has('compaction')) {
    const c = await compactionCatchUp(browser, base);
    console.log(
      'A kiosk that missed 2,000 edits: op log at the source and catch-up time, without and with compaction',
    );
    table(
      ['', 'op log (ops)', 'catch-up from the heal'],
      [
        ['no compaction', c.logBefore.toLocaleString('en'), ms(c.catchUpBeforeMs)],
        [
          `compacted (${c.removed.toLocaleString('en')} dropped)`,
          c.logAfter.toLocaleString('en'),
          ms(c.catchUpAfterMs),
        ],
      ],
    );
  }
  if (only.has('cpu')) {
    const counts = (process.env.BENCH_KIOSKS ?? '2,4,6').split(',').map(Number);
    const taps = Math.min(options.taps, 40);
    const rows = await cpuPerTap(browser, base, counts, taps);
    const floor = await cpuFloor(browser, taps);
    console.log(
      'Main-thread CPU time per remote tap (thread time, p50 / p95; each tap window less a control window without a tap)',
    );
    table(
      [
        'kiosks',
        'taps',
        'tapper',
        'observer',
        'observer p50, the tapped card rendered / skipped on its screen (taps)',
        'control window alone (tapper / observer, p50)',
      ],
      [
        ...rows.map((r) => [
          String(r.kiosks),
          String(r.taps),
          `${ms(r.tapperP50)} / ${ms(r.tapperP95)}`,
          `${ms(r.observerP50)} / ${ms(r.observerP95)}`,
          `${ms(r.observerRendered.p50)} (${r.observerRendered.taps}) / ${ms(r.observerSkipped.p50)} (${r.observerSkipped.taps})`,
          `${ms(r.controlTapper)} / ${ms(r.controlObserver)}`,
        ]),
        [
          'bare pages (floor)',
          String(floor.taps),
          `${ms(floor.tapperP50)}`,
          `${ms(floor.observerP50)} / ${ms(floor.observerP95)}`,
          'two bare pages sent the same two messages, one line repainted',
          '(tap-cpu-floor.ts)',
        ],
      ],
    );
    for (const r of rows) {
      verdicts.push({
        name: `observer CPU per tap p50 ≤ 3 ms, ${r.kiosks} kiosks`,
        ok: r.observerP50 <= 3,
        detail: `${ms(r.observerP50)} (bare pages' floor ${ms(floor.observerP50)})`,
      });
      verdicts.push({
        name: `tapper CPU per tap p50 ≤ 5 ms, ${r.kiosks} kiosks`,
        ok: r.tapperP50 <= 5,
        detail: ms(r.tapperP50),
      });
    }
  }
  return verdicts;
}
