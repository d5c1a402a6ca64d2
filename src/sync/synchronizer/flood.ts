import type { PeerId } from '../network/transport';

// Floods are bounded. Every peer gets a budget of messages and of characters that
// refills with time (a token bucket): an honest kiosk's catch-up, its taps and its
// exchanges stay far inside it; a peer that goes past it has its messages dropped
// unread (parsing is the expensive part). A peer that keeps sending bad messages (or
// keeps flooding) is dropped for a while: its link is hung up and refused when it
// dials again, for a back-off that doubles each time it happens again, and the
// kiosks panel says so and why.

export interface FloodLimits {
  /** Messages a peer may send in a burst, and per second after it. */
  messageBurst: number;
  messagesPerSecond: number;
  /** JSON characters a peer may send in a burst, and per second after it. */
  charBurst: number;
  charsPerSecond: number;
  /** Bad (or flooded) messages within `badWindowMs` that get a peer dropped. */
  maxBad: number;
  badWindowMs: number;
  /** First drop, and the longest: each drop within `forgetAfterMs` of the last doubles it. */
  dropMs: number;
  maxDropMs: number;
  forgetAfterMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  // A catch-up batch is one message of up to 1 MiB and two are in flight: a fast
  // LAN delivers a few MB a second. Taps are a preview and an ops push each.
  messageBurst: 600,
  messagesPerSecond: 300,
  charBurst: 24 * 1024 * 1024,
  charsPerSecond: 12 * 1024 * 1024,
  maxBad: 20,
  badWindowMs: 60_000,
  dropMs: 30_000,
  maxDropMs: 10 * 60_000,
  forgetAfterMs: 30 * 60_000,
};

/** A peer dropped for a while, for the kiosks panel. */
export interface DroppedPeer {
  peer: PeerId;
  /** Show time the drop ends. */
  until: number;
  /** What it kept sending, as said in the last bad message: "ops batch from peer …: op 3: …". */
  reason: string;
  /** Times it was dropped (the back-off doubles each time). */
  times: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

interface PeerBudget {
  messages: Bucket;
  chars: Bucket;
  /** When its recent bad messages came (show time), oldest first. */
  bad: number[];
}

export type Verdict = 'ok' | 'over-budget' | 'dropped';

export class FloodGuard {
  readonly #limits: FloodLimits;
  readonly #budgets = new Map<PeerId, PeerBudget>();
  readonly #dropped = new Map<PeerId, DroppedPeer & { lastAt: number }>();

  constructor(limits: Partial<FloodLimits> = {}) {
    this.#limits = { ...DEFAULT_FLOOD_LIMITS, ...limits };
  }

  /** Whether a message of `chars` characters from `peer` may be read now. */
  admit(peer: PeerId, chars: number, now: number): Verdict {
    if (this.isDropped(peer, now)) return 'dropped';
    const budget = this.#budgetOf(peer, now);
    const { messagesPerSecond, messageBurst, charsPerSecond, charBurst } = this.#limits;
    refill(budget.messages, now, messagesPerSecond, messageBurst);
    refill(budget.chars, now, charsPerSecond, charBurst);
    if (budget.messages.tokens < 1 || budget.chars.tokens < chars) return 'over-budget';
    budget.messages.tokens -= 1;
    budget.chars.tokens -= chars;
    return 'ok';
  }

  /**
   * Count a bad message against `peer`. Returns the drop when this one was one too
   * many: the engine hangs up and refuses the peer until `until`.
   */
  bad(peer: PeerId, reason: string, now: number): DroppedPeer | undefined {
    if (this.isDropped(peer, now)) return undefined;
    const budget = this.#budgetOf(peer, now);
    budget.bad = budget.bad.filter((at) => at > now - this.#limits.badWindowMs);
    budget.bad.push(now);
    if (budget.bad.length < this.#limits.maxBad) return undefined;
    budget.bad = [];
    const before = this.#dropped.get(peer);
    const isAgain = before !== undefined && now - before.lastAt < this.#limits.forgetAfterMs;
    const times = isAgain ? before.times + 1 : 1;
    const ms = Math.min(this.#limits.maxDropMs, this.#limits.dropMs * 2 ** (times - 1));
    const drop = { peer, until: now + ms, reason, times, lastAt: now };
    this.#dropped.set(peer, drop);
    return publicDrop(drop);
  }

  isDropped(peer: PeerId, now: number): boolean {
    const drop = this.#dropped.get(peer);
    return drop !== undefined && now < drop.until;
  }

  /** Peers dropped now, soonest back first. */
  dropped(now: number): DroppedPeer[] {
    return [...this.#dropped.values()]
      .filter((drop) => now < drop.until)
      .sort((a, b) => a.until - b.until)
      .map(publicDrop);
  }

  /** A peer went away: its budget goes too (its drop stays until it ends). */
  forget(peer: PeerId): void {
    this.#budgets.delete(peer);
  }

  #budgetOf(peer: PeerId, now: number): PeerBudget {
    let budget = this.#budgets.get(peer);
    if (!budget) {
      const { messageBurst, charBurst } = this.#limits;
      budget = {
        messages: { tokens: messageBurst, at: now },
        chars: { tokens: charBurst, at: now },
        bad: [],
      };
      this.#budgets.set(peer, budget);
    }
    return budget;
  }
}

function refill(bucket: Bucket, now: number, perSecond: number, burst: number): void {
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * perSecond);
  bucket.at = now;
}

const publicDrop = ({ peer, until, reason, times }: DroppedPeer): DroppedPeer => ({
  peer,
  until,
  reason,
  times,
});

/** A message's size in JSON characters, as the budget counts it. */
export function messageChars(raw: unknown): number {
  if (typeof raw === 'string') return raw.length;
  try {
    return JSON.stringify(raw)?.length ?? 0;
  } catch {
    return 0;
  }
}
