import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeHlc,
  encodeHlc,
  isHlc,
  MAX_DRIFT_MS,
  MAX_HLC_COUNTER,
  receiveHlc,
  tickHlc,
  type Hlc,
  type HlcState,
} from './hlc';
import type { SiteId } from './ids';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 45 }),
        fc.nat({ max: 9999 }),
        fc.nat({ max: 2 ** 45 }),
        fc.nat({ max: 9999 }),
        (w1, c1, w2, c2) => {
          const a = encodeHlc(w1, c1, alice);
          const b = encodeHlc(w2, c2, alice);
          const expected = w1 !== w2 ? w1 < w2 : c1 < c2;
          if (w1 !== w2 || c1 !== c2) expect(a < b).toBe(expected);
        },
      ),
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

  describe('when the counter runs out of digits', () => {
    it('carries a local tick into the wall time instead of writing a malformed clock', () => {
      const state: HlcState = { wall: 1000, counter: MAX_HLC_COUNTER };
      const before = encodeHlc(1000, MAX_HLC_COUNTER, alice);
      const next = tickHlc(state, 1000, alice);
      expect(isHlc(next)).toBe(true);
      expect(decodeHlc(next)).toEqual({ wall: 1001, counter: 0, site: alice });
      expect(next > before).toBe(true);
    });

    it('carries after receiving a peer clock whose counter is at the top', () => {
      const state: HlcState = { wall: 1000, counter: 5 };
      const remote = encodeHlc(1000, MAX_HLC_COUNTER, bob);
      receiveHlc(state, remote, 1000);
      const local = tickHlc(state, 1000, alice);
      expect(isHlc(local)).toBe(true);
      expect(local > remote).toBe(true);
    });

    it('never encodes a counter wider than six digits, whatever it is given', () => {
      const stamp = encodeHlc(1000, 2 * (MAX_HLC_COUNTER + 1) + 7, alice);
      expect(isHlc(stamp)).toBe(true);
      expect(decodeHlc(stamp)).toEqual({ wall: 1002, counter: 7, site: alice });
    });

    it('keeps every stamp well formed and increasing through any run of ticks and receipts', () => {
      const event = fc.oneof(
        fc.record({ kind: fc.constant('tick' as const), now: fc.nat({ max: 20 }) }),
        fc.record({
          kind: fc.constant('receive' as const),
          now: fc.nat({ max: 20 }),
          wall: fc.nat({ max: 20 }),
          counter: fc.integer({ min: MAX_HLC_COUNTER - 3, max: MAX_HLC_COUNTER }),
        }),
      );
      fc.assert(
        fc.property(fc.array(event, { maxLength: 30 }), (events) => {
          const state: HlcState = { wall: 0, counter: MAX_HLC_COUNTER - 2 };
          let last = encodeHlc(0, 0, alice);
          for (const e of events) {
            if (e.kind === 'receive') {
              const remote = encodeHlc(e.wall, e.counter, bob);
              receiveHlc(state, remote, e.now);
              const after = tickHlc(state, e.now, alice);
              expect(after > remote).toBe(true);
              last = expectLater(after, last);
            } else last = expectLater(tickHlc(state, e.now, alice), last);
          }
        }),
      );
    });
  });
});

function expectLater(stamp: Hlc, previous: Hlc): Hlc {
  expect(isHlc(stamp)).toBe(true);
  expect(stamp > previous).toBe(true);
  return stamp;
}
