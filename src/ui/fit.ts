// Text fitting for screens read from across the room: sizes come from the screen, and
// a text's length decides how far it shrinks (never under its floor) before it wraps
// or ends in an ellipsis.

/** Characters a text shows, counting an emoji or an accented letter once. */
export const textLength = (text: string): number => Math.max(1, [...text].length);

/** Whole lines of `linePx` that fit in `availablePx` (a pixel of rounding spared); 0 when none. */
export const linesThatFit = (availablePx: number, linePx: number): number =>
  linePx > 0 && availablePx > 0
    ? Math.max(0, Math.floor((availablePx + 0.5) / (linePx + 0.01)))
    : 0;
