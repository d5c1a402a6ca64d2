import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, isHlc, MAX_DRIFT_MS, receiveHlc, tickHlc, type HlcState } from './hlc';
import type { SiteId } from './ids';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 45 }), fc.nat({ max: 9999 }), fc.nat({ max: 2 ** 45 }), fc.nat({ max: 9999 }), (w1, c1, w2, c2) => {
        const a = encodeHlc(w1, c1, alice);
        const b = encodeHlc(w2, c2, alice);
        const expected = w1 !== w2 ? w1 < w2 : c1 < c2;
        if (w1 !== w2 || c1 !== c2) expect(a < b).toBe(expected);
      }),
    );
  });

  it('round-trips through decode and is recognised', () => {
    const hlc = encodeHlc(1_732_000_000_000, 7, bob);
    expect(decodeHlc(hlc)).toEqual({ wall: 1_732_000_000_000, counter: 7, site: bob });
    expect(isHlc(hlc)).toBe(true);
    expect(isHlc('yesterday')).toBe(false);
  });

  it('moves forward even when the wall clock stands still or goes back', () => {
    const state: HlcState = { wall: 0, counter: 0 };
    const first = tickHlc(state, 1000, alice);
    const second = tickHlc(state, 1000, alice);
    const third = tickHlc(state, 500, alice);
    expect(first < second && second < third).toBe(true);
  });

  it('orders local events after a received remote one (causality)', () => {
    const state: HlcState = { wall: 0, counter: 0 };
    const remote = encodeHlc(5000, 3, bob);
    receiveHlc(state, remote, 1000);
    const local = tickHlc(state, 1000, alice);
    expect(local > remote).toBe(true);
  });

  it('ignores a remote clock wildly in the future', () => {
    const state: HlcState = { wall: 1000, counter: 0 };
    receiveHlc(state, encodeHlc(1000 + MAX_DRIFT_MS + 1, 0, bob), 1000);
    expect(state.wall).toBe(1000);
  });
});
