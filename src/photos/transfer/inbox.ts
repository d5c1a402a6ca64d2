import type { PhotoId } from '../../domain/photo-id';
import { PhotoReceiver, type ReceiveOutcome } from './receiver';
import type { PhotoChunkMessage, PhotoHaveMessage, PhotoWantMessage } from './messages';

// All the photos a kiosk is fetching at once, with a bound on what they hold in
// memory: a tablet fetching 40 polaroids never holds more than a few in pieces,
// and nobody can make it hold what it did not ask for.

export interface InboxLimits {
  /** Photos in pieces at once. */
  maxOpen: number;
  /** Bytes reserved by their manifests, together. */
  maxBytes: number;
  /** A fetch with no news for this long may make room for another. */
  staleMs: number;
}
export const DEFAULT_INBOX_LIMITS: InboxLimits = {
  maxOpen: 4,
  maxBytes: 1024 * 1024,
  staleMs: 30_000,
};

export type InboxOutcome =
  | ReceiveOutcome
  /** The peer does not hold it: ask another; the fetch stays open. */
  | { kind: 'absent' }
  /** Not something this kiosk asked for (or gave up on): ignored, nothing kept. */
  | { kind: 'not-asked' };

interface Fetch {
  receiver: PhotoReceiver;
  lastNews: number;
}

export class PhotoInbox {
  readonly #limits: InboxLimits;
  readonly #now: () => number;
  readonly #fetches = new Map<PhotoId, Fetch>();

  constructor(limits: Partial<InboxLimits> = {}, now: () => number = Date.now) {
    this.#limits = { ...DEFAULT_INBOX_LIMITS, ...limits };
    this.#now = now;
  }

  /** Photos being fetched. */
  get open(): PhotoId[] {
    return [...this.#fetches.keys()];
  }
  /** Bytes of chunks held, across every fetch. */
  get heldBytes(): number {
    let held = 0;
    for (const fetch of this.#fetches.values()) held += fetch.receiver.heldBytes;
    return held;
  }
  get #reserved(): number {
    let reserved = 0;
    for (const fetch of this.#fetches.values()) reserved += fetch.receiver.size;
    return reserved;
  }

  /**
   * Start fetching a photo: the message to send to a peer that may hold it, or
   * `busy` when the inbox is full of fresh fetches (try again when one completes).
   * Asking for one already open answers what it still lacks (a resume).
   */
  want(id: PhotoId): PhotoWantMessage | 'busy' {
    const open = this.#fetches.get(id);
    if (open) return wantFor(open.receiver);
    if (
      this.#fetches.size >= this.#limits.maxOpen &&
      !this.#evictStale(() => this.#fetches.size < this.#limits.maxOpen)
    )
      return 'busy';
    this.#fetches.set(id, { receiver: new PhotoReceiver(id), lastNews: this.#now() });
    return { type: 'photo-want', id };
  }

  /** Whether the fetch of `id` has its manifest (so chunks may be held): worth resuming rather than dropping. */
  hasStarted(id: PhotoId): boolean {
    return this.#fetches.get(id)?.receiver.hasManifest ?? false;
  }

  /** After a link came back (or to another peer): what each open fetch still lacks. */
  resumeWants(): PhotoWantMessage[] {
    return [...this.#fetches.values()].map((fetch) => wantFor(fetch.receiver));
  }

  /** Give up on a photo (no peer holds it, or it is no longer used): its pieces are dropped. */
  drop(id: PhotoId): void {
    this.#fetches.delete(id);
  }

  async receive(message: PhotoHaveMessage | PhotoChunkMessage): Promise<InboxOutcome> {
    const fetch = this.#fetches.get(message.id);
    if (!fetch) return { kind: 'not-asked' };
    fetch.lastNews = this.#now();
    if (message.type === 'photo-have') {
      if (message.manifest === null) return { kind: 'absent' };
      if (!fetch.receiver.hasManifest) {
        const size = message.manifest.size;
        const fits = () => this.#reserved + size <= this.#limits.maxBytes;
        if (!fits() && !this.#evictStale(fits, message.id)) {
          this.#fetches.delete(message.id);
          return {
            kind: 'refused',
            reason: `no room for ${size} more bytes (${this.#reserved} of ${this.#limits.maxBytes} in use); ask again later`,
          };
        }
      }
      return fetch.receiver.acceptManifest(message.manifest);
    }
    const outcome = await fetch.receiver.acceptChunkText(message.index, message.data);
    if (outcome.kind === 'complete' && this.#fetches.get(message.id) === fetch)
      this.#fetches.delete(message.id);
    return outcome;
  }

  /** Drop stale fetches, oldest first, until `isEnough`; true when it is. */
  #evictStale(isEnough: () => boolean, keep?: PhotoId): boolean {
    const cutoff = this.#now() - this.#limits.staleMs;
    const stale = [...this.#fetches.entries()]
      .filter(([id, fetch]) => id !== keep && fetch.lastNews <= cutoff)
      .sort((a, b) => a[1].lastNews - b[1].lastNews);
    for (const [id] of stale) {
      if (isEnough()) break;
      this.#fetches.delete(id);
    }
    return isEnough();
  }
}

function wantFor(receiver: PhotoReceiver): PhotoWantMessage {
  const missing = receiver.missing();
  return receiver.hasManifest && missing.length > 0
    ? { type: 'photo-want', id: receiver.id, chunks: missing }
    : { type: 'photo-want', id: receiver.id };
}
