import { describe, expect, it } from 'vitest';
import type { SiteId } from '../../domain/ids';
import type { PeerId } from '../network/transport';
import { MAX_KNOWN_SITES, SiteBudget } from './site-budget';
import { MAX_SITES } from '../protocol/messages';

const mallory = 'mallory' as PeerId;
const alice = 'alice' as PeerId;
const site = (i: number) => `fake-${i}` as SiteId;

describe('the new-site budget', () => {
  it('keeps every kiosk well inside what a versions message may list', () => {
    expect(MAX_KNOWN_SITES).toBeLessThan(MAX_SITES);
  });

  it('lets a peer bring a burst of new sites, then a few a minute', () => {
    const budget = new SiteBudget(1000, 3, 2);
    const known = budget.knownSites({});
    const allowed = (at: number) =>
      Array.from({ length: 10 }, (_, i) => budget.allows(mallory, site(at + i), known, at)).filter(
        Boolean,
      ).length;
    expect(allowed(0)).toBe(3);
    expect(allowed(30_000)).toBe(1); // half a minute: one more
    expect(allowed(90_000)).toBe(2);
  });

  it('never lets a site it already holds spend the budget', () => {
    const budget = new SiteBudget(1000, 1, 1);
    const known = budget.knownSites({ producer: 40 });
    for (let i = 0; i < 100; i++)
      expect(budget.allows(mallory, 'producer' as SiteId, known, 0)).toBe(true);
    expect(budget.allows(mallory, site(1), known, 0)).toBe(true);
    expect(budget.allows(mallory, site(1), known, 0)).toBe(true); // let in once, known since
  });

  it('gives each peer its own budget, and holds no more sites than its bound in all', () => {
    const budget = new SiteBudget(5, 4, 4);
    const known = budget.knownSites({ producer: 1 });
    const fromMallory = [0, 1, 2, 3, 4].filter((i) => budget.allows(mallory, site(i), known, 0));
    expect(fromMallory).toEqual([0, 1, 2, 3]);
    expect(budget.allows(alice, site(10), known, 0)).toBe(false); // the sixth site: refused
    expect(budget.knownSites({ producer: 1 }).size).toBe(5);
    expect(budget.allows(alice, site(11), budget.knownSites({ producer: 1 }), 3_600_000)).toBe(
      false,
    );
  });
});
