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

export interface NextNameFit {
  /** Lines the name may take: two where the column has room, else one. */
  lines: 1 | 2;
  /** Whether the line under the name (the outfit) keeps its place. */
  hasDetail: boolean;
}

/**
 * How the next model's name fits a column of `room` px where `above` is taken above her
 * name: her whole name first (two lines), then the line under it, which goes when room is
 * short. `nameHeight` is the name as laid out now (one line for a short name, whatever
 * `lines`). Before anything is measured (`room` 0): two lines and the detail.
 */
export function fitNextName(input: {
  room: number;
  above: number;
  nameHeight: number;
  linePx: number;
  detailPx: number;
}): NextNameFit {
  const { room, above, nameHeight, linePx, detailPx } = input;
  if (room <= 0) return { lines: 2, hasDetail: true };
  const left = room - above;
  const lines = left + 0.5 >= 2 * linePx ? 2 : 1;
  const name = Math.min(nameHeight, lines * linePx);
  return { lines, hasDetail: left - name + 0.5 >= detailPx };
}

/**
 * Lines a text takes when wrapped between words at `perLine` letters a line (a word longer
 * than a line is broken): an estimate from letter counts, for reserving room before the
 * text is laid out. Generous letters-per-line figures under-count; callers pass a narrow one.
 */
export function wrappedLines(text: string, perLine: number): number {
  const width = Math.max(1, Math.floor(perLine));
  let lines = 1;
  let used = 0;
  for (const word of text.trim().split(/\s+/)) {
    const length = textLength(word);
    const needed = used === 0 ? length : used + 1 + length;
    if (needed <= width) {
      used = needed;
      continue;
    }
    if (used > 0) lines += 1;
    // A word longer than a line takes lines of its own, the last one partly.
    lines += Math.ceil(length / width) - 1;
    used = length - (Math.ceil(length / width) - 1) * width;
  }
  return lines;
}
