import { describe, expect, it } from 'vitest';
import { bestQualityUnder, encodeWithinBudget, MIN_SIZE, QUALITY_LADDER } from './budget';
import type { Size } from './crop';

/** A fake encoder: bytes grow with quality and with pixels, like WebP's do; counts its calls. */
function fakeEncoder(bytesPerPixelAtFull: number) {
  const calls: { dimensions: Size; quality: number }[] = [];
  const encodeAt = async (dimensions: Size, quality: number) => {
    calls.push({ dimensions, quality });
    return {
      size: Math.round(dimensions.width * dimensions.height * bytesPerPixelAtFull * quality ** 2),
    };
  };
  return { calls, encodeAt };
}
const portrait = { width: 480, height: 640 };

describe('encoding under a byte budget', () => {
  it('keeps the best quality when it fits, in a few encodes', async () => {
    const { calls, encodeAt } = fakeEncoder(0.1);
    const result = await encodeWithinBudget(encodeAt, portrait, 48 * 1024);
    expect(result).toMatchObject({ quality: 0.9, dimensions: portrait, isOverBudget: false });
    expect(result.encoded.size).toBeLessThanOrEqual(48 * 1024);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(Math.log2(QUALITY_LADDER.length + 1)));
  });

  it('finds the highest quality under the budget by bisection', async () => {
    const { calls, encodeAt } = fakeEncoder(0.4);
    const result = await encodeWithinBudget(encodeAt, portrait, 48 * 1024);
    // 480 × 640 × 0.4 × q² ≤ 49152 → q ≤ 0.632: 0.58 is the best step that fits.
    expect(result.quality).toBe(0.58);
    expect(result.isOverBudget).toBe(false);
    expect(calls).toHaveLength(3);
  });

  it('makes a very busy photo smaller when no quality fits, and says so only when even the smallest does not', async () => {
    const busy = fakeEncoder(2);
    const shrunk = await encodeWithinBudget(busy.encodeAt, portrait, 48 * 1024);
    expect(shrunk.dimensions.width).toBeLessThan(480);
    expect(shrunk.dimensions.width / shrunk.dimensions.height).toBeCloseTo(0.75, 2);
    expect(shrunk.isOverBudget).toBe(false);

    const hopeless = fakeEncoder(50);
    const result = await encodeWithinBudget(hopeless.encodeAt, portrait, 48 * 1024);
    expect(result.isOverBudget).toBe(true);
    expect(result.quality).toBe(0.35);
    expect(result.dimensions.width).toBeGreaterThanOrEqual(MIN_SIZE.width);
    expect(result.attempts).toBe(hopeless.calls.length);
  });

  it('never returns a result over budget as fitting, even from an encoder whose sizes jump about', async () => {
    const sizes = new Map([
      [0.9, 100],
      [0.82, 10],
      [0.74, 100],
      [0.66, 10],
      [0.58, 100],
      [0.5, 10],
      [0.42, 100],
      [0.35, 10],
    ]);
    const { best } = await bestQualityUnder(async (q) => ({ size: sizes.get(q) ?? 0 }), 50);
    expect(best && sizes.get(best.quality)).toBe(10);
  });
});
