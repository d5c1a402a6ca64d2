import { describe, expect, it } from 'vitest';
import { fitNextName, wrappedLines } from './fit';

// A 1080 px curtain: a name line is 107 px, the outfit line under it 40 px.
const LINE = 107;
const DETAIL = 40;
const fit = (room: number, above: number, nameHeight: number) =>
  fitNextName({ room, above, nameHeight, linePx: LINE, detailPx: DETAIL });

describe('fitNextName', () => {
  it('gives a long name two lines and keeps the outfit where both fit', () => {
    expect(fit(700, 400, 2 * LINE)).toEqual({ lines: 2, hasDetail: true });
  });

  it('lets the outfit give way before the second line of the name', () => {
    expect(fit(700, 470, 2 * LINE)).toEqual({ lines: 2, hasDetail: false });
  });

  it('keeps the outfit under a short name that takes one line of the two', () => {
    expect(fit(700, 470, LINE)).toEqual({ lines: 2, hasDetail: true });
  });

  it('falls back to one line of name, then drops the outfit too', () => {
    expect(fit(700, 530, 2 * LINE)).toEqual({ lines: 1, hasDetail: true });
    expect(fit(700, 580, 2 * LINE)).toEqual({ lines: 1, hasDetail: false });
  });

  it('shows two lines and the outfit before anything is measured', () => {
    expect(fit(0, 0, 0)).toEqual({ lines: 2, hasDetail: true });
  });
});

describe('wrappedLines', () => {
  it('wraps between words at the letters a line holds', () => {
    expect(wrappedLines('Water', 14)).toBe(1);
    expect(wrappedLines('Looks 5–10 to the line-up now', 14)).toBe(3);
    expect(wrappedLines('Looks 5–10 to the line-up now', 30)).toBe(1);
    expect(wrappedLines('Briefing in 15 min — Green room, everyone', 14)).toBe(3);
    expect(wrappedLines('Briefing in 15 min — Green room, everyone', 12)).toBe(4);
  });

  it('breaks a word longer than a line', () => {
    expect(wrappedLines('A'.repeat(30), 14)).toBe(3);
    expect(wrappedLines(`Hi ${'B'.repeat(20)} end`, 10)).toBe(4);
  });
});
