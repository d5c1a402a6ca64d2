import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, decideAfterCrash, RELOAD_BACKOFF_MS } from './recovery';

const T = 1_000_000_000;

describe('after a crash', () => {
  it('reloads at once-ish the first time, then backs off', () => {
    expect(decideAfterCrash([], T)).toEqual({ action: 'reload', delayMs: RELOAD_BACKOFF_MS[0] });
    expect(decideAfterCrash([T - 1000], T)).toEqual({
      action: 'reload',
      delayMs: RELOAD_BACKOFF_MS[1],
    });
    expect(decideAfterCrash([T - 2000, T - 1000], T)).toEqual({
      action: 'reload',
      delayMs: RELOAD_BACKOFF_MS[2],
    });
  });

  it('stays up at the fourth crash within ten minutes', () => {
    expect(decideAfterCrash([T - 3000, T - 2000, T - 1000], T)).toEqual({ action: 'stay' });
  });

  it('forgets reloads older than ten minutes', () => {
    expect(decideAfterCrash([T - CRASH_WINDOW_MS, T - CRASH_WINDOW_MS - 1, T - 1000], T)).toEqual({
      action: 'reload',
      delayMs: RELOAD_BACKOFF_MS[1],
    });
  });
});
