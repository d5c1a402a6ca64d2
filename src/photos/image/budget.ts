import type { Size } from './crop';

// Encoding under a byte budget: the best quality whose result fits, found with few
// encodes (each one costs tens of milliseconds on a tablet). If even the lowest
// quality does not fit (a very busy picture), the photo is made a little smaller.

/** A few tens of KB: 40 photos reach a newly joined kiosk in well under a minute on venue Wi-Fi. */
export const PHOTO_BUDGET_BYTES = 48 * 1024;
/** Qualities tried, best first. Below ~0.35 WebP and JPEG both smear faces. */
export const QUALITY_LADDER = [0.9, 0.82, 0.74, 0.66, 0.58, 0.5, 0.42, 0.35] as const;
/** Each smaller try keeps this share of the width and height. */
export const SHRINK = 0.8;
/** Never smaller than this: a face must still be recognisable on a wall across the room. */
export const MIN_SIZE: Size = { width: 240, height: 320 };

export interface Encoded {
  size: number;
}
export interface BudgetResult<T extends Encoded> {
  encoded: T;
  quality: number;
  dimensions: Size;
  /** True when nothing fitted: the smallest try is returned (still a usable photo). */
  isOverBudget: boolean;
  /** Encodes it took. */
  attempts: number;
}

/**
 * The highest quality on `ladder` whose encoding fits `budget`, by bisection
 * (sizes fall as quality falls, nearly always; where they do not, a fitting
 * result is still only ever returned when it fits).
 */
export async function bestQualityUnder<T extends Encoded>(
  encode: (quality: number) => Promise<T>,
  budget: number,
  ladder: readonly number[] = QUALITY_LADDER,
): Promise<{
  best: { encoded: T; quality: number } | undefined;
  smallest: { encoded: T; quality: number };
  attempts: number;
}> {
  if (ladder.length === 0) throw new RangeError('no quality to try');
  let low = 0; // ladder[low..high] still to search; best-first order
  let high = ladder.length - 1;
  let best: { encoded: T; quality: number; index: number } | undefined;
  let smallest: { encoded: T; quality: number } | undefined;
  let attempts = 0;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const quality = ladder[mid] as number;
    const encoded = await encode(quality);
    attempts += 1;
    if (!smallest || encoded.size < smallest.encoded.size) smallest = { encoded, quality };
    if (encoded.size <= budget) {
      if (!best || mid < best.index) best = { encoded, quality, index: mid };
      high = mid - 1;
    } else {
      low = mid + 1;
    }
  }
  return {
    best: best && { encoded: best.encoded, quality: best.quality },
    smallest: smallest as { encoded: T; quality: number },
    attempts,
  };
}

/** Encode `size`, shrinking by SHRINK while nothing on the ladder fits, down to MIN_SIZE. */
export async function encodeWithinBudget<T extends Encoded>(
  encodeAt: (dimensions: Size, quality: number) => Promise<T>,
  size: Size,
  budget = PHOTO_BUDGET_BYTES,
  ladder: readonly number[] = QUALITY_LADDER,
): Promise<BudgetResult<T>> {
  let dimensions = size;
  let attempts = 0;
  for (;;) {
    const current = dimensions;
    const search = await bestQualityUnder((quality) => encodeAt(current, quality), budget, ladder);
    attempts += search.attempts;
    if (search.best) return { ...search.best, dimensions, isOverBudget: false, attempts };
    const next = {
      width: Math.round(dimensions.width * SHRINK),
      height: Math.round(dimensions.height * SHRINK),
    };
    if (next.width < MIN_SIZE.width || next.height < MIN_SIZE.height) {
      return { ...search.smallest, dimensions, isOverBudget: true, attempts };
    }
    dimensions = next;
  }
}
