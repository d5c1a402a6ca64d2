import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admit,
  DEFAULT_CLOCK_GUARD_LIMITS,
  heldCount,
  isTooFarAhead,
  MAX_AHEAD_MS,
  nextReleaseAt,
  noHeldOps,
  release,
  wrongClocks,
  type Stamped,
} from './clock-guard';
import { encodeHlc } from './hlc';
import type { SiteId } from './ids';

const alice = 'alice' as SiteId;
const mallory = 'mallory' as SiteId;
const NOW = 1_780_000_000_000;
const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;

const op = (site: SiteId, seq: number, wall: number): Stamped => ({
  site,
  seq,
  hlc: encodeHlc(wall, 0, site),
});

describe('the clock guard', () => {
  it('applies ops stamped in the past, now, or a few minutes ahead (small drift is normal)', () => {
    const ops = [op(alice, 1, NOW - MINUTE), op(alice, 2, NOW), op(alice, 3, NOW + MAX_AHEAD_MS)];
    const { ready, held, refused } = admit(noHeldOps(), ops, NOW);
    expect(ready).toEqual(ops);
    expect(heldCount(held)).toBe(0);
    expect(refused).toEqual([]);
  });

  it('holds back an op stamped a year ahead instead of letting it win every field', () => {
    const future = op(mallory, 1, NOW + YEAR);
    const { ready, held } = admit(noHeldOps(), [future], NOW);
    expect(ready).toEqual([]);
    expect(heldCount(held)).toBe(1);
    expect(isTooFarAhead(future, NOW)).toBe(true);
  });

  it("holds the author's later ops behind its held one, even ones whose clock looks fine", () => {
    const { ready, held } = admit(
      noHeldOps(),
      [op(mallory, 1, NOW + 10 * MINUTE), op(mallory, 2, NOW), op(alice, 1, NOW)],
      NOW,
    );
    expect(ready).toEqual([op(alice, 1, NOW)]);
    expect(held.bySite.get(mallory)?.map((o) => o.seq)).toEqual([1, 2]);
  });

  it('retries as the clock advances, and releases in log order', () => {
    const first = admit(
      noHeldOps(),
      [op(mallory, 2, NOW + 20 * MINUTE), op(mallory, 1, NOW + 10 * MINUTE)],
      NOW,
    );
    expect(nextReleaseAt(first.held)).toBe(NOW + 10 * MINUTE - MAX_AHEAD_MS);

    const early = release(first.held, NOW + 4 * MINUTE);
    expect(early.ready).toEqual([]);

    const partly = release(early.held, NOW + 5 * MINUTE);
    expect(partly.ready.map((o) => o.seq)).toEqual([1]);
    expect(nextReleaseAt(partly.held)).toBe(NOW + 15 * MINUTE);

    const all = release(partly.held, NOW + 15 * MINUTE);
    expect(all.ready.map((o) => o.seq)).toEqual([2]);
    expect(heldCount(all.held)).toBe(0);
    expect(nextReleaseAt(all.held)).toBeUndefined();
  });

  it('shows the author whose clock is wrong, and by how much', () => {
    const { held } = admit(
      noHeldOps(),
      [op(mallory, 1, NOW + YEAR), op(alice, 1, NOW + 30 * MINUTE), op(alice, 2, NOW)],
      NOW,
    );
    expect(wrongClocks(held, NOW)).toEqual([
      { site: mallory, aheadMs: YEAR, held: 1 },
      { site: alice, aheadMs: 30 * MINUTE, held: 2 },
    ]);
  });

  it('holds a copy of an op only once (catch-up may offer it again)', () => {
    const future = op(mallory, 1, NOW + YEAR);
    const once = admit(noHeldOps(), [future], NOW);
    const twice = admit(once.held, [future], NOW);
    expect(heldCount(twice.held)).toBe(1);
  });

  it('refuses, rather than stores without bound, a flood of future ops from one author', () => {
    const limits = { ...DEFAULT_CLOCK_GUARD_LIMITS, maxHeldPerSite: 3 };
    const flood = [1, 2, 3, 4, 5].map((seq) => op(mallory, seq, NOW + YEAR));
    const { held, refused } = admit(noHeldOps(), flood, NOW, limits);
    expect(heldCount(held)).toBe(3);
    expect(refused.map((o) => o.seq)).toEqual([4, 5]);
  });

  it('refuses future ops from more wrong-clocked authors than it keeps', () => {
    const limits = { ...DEFAULT_CLOCK_GUARD_LIMITS, maxHeldSites: 2 };
    const sites = ['s1', 's2', 's3'].map((s) => s as SiteId);
    const { held, refused } = admit(
      noHeldOps(),
      sites.map((site) => op(site, 1, NOW + YEAR)),
      NOW,
      limits,
    );
    expect([...held.bySite.keys()]).toEqual(['s1', 's2']);
    expect(refused.map((o) => o.site)).toEqual(['s3']);
  });

  it('never loses or duplicates an op: everything admitted is ready, held or refused, once', () => {
    const stamped = fc.record({
      site: fc.constantFrom(alice, mallory),
      seq: fc.integer({ min: 1, max: 30 }),
      ahead: fc.integer({ min: -MINUTE, max: 30 * MINUTE }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(stamped, { selector: (s) => `${s.site}:${s.seq}`, maxLength: 40 }),
        fc.integer({ min: 0, max: 40 * MINUTE }),
        (arriving, later) => {
          const ops = arriving.map((s) => op(s.site, s.seq, NOW + s.ahead));
          const first = admit(noHeldOps(), ops, NOW);
          const second = release(first.held, NOW + later);
          const seen = [...first.ready, ...first.refused, ...second.ready];
          const stillHeld = [...second.held.bySite.values()].flat();
          expect([...seen, ...stillHeld].length).toBe(ops.length);
          expect(new Set([...seen, ...stillHeld]).size).toBe(ops.length);
          for (const ready of [...first.ready, ...second.ready])
            expect(isTooFarAhead(ready, NOW + later)).toBe(false);
        },
      ),
    );
  });
});
