// Before the engine has joined a link, a stranger may be on the other end: it gets
// small messages parsed (the join's are a few hundred characters), nothing more. A
// bigger message is held unread, with everything after it (links are ordered), until
// the engine says the link is joined: the peer may open its side first and send its
// versions or a push before ours opens. Past a bound the held ones are let go unread.
// Both transports use this one gate, so they behave alike (transport-contract.ts).

/** The longest message passed on from a link not yet joined: a join message (2 KB at most) or a small sealed one. */
export const UNJOINED_MESSAGE_CHARS = 4 * 1024;
/** What a link not yet joined may have held: an honest peer opens a few messages ahead of us. */
export const UNJOINED_HELD_CHARS = 2 * 1024 * 1024;

export type GateVerdict = 'pass' | 'held' | 'overflow';

/** One link's gate; `T` is a message as it arrived, not yet parsed. */
export class JoinGate<T> {
  #isJoined = false;
  #held: T[] = [];
  #chars = 0;

  get isJoined(): boolean {
    return this.#isJoined;
  }

  /** Whether a message of `chars` JSON characters is passed on now, held, or one too many (the held are let go). */
  admit(arrived: T, chars: number): GateVerdict {
    if (this.#isJoined) return 'pass';
    if (this.#held.length === 0 && chars <= UNJOINED_MESSAGE_CHARS) return 'pass';
    this.#chars += chars;
    if (this.#chars > UNJOINED_HELD_CHARS) {
      this.#held = [];
      return 'overflow';
    }
    this.#held.push(arrived);
    return 'held';
  }

  /** The engine joined the link: every message passes from now on; the held ones first, in order. */
  join(): T[] {
    this.#isJoined = true;
    this.#chars = 0;
    return this.#held.splice(0);
  }
}
