import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CENTRE,
  downscaleSteps,
  dragFrame,
  keptSize,
  MAX_ZOOM,
  portraitCrop,
  TARGET_SIZE,
  WHOLE_FRAME,
  zoomFrame,
} from './crop';

describe('the portrait crop', () => {
  it('cuts the full height of a landscape photo, centred', () => {
    expect(portraitCrop({ width: 4032, height: 3024 })).toEqual({
      x: 882,
      y: 0,
      width: 2268,
      height: 3024,
    });
  });

  it('cuts the full width of a tall phone photo, centred', () => {
    expect(portraitCrop({ width: 1080, height: 1920 })).toEqual({
      x: 0,
      y: 240,
      width: 1080,
      height: 1440,
    });
  });

  it('keeps a photo already 3:4 whole', () => {
    expect(portraitCrop({ width: 480, height: 640 })).toEqual({
      x: 0,
      y: 0,
      width: 480,
      height: 640,
    });
  });

  it('follows the focus as far as the edges allow', () => {
    expect(portraitCrop({ width: 4032, height: 3024 }, { x: 0.3, y: 0.5 })).toMatchObject({
      x: 76,
      width: 2268,
    });
    expect(portraitCrop({ width: 4032, height: 3024 }, { x: 0, y: 0 })).toMatchObject({
      x: 0,
      y: 0,
    });
    expect(portraitCrop({ width: 4032, height: 3024 }, { x: 1, y: 1 })).toMatchObject({
      x: 4032 - 2268,
      y: 0,
    });
    expect(portraitCrop({ width: 1080, height: 1920 }, { x: 0.5, y: 0.1 })).toMatchObject({ y: 0 });
  });

  it('treats a focus that is not a number as the centre', () => {
    expect(portraitCrop({ width: 4032, height: 3024 }, { x: Number.NaN, y: 0.5 })).toMatchObject({
      x: 882,
    });
  });

  it('always has the portrait shape and stays inside the photo', () => {
    for (const [width, height] of [
      [4032, 3024],
      [3024, 4032],
      [1, 1],
      [3, 1000],
      [1000, 3],
      [641, 479],
    ] as const) {
      const crop = portraitCrop({ width, height }, { x: 0.9, y: 0.1 });
      expect(crop.x).toBeGreaterThanOrEqual(0);
      expect(crop.y).toBeGreaterThanOrEqual(0);
      expect(crop.x + crop.width).toBeLessThanOrEqual(width);
      expect(crop.y + crop.height).toBeLessThanOrEqual(height);
      if (crop.width > 10 && crop.height > 10)
        expect(crop.width / crop.height).toBeCloseTo(3 / 4, 1);
    }
  });

  it('refuses a photo without pixels', () => {
    expect(() => portraitCrop({ width: 0, height: 100 })).toThrow(/no pixels/);
  });
});

describe('the kept size', () => {
  it('is the target for a big crop, and the crop itself when smaller (never upscaled)', () => {
    expect(keptSize({ width: 2268, height: 3024 })).toEqual(TARGET_SIZE);
    expect(keptSize({ width: 300, height: 400 })).toEqual({ width: 300, height: 400 });
  });

  it('goes down by halves, then to the exact size', () => {
    expect(downscaleSteps({ width: 2268, height: 3024 }, TARGET_SIZE)).toEqual([
      { width: 1134, height: 1512 },
      { width: 567, height: 756 },
      TARGET_SIZE,
    ]);
    expect(downscaleSteps({ width: 960, height: 1280 }, TARGET_SIZE)).toEqual([TARGET_SIZE]);
    expect(downscaleSteps({ width: 600, height: 800 }, TARGET_SIZE)).toEqual([TARGET_SIZE]);
  });
});

describe('the portrait crop, for any photo and focus', () => {
  it('stays inside the photo, is as large as the photo allows, and keeps the portrait shape', () => {
    const side = fc.integer({ min: 1, max: 12_000 });
    const fraction = fc.double({ min: -1, max: 2, noNaN: true });
    fc.assert(
      fc.property(side, side, fraction, fraction, (width, height, x, y) => {
        const crop = portraitCrop({ width, height }, { x, y });
        expect(crop.x).toBeGreaterThanOrEqual(0);
        expect(crop.y).toBeGreaterThanOrEqual(0);
        expect(crop.x + crop.width).toBeLessThanOrEqual(width);
        expect(crop.y + crop.height).toBeLessThanOrEqual(height);
        // One side spans the photo; the other is within a pixel of 3:4.
        expect(crop.width === width || crop.height === height).toBe(true);
        if (crop.width > 1 && crop.height > 1)
          expect(Math.abs(crop.width - (crop.height * 3) / 4)).toBeLessThanOrEqual(1);
        const kept = keptSize(crop);
        expect(kept.width).toBeLessThanOrEqual(Math.max(crop.width, 1));
        expect(kept.width).toBeLessThanOrEqual(TARGET_SIZE.width);
      }),
    );
  });
});

describe('framing by hand: zoom and drag', () => {
  const landscape = { width: 4000, height: 3000 };

  it('zooms in by making the crop smaller about the same centre, between 1 × and 4 ×', () => {
    expect(portraitCrop(landscape, CENTRE, 2)).toEqual({
      x: 1438,
      y: 750,
      width: 1125,
      height: 1500,
    });
    expect(portraitCrop(landscape, CENTRE, 10).width).toBe(
      portraitCrop(landscape, CENTRE, MAX_ZOOM).width,
    );
    expect(portraitCrop(landscape, CENTRE, 0.2)).toEqual(portraitCrop(landscape));
  });

  it('moves the crop against the drag: dragging the picture right shows more of its left', () => {
    const dragged = dragFrame(landscape, WHOLE_FRAME, { dx: 100, dy: 0 }, 300);
    // The crop is 2250 px wide on a 300 px preview: 100 px of drag is 750 px of photo.
    expect(portraitCrop(landscape, dragged.focus, dragged.zoom).x).toBe(875 - 750);
  });

  it('stops at the edge, so that a drag back responds at once', () => {
    const far = dragFrame(landscape, WHOLE_FRAME, { dx: 10_000, dy: 0 }, 300);
    expect(portraitCrop(landscape, far.focus).x).toBe(0);
    const back = dragFrame(landscape, far, { dx: -10, dy: 0 }, 300);
    expect(portraitCrop(landscape, back.focus).x).toBe(75);
  });

  it('keeps a zoomed frame inside the photo when zooming out near an edge', () => {
    const corner = dragFrame(
      landscape,
      zoomFrame(landscape, WHOLE_FRAME, 4),
      { dx: 5000, dy: 5000 },
      300,
    );
    const out = zoomFrame(landscape, corner, 1);
    const crop = portraitCrop(landscape, out.focus, out.zoom);
    expect(crop).toMatchObject({ x: 0, y: 0, height: 3000 });
  });
});
