import { describe, expect, it } from 'vitest';
import { ReferenceOffset, type OffsetClock } from './reference-offset';

function clock(): OffsetClock & { offsets: number[] } {
  const offsets: number[] = [];
  return {
    offsets,
    get currentOffset() {
      return offsets.at(-1) ?? 0;
    },
    setOffset: (offset) => offsets.push(offset),
  };
}

describe('following the reference kiosk', () => {
  it('sets the offset from the round trip with the shortest wait', () => {
    const shown = clock();
    const reference = new ReferenceOffset(shown);
    reference.sample('bk-show-ref', 1000, 1600, 1200); // rtt 200: offset 500
    reference.sample('bk-show-ref', 2000, 2520, 2040); // rtt 40: offset 500 + 500 residual
    expect(shown.offsets).toEqual([500, 1000]);
    reference.sample('bk-show-ref', 3000, 3900, 3400); // rtt 400: not better
    expect(shown.offsets.at(-1)).toBe(1000);
  });

  it('starts afresh when the reference changes', () => {
    const shown = clock();
    const reference = new ReferenceOffset(shown);
    reference.sample('bk-show-a', 1000, 1500, 1010);
    reference.sample('bk-show-b', 2000, 2100, 2300);
    expect(shown.offsets.at(-1)).toBe(Math.round(2100 - 2150 + shown.offsets[0]!));
  });
});
