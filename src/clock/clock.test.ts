import { describe, expect, it } from 'vitest';
import { bestOffset, FakeClock, offsetSample, ShowClock } from './clock';

describe('ShowClock', () => {
  it('follows the local clock with no offset', () => {
    const local = new FakeClock(1000);
    const clock = new ShowClock(local);
    local.advance(500);
    expect(clock.now()).toBe(1500);
  });

  it('slews a small correction in instead of stepping', () => {
    const local = new FakeClock(0);
    const clock = new ShowClock(local, 50);
    clock.setOffset(-400);
    local.advance(1000);
    expect(clock.now()).toBe(1000 - 50);
    local.advance(10_000);
    expect(clock.now()).toBe(11_000 - 400);
  });

  it('never runs backwards while slewing a negative correction', () => {
    const local = new FakeClock(0);
    const clock = new ShowClock(local, 50);
    clock.setOffset(-1500);
    let previous = clock.now();
    for (let i = 0; i < 100; i++) {
      local.advance(100);
      const now = clock.now();
      expect(now).toBeGreaterThan(previous);
      previous = now;
    }
  });

  it('reads whole milliseconds while slewing (clock stamps need integers)', () => {
    const local = new FakeClock(0);
    const clock = new ShowClock(local, 50);
    clock.setOffset(-333.3);
    for (let i = 0; i < 20; i++) {
      local.advance(7);
      expect(Number.isInteger(clock.now())).toBe(true);
    }
  });

  it('steps at once for a large correction', () => {
    const local = new FakeClock(0);
    const clock = new ShowClock(local);
    clock.setOffset(60_000);
    expect(clock.now()).toBe(60_000);
  });
});

describe('offset estimation', () => {
  it('keeps the sample with the smallest round trip', () => {
    const samples = [
      offsetSample(0, 150, 200),
      offsetSample(1000, 1110, 1020),
      offsetSample(2000, 2300, 2400),
    ];
    expect(bestOffset(samples)).toBe(100);
    expect(bestOffset([])).toBeUndefined();
  });
});
