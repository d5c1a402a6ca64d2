import type { Clock } from '../../clock/clock';
import type { PeerId } from '../network/transport';

// Each failed join is one online guess at the passphrase (docs/trust.md): a kiosk
// that refuses a peer makes that peer wait before its next attempt, twice as long
// after each failure, up to a minute. A kiosk that typed a wrong passphrase and
// then the right one is back within seconds; a guesser gets a handful of guesses an
// hour per peer id.

const FIRST_WAIT_MS = 1_000;
const MAX_WAIT_MS = 60_000;
/** Failures are forgotten after this long without another. */
const FORGET_AFTER_MS = 10 * 60_000;
/** Peers remembered at once: beyond, the oldest entries go (a flood of fresh peer ids cannot grow memory). */
const MAX_PEERS = 1_000;

export class JoinFailures {
  private readonly failures = new Map<PeerId, { count: number; at: number; until: number }>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  failed(peer: PeerId): void {
    const now = this.clock.now();
    const last = this.failures.get(peer);
    const count = last && now - last.at < FORGET_AFTER_MS ? last.count + 1 : 1;
    const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (count - 1));
    this.failures.delete(peer);
    this.failures.set(peer, { count, at: now, until: now + wait });
    if (this.failures.size > MAX_PEERS) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Whether `peer` must still wait before it may try to join again. */
  isWaiting(peer: PeerId): boolean {
    const entry = this.failures.get(peer);
    return entry !== undefined && this.clock.now() < entry.until;
  }

  forget(peer: PeerId): void {
    this.failures.delete(peer);
  }
}
