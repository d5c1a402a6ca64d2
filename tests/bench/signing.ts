import type { Browser, BrowserContext } from '@playwright/test';

// What signed pages cost (src/sync/trust/pages.ts): the same measurements with every
// kiosk signing and checking, and with every kiosk running without (a switch test
// builds read from localStorage: src/state/sync.svelte.ts), taken in turns so that the
// machine's load falls on both alike.

export const UNSIGNED_PAGES_KEY = 'backstage-bench-unsigned-pages';

/** The figures of one run: tap-to-paint on the other kiosk (2 kiosks) and catch-up of 2,000 edits. */
export interface SigningRun {
  tapP50Ms: number;
  tapP95Ms: number;
  catchUpMs: number;
}

/** `browser`, whose new kiosks run without signed pages. */
export function withoutSignedPages(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property !== 'newContext') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
        const context = await target.newContext(...args);
        await context.addInitScript((key: string) => {
          try {
            localStorage.setItem(key, '1');
          } catch {
            // about:blank has no storage; the app's origin does.
          }
        }, UNSIGNED_PAGES_KEY);
        return context;
      };
    },
  });
}

/**
 * Run `measure` signed and unsigned, `rounds` times each in turns; the medians of each.
 */
export async function signingCost(
  browser: Browser,
  measure: (browser: Browser) => Promise<SigningRun>,
  rounds = 2,
): Promise<{ signed: SigningRun; unsigned: SigningRun }> {
  const runs = { signed: [] as SigningRun[], unsigned: [] as SigningRun[] };
  for (let round = 0; round < rounds; round++) {
    runs.signed.push(await measure(browser));
    runs.unsigned.push(await measure(withoutSignedPages(browser)));
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const summary = (list: SigningRun[]): SigningRun => ({
    tapP50Ms: median(list.map((run) => run.tapP50Ms)),
    tapP95Ms: median(list.map((run) => run.tapP95Ms)),
    catchUpMs: median(list.map((run) => run.catchUpMs)),
  });
  return { signed: summary(runs.signed), unsigned: summary(runs.unsigned) };
}

/** The table's rows and the targets' verdicts. */
export function signingRows(
  cost: { signed: SigningRun; unsigned: SigningRun },
  ms: (value: number) => string,
): { rows: string[][]; verdicts: Array<{ name: string; ok: boolean; detail: string }> } {
  const { signed, unsigned } = cost;
  const tapAdded = signed.tapP50Ms - unsigned.tapP50Ms;
  return {
    rows: [
      ['tap-to-paint p50, 2 kiosks', ms(signed.tapP50Ms), ms(unsigned.tapP50Ms), ms(tapAdded)],
      [
        'tap-to-paint p95, 2 kiosks',
        ms(signed.tapP95Ms),
        ms(unsigned.tapP95Ms),
        ms(signed.tapP95Ms - unsigned.tapP95Ms),
      ],
      [
        'catch-up of 2,000 edits (from the link)',
        ms(signed.catchUpMs),
        ms(unsigned.catchUpMs),
        ms(signed.catchUpMs - unsigned.catchUpMs),
      ],
    ],
    verdicts: [
      {
        name: 'signed pages add < 1 ms to tap-to-paint p50 (2 kiosks)',
        ok: tapAdded < 1,
        detail: ms(tapAdded),
      },
      {
        name: 'catch-up of 2,000 edits, signed and checked, < 500 ms',
        ok: signed.catchUpMs < 500,
        detail: ms(signed.catchUpMs),
      },
    ],
  };
}
