import { MAX_AHEAD_MS } from '../domain/clock-guard';
import { bestOffset, offsetSample, type Clock, type OffsetSample } from './clock';

// Which offset to show, and when it may be shown: the NTP-style estimate against the
// reference kiosk, with the rules that keep a countdown from jumping on screen.
//
// - A joining kiosk is not settled until it has heard its reference a few times and
//   the reference has stayed the same for a moment (the first peer to answer is often
//   not the producer, who takes over a second later).
// - A kiosk that finds nobody within `aloneMs` settles on what it has: the offset it
//   kept from last time, else its own clock.
// - When the reference changes after settling, the offset is kept and the new
//   reference's samples slew it: every kiosk follows the same venue time, so the new
//   reference agrees with the old one within a few milliseconds.

export interface EstimatorOptions {
  /** Samples kept per reference (the minimum-RTT one of these wins). */
  window: number;
  /** Samples from the reference needed before a joining kiosk shows a clock. */
  settleSamples: number;
  /** ...and for how long the reference must have been the same one. */
  settleMs: number;
  /** With no reference to hear from for this long, settle on the kept offset or the own clock. */
  aloneMs: number;
}

/**
 * The most a reference may move this kiosk's clock from its own: as far as the clock
 * guard lets a remote clock lead (domain/clock-guard.ts MAX_AHEAD_MS). A reference
 * further off (a producer's laptop set to the wrong day, or a kiosk lying) is refused
 * and shown, not followed: whichever clock is wrong, a person must set it right.
 */
export const MAX_REFERENCE_OFFSET_MS = MAX_AHEAD_MS;

export const ESTIMATOR_DEFAULTS: EstimatorOptions = {
  window: 16,
  settleSamples: 3,
  settleMs: 1500,
  aloneMs: 4000,
};

/** Whose clock this kiosk follows: a peer's site, or itself (it is the reference, or has nobody). */
export type Reference = { site: string; isSelf: boolean; isProducer?: boolean };

export class OffsetEstimator {
  readonly #local: Clock;
  readonly #options: EstimatorOptions;
  #reference: Reference | undefined;
  #referenceSince: number;
  #samples: OffsetSample[] = [];
  #offset: number;
  #isSettled = false;
  #refused: number | undefined;

  /** `kept`: the offset this kiosk had before a reload, if any (see stored-offset.ts). */
  constructor(local: Clock, kept?: number, options: Partial<EstimatorOptions> = {}) {
    this.#local = local;
    this.#options = { ...ESTIMATOR_DEFAULTS, ...options };
    this.#referenceSince = local.now();
    this.#offset = kept ?? 0;
    // A kiosk that kept its offset shows it at once: it was settled on it before the reload.
    this.#isSettled = kept !== undefined;
  }

  get offset(): number {
    return this.#offset;
  }

  get isSettled(): boolean {
    return this.#isSettled;
  }

  get reference(): Reference | undefined {
    return this.#reference;
  }

  /** The reference's offset when it is beyond MAX_REFERENCE_OFFSET_MS (refused), else undefined. */
  get refusedOffset(): number | undefined {
    return this.#refused;
  }

  /** The reference chosen now (see presence.clockReference). Call whenever the peers change. */
  follow(reference: Reference | undefined): void {
    const previous = this.#reference;
    if (previous?.site === reference?.site && previous?.isSelf === reference?.isSelf) return;
    this.#reference = reference;
    this.#referenceSince = this.#local.now();
    // Samples of another reference say nothing about this one.
    this.#samples = [];
    this.#refused = undefined;
    // The producer's kiosk is the venue clock: it has nobody to wait for.
    if (reference?.isSelf && reference.isProducer) this.#isSettled = true;
  }

  /**
   * A ping/pong with `site`: `t0` and `t2` on this kiosk's show clock (which ran with
   * `showOffset` then), `t1` the peer's show clock. Returns the new offset to slew to,
   * or undefined when the sample is not from the reference.
   */
  sample(site: string, t0: number, t1: number, t2: number, showOffset: number): number | undefined {
    const reference = this.#reference;
    if (!reference || reference.isSelf || reference.site !== site) return undefined;
    if (!(t2 >= t0) || !Number.isFinite(t1)) return undefined; // a clock that lies about order
    const raw = offsetSample(t0, t1, t2);
    // Against the local clock, so older samples stay valid while the show clock slews.
    this.#samples.push({ rtt: raw.rtt, offset: raw.offset + showOffset });
    if (this.#samples.length > this.#options.window) this.#samples.shift();
    const best = bestOffset(this.#samples);
    if (best === undefined) return undefined;
    if (Math.abs(best) > MAX_REFERENCE_OFFSET_MS) {
      this.#refused = Math.round(best);
      return undefined;
    }
    this.#refused = undefined;
    this.#offset = Math.round(best);
    this.#settleIfReady();
    return this.#offset;
  }

  /** Called a few times a second: settles a kiosk that has waited long enough. */
  tick(): void {
    if (this.#isSettled) return;
    const waited = this.#local.now() - this.#referenceSince;
    const reference = this.#reference;
    // Alone (or the reference itself) for a while: nobody else will tell us the time.
    if ((!reference || reference.isSelf) && waited >= this.#options.aloneMs) this.#isSettled = true;
    else this.#settleIfReady();
  }

  #settleIfReady(): void {
    if (this.#isSettled || !this.#reference || this.#reference.isSelf) return;
    const steady = this.#local.now() - this.#referenceSince >= this.#options.settleMs;
    if (steady && this.#samples.length >= this.#options.settleSamples) this.#isSettled = true;
  }
}

/** A kiosk whose own clock is this far from venue time says so in its status corner. */
export const OWN_CLOCK_OFF_MS = 60_000;

/** "This kiosk's clock is 1 min 15 s fast" — or '' when it is within a minute. */
export function ownClockOffText(offset: number): string {
  if (Math.abs(offset) <= OWN_CLOCK_OFF_MS) return '';
  const total = Math.round(Math.abs(offset) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts = [
    hours ? `${hours} h` : '',
    minutes ? `${minutes} min` : '',
    seconds ? `${seconds} s` : '',
  ];
  // Show time = local + offset: a positive offset means the local clock is behind.
  return `This kiosk's clock is ${parts.filter(Boolean).join(' ')} ${offset > 0 ? 'slow' : 'fast'}; it shows venue time.`;
}

/** What the status corner says of a refused reference: how far off, and that it is not followed. */
export function refusedOffsetText(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hours = Math.floor(minutes / 60);
  const span = hours ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
  return `⚠ The producer's clock is ${span} ${offset > 0 ? 'ahead of' : 'behind'} this kiosk's: not followed. Check the date and time on both.`;
}
