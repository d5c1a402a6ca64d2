import { describe, expect, it } from 'vitest';
import { countdown, curtainAt, formatDuration, showTimeAt } from './show-time';

describe('show time', () => {
  it('reads a local date and time', () => {
    expect(showTimeAt('2026-11-26', '20:30')).toBe(new Date(2026, 10, 26, 20, 30).getTime());
    expect(curtainAt({ date: '2026-11-26', curtainTime: '' })).toBeUndefined();
    expect(showTimeAt('26/11/2026', '20:30')).toBeUndefined();
  });

  it('formats durations with hours only when there are some', () => {
    expect(formatDuration(9_000)).toBe('0:09');
    expect(formatDuration(62_000)).toBe('1:02');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('counts down from an absolute target and up once past it', () => {
    expect(countdown(10_000, 500)).toEqual({ text: '0:10', isOver: false });
    expect(countdown(10_000, 9_001)).toEqual({ text: '0:01', isOver: false });
    expect(countdown(10_000, 75_000)).toEqual({ text: '+1:05', isOver: true });
  });
});
