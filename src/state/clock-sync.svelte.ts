import { systemClock } from '../clock/clock';
import {
  OffsetEstimator,
  ownClockOffText,
  refusedOffsetText,
  type Reference,
} from '../clock/estimator';
import { parseStoredOffset, serializeOffset, storedOffsetKey } from '../clock/stored-offset';
import { showClock } from './show-clock';

// The venue clock of this kiosk: glue between sync (which hears the reference kiosk)
// and the show clock every screen reads. The estimator decides; this keeps its
// offset across reloads (localStorage: read synchronously, before the first paint)
// and shares it with the other windows of the browser (only one runs the mesh).

const TICK_MS = 250;
const SAVE_EVERY_MS = 5000;

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled: the offset just is not kept
  }
};

class ClockSync {
  /** Screens show no clock until this is true: no jump while the kiosk finds its reference. */
  isSettled = $state(typeof window === 'undefined'); // in a browser, not until the show is known
  /** "This kiosk's clock is 2 min fast…" or ''. */
  ownClockOff = $state('');
  /** The reference's clock is too far off to follow: what the status corner says, or ''. */
  refusedOffset = $state('');
  /** The last round trips with any peer (ms), newest last: for the bench and diagnostics. */
  readonly roundTrips: number[] = [];
  #estimator = new OffsetEstimator(systemClock);
  #showId = '';
  #isShared = false;
  #hasShow = false;
  #savedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    if (typeof window === 'undefined') return;
    // Another window of this browser runs the mesh: follow the offset it keeps.
    window.addEventListener('storage', (event) => {
      if (!this.#showId || event.key !== storedOffsetKey(this.#showId)) return;
      const kept = parseStoredOffset(event.newValue, systemClock.now());
      if (!kept) return;
      // This window hears no reference itself: it takes the syncing window's estimate whole.
      this.#estimator = new OffsetEstimator(systemClock, kept.offset);
      this.#apply(kept.offset, true);
    });
  }

  /** The kiosk opened a show (or none). `isShared`: it has peers to take the time from. */
  useShow(showId: string, isShared: boolean): void {
    if (this.#hasShow && showId === this.#showId && isShared === this.#isShared) return;
    this.#hasShow = true;
    this.#showId = showId;
    this.#isShared = isShared;
    const kept = showId
      ? parseStoredOffset(storage()?.getItem(storedOffsetKey(showId)), systemClock.now())
      : undefined;
    this.#estimator = new OffsetEstimator(systemClock, kept?.offset);
    // A kiosk with nobody to sync with is the venue clock for its show.
    if (kept) this.#apply(kept.offset, true);
    else this.#apply(0, !isShared);
    clearInterval(this.#timer);
    if (isShared && typeof window !== 'undefined')
      this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** The reference chosen from the peers linked now (sync calls this when they change). */
  follow(reference: Reference | undefined): void {
    this.#estimator.follow(reference);
    this.#tick();
  }

  /** A heartbeat round trip with `site` (times on the show clock, `t1` on the peer's). */
  pong(site: string, t0: number, t1: number, t2: number): void {
    this.roundTrips.push(t2 - t0);
    if (this.roundTrips.length > 256) this.roundTrips.shift();
    const offset = this.#estimator.sample(site, t0, t1, t2, showClock.currentOffset);
    const refused = this.#estimator.refusedOffset;
    const refusedText = refused === undefined ? '' : refusedOffsetText(refused);
    if (refusedText !== this.refusedOffset) this.refusedOffset = refusedText;
    if (offset === undefined) return;
    const isNewlySettled = this.#estimator.isSettled && !this.isSettled;
    this.#apply(offset, this.#estimator.isSettled);
    this.#save(isNewlySettled);
  }

  #tick(): void {
    this.#estimator.tick();
    if (this.#estimator.isSettled !== this.isSettled) {
      this.#apply(this.#estimator.offset, this.#estimator.isSettled);
      this.#save(true);
    }
  }

  #apply(offset: number, isSettled: boolean): void {
    // Not shown yet: step straight to the estimate, so the first clock shown is right.
    if (!this.isSettled || !isSettled) showClock.stepTo(offset);
    else showClock.setOffset(offset);
    this.isSettled = isSettled;
    this.ownClockOff = isSettled ? ownClockOffText(offset) : '';
  }

  #save(isNow = false): void {
    const now = systemClock.now();
    if (
      !this.#showId ||
      !this.#estimator.isSettled ||
      (!isNow && now - this.#savedAt < SAVE_EVERY_MS)
    )
      return;
    this.#savedAt = now;
    storage()?.setItem(
      storedOffsetKey(this.#showId),
      serializeOffset({ offset: this.#estimator.offset, savedAt: now, isSettled: true }),
    );
  }
}

export const clockSync = new ClockSync();
