import { describe, expect, it } from 'vitest';
import { FakeClock, ShowClock } from './clock';
import { OffsetEstimator, ownClockOffText } from './estimator';

/**
 * One ping/pong between this kiosk (local clock `local`, show clock `show`) and a
 * reference whose venue time is local + `truth`: `out` ms there, `back` ms back.
 */
function pingPong(
  estimator: OffsetEstimator,
  local: FakeClock,
  show: ShowClock,
  site: string,
  truth: number,
  out: number,
  back: number,
) {
  const t0 = show.now();
  local.advance(out);
  const t1 = local.now() + truth;
  local.advance(back);
  const t2 = show.now();
  const next = estimator.sample(site, t0, t1, t2, show.currentOffset);
  if (next !== undefined) show.setOffset(next);
  return next;
}

/** A deterministic jitter: the same "random" delays every run. */
function* delays(seed: number) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (x % 4000) / 100; // 1–41 ms
  }
}

describe('OffsetEstimator', () => {
  it('finds a reference 45 s ahead within a millisecond under jitter', () => {
    const local = new FakeClock(1_000_000);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'producer', isSelf: false });
    const jitter = delays(7);
    for (let i = 0; i < 16; i++) {
      pingPong(
        estimator,
        local,
        show,
        'producer',
        45_000,
        jitter.next().value as number,
        jitter.next().value as number,
      );
      local.advance(1000);
    }
    expect(Math.abs(estimator.offset - 45_000)).toBeLessThanOrEqual(20);
  });

  it('keeps the least-queued sample: one fast exchange among slow ones wins', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'producer', isSelf: false });
    pingPong(estimator, local, show, 'producer', -30_000, 200, 20);
    pingPong(estimator, local, show, 'producer', -30_000, 1, 1);
    pingPong(estimator, local, show, 'producer', -30_000, 20, 300);
    expect(estimator.offset).toBe(-30_000);
  });

  it('is wrong by at most half the difference of an asymmetric path', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'producer', isSelf: false });
    for (let i = 0; i < 5; i++) pingPong(estimator, local, show, 'producer', 10_000, 30, 4);
    expect(Math.abs(estimator.offset - 10_000)).toBeLessThanOrEqual((30 - 4) / 2);
  });

  it('does not settle on the first peer to answer: a reference must be heard several times, for a moment', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'wall-plus-45', isSelf: false });
    pingPong(estimator, local, show, 'wall-plus-45', 45_000, 1, 1);
    expect(estimator.isSettled).toBe(false);
    // The producer is linked a moment later and takes over before anything is shown.
    local.advance(400);
    estimator.follow({ site: 'producer', isSelf: false });
    for (let i = 0; i < 3; i++) {
      expect(estimator.isSettled).toBe(false);
      pingPong(estimator, local, show, 'producer', 0, 1, 1);
      local.advance(700);
    }
    estimator.tick();
    expect(estimator.isSettled).toBe(true);
    expect(estimator.offset).toBe(0);
  });

  it('ignores samples from a kiosk that is not its reference', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'producer', isSelf: false });
    expect(pingPong(estimator, local, show, 'tablet', 90_000, 1, 1)).toBeUndefined();
    expect(estimator.offset).toBe(0);
  });

  it('settles on its own clock when it finds nobody, and at once on the producer kiosk', () => {
    const local = new FakeClock(0);
    const alone = new OffsetEstimator(local, undefined, { aloneMs: 4000 });
    alone.follow({ site: 'me', isSelf: true });
    local.advance(3999);
    alone.tick();
    expect(alone.isSettled).toBe(false);
    local.advance(1);
    alone.tick();
    expect(alone.isSettled).toBe(true);

    const producer = new OffsetEstimator(local);
    producer.follow({ site: 'me', isSelf: true, isProducer: true });
    expect(producer.isSettled).toBe(true);
  });

  it('shows the offset it kept before a reload at once, and refines it from the reference', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local, 45_010);
    show.setOffset(estimator.offset);
    expect(estimator.isSettled).toBe(true);
    expect(show.now()).toBe(45_010);
    estimator.follow({ site: 'producer', isSelf: false });
    pingPong(estimator, local, show, 'producer', 45_000, 2, 2);
    expect(estimator.offset).toBe(45_000);
  });

  it('takes over from a reference that leaves without a visible jump', () => {
    const local = new FakeClock(0);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'producer', isSelf: false });
    for (let i = 0; i < 4; i++) {
      pingPong(estimator, local, show, 'producer', 30_000, 2, 2);
      local.advance(1000);
    }
    expect(estimator.isSettled).toBe(true);
    // The curtain kiosk follows the producer too, 8 ms off: it becomes the reference.
    estimator.follow({ site: 'curtain', isSelf: false });
    expect(estimator.isSettled).toBe(true);
    let previous = show.now();
    for (let i = 0; i < 20; i++) {
      pingPong(estimator, local, show, 'curtain', 30_008, 2, 2);
      local.advance(250);
      const shown = show.now();
      // Each 250 ms tick moves 250 ms, give or take the slew: never a jump.
      expect(Math.abs(shown - previous - 254)).toBeLessThanOrEqual(20);
      previous = shown;
    }
    expect(show.currentOffset).toBe(30_008);
  });
});

describe('a reference too far off', () => {
  it('is refused and reported, not followed, beyond five minutes', () => {
    const local = new FakeClock(1_000_000);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'p', isSelf: false, isProducer: true });
    for (let i = 0; i < 5; i++)
      expect(pingPong(estimator, local, show, 'p', 2 * 3600_000, 5, 5)).toBeUndefined();
    expect(show.currentOffset).toBe(0);
    expect(estimator.refusedOffset).toBeGreaterThan(2 * 3600_000 - 50);
  });

  it('is followed within five minutes, and a sane sample clears the refusal', () => {
    const local = new FakeClock(1_000_000);
    const show = new ShowClock(local);
    const estimator = new OffsetEstimator(local);
    estimator.follow({ site: 'p', isSelf: false, isProducer: true });
    pingPong(estimator, local, show, 'p', 6 * 60_000, 5, 5);
    expect(estimator.refusedOffset).toBeDefined();
    estimator.follow({ site: 'q', isSelf: false, isProducer: true });
    expect(estimator.refusedOffset).toBeUndefined();
    expect(pingPong(estimator, local, show, 'q', 4 * 60_000, 5, 5)).toBeCloseTo(4 * 60_000, -1);
    expect(estimator.refusedOffset).toBeUndefined();
  });
});

describe('ownClockOffText', () => {
  it('is silent within a minute and names the direction beyond', () => {
    expect(ownClockOffText(59_000)).toBe('');
    expect(ownClockOffText(-60_000)).toBe('');
    expect(ownClockOffText(75_000)).toBe(
      "This kiosk's clock is 1 min 15 s slow; it shows venue time.",
    );
    expect(ownClockOffText(-3_600_000)).toBe(
      "This kiosk's clock is 1 h fast; it shows venue time.",
    );
  });
});
