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

/**
 * The same catch-up in Node, on the app's Dexie store (fake-indexeddb) and the memory
 * transport: the sync core's own cost, signed and without, less at the mercy of the
 * machine's load than the browsers (medians of `rounds` runs each, in turns).
 */
export async function catchUpInNode(rounds = 3): Promise<{ signedMs: number; unsignedMs: number }> {
  const { ReplicaSet } = await import('../../src/sync/testing/replica-set');
  const { openDexieReplicaStore } = await import('./dexie-replica-store');
  const once = async (signedPages: boolean): Promise<number> => {
    const set = new ReplicaSet({
      showId: 'bench-signing' as never,
      secret: 'velvet orbit lantern crisp',
      engineOptions: { signedPages },
      openStore: openDexieReplicaStore,
    });
    try {
      await set.add('source', 'behind');
      set.connect();
      await set.settle();
      set.network.partition([['source'], ['behind']]);
      const site = set.get('source').site;
      // 2,000 edits, as the browser bench writes them: progress steps, 200 per write.
      for (let write = 0; write < 10; write++)
        await set.edit(
          'source',
          Array.from({ length: 200 }, (_, i) => ({
            table: 'progress' as const,
            key: `m-${(write * 200 + i) % 60}`,
            field: ['hair', 'makeup', 'dressed', 'checked'][i % 4] as string,
            value: { done: i % 3 !== 0, at: 1_760_000_000_000 + i, by: site },
          })),
        );
      set.network.heal();
      const start = performance.now();
      await set.converge();
      return performance.now() - start;
    } finally {
      await set.destroy();
    }
  };
  const signed: number[] = [];
  const unsigned: number[] = [];
  for (let round = 0; round < rounds; round++) {
    signed.push(await once(true));
    unsigned.push(await once(false));
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return { signedMs: median(signed), unsignedMs: median(unsigned) };
}
