/** Where "now" comes from. Every countdown renders from `target - now()`, never from a counter. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: for unit tests of anything time-based. */
export class FakeClock implements Clock {
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/**
 * Show time: the local clock plus an offset against the reference kiosk, estimated
 * NTP-style over the data channel. Corrections slew (at most `maxSlewPerSecond` per
 * second of local time), so a countdown never steps backwards visibly.
 */
export class ShowClock implements Clock {
  private offset = 0;
  private target = 0;
  private lastLocal: number;

  constructor(
    private readonly local: Clock = systemClock,
    private readonly maxSlewPerSecond = 50,
  ) {
    this.lastLocal = local.now();
  }

  /** Ask for a new offset; small ones are slewed in, large ones (> 2 s) step at once. */
  setOffset(offset: number): void {
    this.target = offset;
    if (Math.abs(offset - this.offset) > 2000) this.offset = offset;
  }

  /** Jump to `offset` now: only while no clock is on screen yet (a kiosk still settling). */
  stepTo(offset: number): void {
    this.target = offset;
    this.offset = offset;
  }

  get currentOffset(): number {
    return this.offset;
  }

  now(): number {
    const local = this.local.now();
    const elapsed = Math.max(0, local - this.lastLocal);
    this.lastLocal = local;
    const step = (elapsed / 1000) * this.maxSlewPerSecond;
    const gap = this.target - this.offset;
    this.offset += Math.abs(gap) <= step ? gap : Math.sign(gap) * step;
    // Whole milliseconds: a slewing offset is fractional, and HLC stamps need integers.
    return Math.round(local + this.offset);
  }
}

/** One offset sample from a ping/pong: `t0` sent, `t1` peer received/answered, `t2` back. */
export interface OffsetSample {
  offset: number;
  rtt: number;
}

export function offsetSample(t0: number, peerTime: number, t2: number): OffsetSample {
  const rtt = t2 - t0;
  return { rtt, offset: peerTime - (t0 + rtt / 2) };
}

/** Keep the minimum-RTT sample of the last few: the one least distorted by queueing. */
export function bestOffset(samples: OffsetSample[]): number | undefined {
  let best: OffsetSample | undefined;
  for (const sample of samples) if (!best || sample.rtt < best.rtt) best = sample;
  return best?.offset;
}
