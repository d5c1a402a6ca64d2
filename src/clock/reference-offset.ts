import { bestOffset, offsetSample, type OffsetSample } from './clock';

// The show clock follows one reference kiosk: heartbeat round trips with it become
// offset samples, and the best of the last few sets the clock's offset.

const SAMPLES = 16;

/** The part of the show clock this needs (ShowClock has it). */
export interface OffsetClock {
  readonly currentOffset: number;
  setOffset(offset: number): void;
}

export class ReferenceOffset {
  #peer: string | undefined;
  #samples: OffsetSample[] = [];

  constructor(private readonly clock: OffsetClock) {}

  /** A heartbeat round trip with the reference `peer`: `t0` sent and `t2` back here, `t1` its show clock. */
  sample(peer: string, t0: number, t1: number, t2: number): void {
    // A new reference: the old one's samples say nothing of it.
    if (this.#peer !== peer) {
      this.#peer = peer;
      this.#samples = [];
    }
    // Samples are residuals against our show clock; store them against the local clock so older ones stay valid.
    const sample = offsetSample(t0, t1, t2);
    this.#samples.push({ rtt: sample.rtt, offset: sample.offset + this.clock.currentOffset });
    if (this.#samples.length > SAMPLES) this.#samples.shift();
    const offset = bestOffset(this.#samples);
    if (offset !== undefined) this.clock.setOffset(Math.round(offset));
  }
}
