/**
 * Two builds' main-thread CPU per remote tap, measured in turns in one session:
 * `tsx tests/bench/tap-cpu-compare.ts label=dist label=dist ...` (env BENCH_KIOSKS,
 * default 2,4,6; COMPARE_ROUNDS, default 2; BENCH_TAPS, default 40). A label ending in
 * `-unsigned` runs that build with signed pages off (test builds only), to see what
 * signing and checking cost. The machine is shared and noisy: a change is measured
 * against the build before it run right next to it, never against a figure from
 * another hour. Prints the rows of `tap-cpu.ts` for every build and round, with the
 * load average beside them, and each round's floor: two bare pages sent the same messages
 * (tap-cpu-floor.ts).
 */
import os from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { startServer } from '../../server/app';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { withoutSignedPages } from './signing';
import { cpuPerTap, type CpuPerTap } from './tap-cpu';
import { cpuFloor } from './tap-cpu-floor';

const builds = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return { label: arg.slice(0, at), dist: arg.slice(at + 1) };
});
const counts = (process.env.BENCH_KIOSKS ?? '2,4,6').split(',').map(Number);
const rounds = Number(process.env.COMPARE_ROUNDS) || 2;
const taps = Number(process.env.BENCH_TAPS) || 40;

const ms = (value: number) => value.toFixed(1);
const row = (label: string, round: number, r: CpuPerTap) =>
  `${label.padEnd(22)} round ${round}  ${String(r.kiosks).padStart(2)} kiosks  tapper ${ms(r.tapperP50)} / ${ms(r.tapperP95)}  observer ${ms(r.observerP50)} / ${ms(r.observerP95)} (card rendered ${ms(r.observerRendered.p50)}, skipped ${ms(r.observerSkipped.p50)})  control ${ms(r.controlTapper)} / ${ms(r.controlObserver)}  load ${os.loadavg()[0]!.toFixed(1)}`;

async function main(): Promise<void> {
  if (builds.length === 0 || builds.some((b) => !b.label || !b.dist))
    throw new Error('usage: tap-cpu-compare.ts label=distDir [label=distDir ...]');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  });
  const lines: string[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // The machine's floor this round (tap-cpu-floor.ts): how busy it is shows in it too.
      const floor = await cpuFloor(browser, taps);
      const line = `${'bare pages (floor)'.padEnd(22)} round ${round}            tapper ${ms(floor.tapperP50)}        observer ${ms(floor.observerP50)} / ${ms(floor.observerP95)}  load ${os.loadavg()[0]!.toFixed(1)}`;
      lines.push(line);
      console.log(line);
      for (const { label, dist } of builds) {
        const server = await startServer({ port: 0, distDir: dist, quiet: true });
        try {
          const kiosks: Browser = label.endsWith('-unsigned')
            ? withoutSignedPages(browser)
            : browser;
          for (const r of await cpuPerTap(kiosks, server.url, counts, taps)) {
            const line = row(label, round, r);
            lines.push(line);
            console.log(line);
          }
        } finally {
          await server.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  console.log('\nAll rows (p50 / p95 ms; control = the window without a tap, p50):');
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
