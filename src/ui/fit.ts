// Text fitting for screens read from across the room: sizes come from the screen, and
// a text's length decides how far it shrinks (never under its floor) before it wraps
// or ends in an ellipsis.

/** Characters a text shows, counting an emoji or an accented letter once. */
export const textLength = (text: string): number => Math.max(1, [...text].length);

/** Whole lines of `linePx` that fit in `availablePx`; at least one. */
export const linesThatFit = (availablePx: number, linePx: number): number =>
  linePx > 0 && availablePx > 0 ? Math.max(1, Math.floor(availablePx / linePx)) : 1;
