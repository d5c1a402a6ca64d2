import type { PhotoId } from '../../domain/photo-id';
import { DEFAULT_INBOX_LIMITS, PhotoInbox, type InboxLimits } from './inbox';
import { isPhotoMessageType, parsePhotoMessage, type PhotoMessage } from './messages';
import { PhotoSender, type PhotoLink, type PhotoSource, type SenderLimits } from './sender';

// One kiosk's photo traffic with all its peers: it asks the linked kiosks for the
// photos the show uses and this kiosk lacks (one peer at a time per photo, the next
// when one does not hold it, sends bad bytes, goes quiet or leaves: chunks already
// checked are kept and only the rest asked again), keeps what arrives, and answers
// the peers' own asks while their links are otherwise idle. It sees links and the
// photo store through the small ports below; the app wires them (src/state).

/** One joined peer link, as the exchange uses it. */
export interface ExchangeLink {
  readonly peer: string;
  /** Who is at the other end, for messages: `kiosk "Curtain" (peer bk-…)`. */
  readonly label: string;
  send(message: PhotoMessage): boolean;
  /** No show message waiting on this link. */
  isIdle(): boolean;
  bufferedAmount(): number;
  /** A bad message from this peer: counted like any other. */
  bad(reason: string): void;
}

/** The kiosk's photo store. */
export interface PhotoKeeper extends PhotoSource {
  has(id: PhotoId): Promise<boolean>;
  /** Keep a received photo (its bytes match its id); throws when they are no photo a screen can show. */
  keep(id: PhotoId, bytes: Uint8Array): Promise<void>;
}

export interface ExchangeLimits {
  inbox: InboxLimits;
  sender: Partial<SenderLimits>;
  /** A fetch with no news for this long is asked again (of another peer where there is one); a photo no peer held is asked again after it too. */
  retryMs: number;
  /**
   * Photo messages sent on one link per second: a receiving kiosk counts every
   * message against its flood limits (300 a second), and the show's own must fit beside.
   */
  messagesPerSecond: number;
  /** Text of received photo messages waiting to be checked; past it they are dropped unread (and asked again later). */
  maxWaitingChars: number;
}

export const DEFAULT_EXCHANGE_LIMITS: ExchangeLimits = {
  inbox: DEFAULT_INBOX_LIMITS,
  sender: {},
  retryMs: 5_000,
  messagesPerSecond: 60,
  maxWaitingChars: 2 * 1024 * 1024,
};

export interface ExchangeStatus {
  /** Photos the show uses that are not here yet. */
  missing: number;
  /** Of those, being fetched now. */
  fetching: number;
  received: number;
  bytesReceived: number;
  /** Photo messages sent to peers, and the photo bytes in them. */
  messagesSent: number;
  bytesSent: number;
  /** Photo messages refused (not parsed, or bytes that did not match their hash). */
  refused: number;
}

export interface ExchangeEvents {
  /** A photo arrived, was checked against its id and kept. */
  stored?: (id: PhotoId) => void;
  log?: (message: string) => void;
  /**
   * Run photo work later, after whatever the kiosk has to do first (a tap to send or to
   * paint): in a browser, a background-priority task. Default: at once (tests).
   */
  defer?: (run: () => void) => void;
}

interface Peer {
  link: ExchangeLink;
  sender: PhotoSender;
  tokens: number;
  refilledAt: number;
}

/** One open fetch: which peer is asked, which said it does not hold the photo, which sent bad bytes. */
interface Asked {
  peer: string | undefined;
  absent: Set<string>;
  bad: Set<string>;
  lastNews: number;
}

const shortId = (id: string): string => `${id.slice(0, 10)}…`;

export class PhotoExchange {
  readonly #store: PhotoKeeper;
  readonly #limits: ExchangeLimits;
  readonly #now: () => number;
  readonly #events: ExchangeEvents;
  readonly #inbox: PhotoInbox;
  readonly #peers = new Map<string, Peer>();
  readonly #asked = new Map<PhotoId, Asked>();
  /** What the show uses, in the order to fetch it (on screen first). */
  #needed: PhotoId[] = [];
  readonly #held = new Set<PhotoId>();
  /** Photos no linked peer held, and since when: asked again after `retryMs` or when a link opens. */
  readonly #nobody = new Map<PhotoId, number>();
  /** Photos whose bytes are no image: never asked again on this run. */
  readonly #unusable = new Set<PhotoId>();
  #asking: Promise<void> | undefined;
  readonly #pumping = new Set<Promise<void>>();
  #askAgain = false;
  #work: Promise<void> = Promise.resolve();
  #waitingChars = 0;
  #stopped = false;
  readonly #counts = {
    received: 0,
    bytesReceived: 0,
    messagesSent: 0,
    bytesSent: 0,
    refused: 0,
  };

  constructor(
    store: PhotoKeeper,
    limits: Partial<ExchangeLimits> = {},
    events: ExchangeEvents = {},
    now: () => number = Date.now,
  ) {
    this.#store = store;
    this.#limits = { ...DEFAULT_EXCHANGE_LIMITS, ...limits };
    this.#events = events;
    this.#now = now;
    this.#inbox = new PhotoInbox(this.#limits.inbox, now);
  }

  /** Whether a sealed message of this type is a photo message (the engine's side channel asks). */
  readonly carries = (type: string): boolean => isPhotoMessageType(type);

  get status(): ExchangeStatus {
    const missing = this.#needed.filter((id) => !this.#held.has(id)).length;
    return { missing, fetching: this.#asked.size, ...this.#counts };
  }

  /** Every check and store of what arrived so far is done (tests). */
  async settled(): Promise<void> {
    for (let work = this.#work; ; work = this.#work) {
      await work;
      await this.#asking;
      await Promise.all(this.#pumping);
      if (work === this.#work && !this.#asking && this.#pumping.size === 0) return;
    }
  }

  /** The photos the show uses, most urgent first (on screen, then the running order). */
  need(ids: readonly PhotoId[]): void {
    this.#needed = [...new Set(ids)];
    const needed = new Set(this.#needed);
    // A photo no longer used (replaced, its look deleted) is not fetched on.
    for (const id of [...this.#asked.keys()]) {
      if (needed.has(id)) continue;
      this.#asked.delete(id);
      this.#inbox.drop(id);
    }
    this.#ask();
  }

  linkOpened(link: ExchangeLink): void {
    const pacing = { tokens: this.#burst, refilledAt: this.#now() };
    const peer = { link, ...pacing } as Peer;
    peer.sender = new PhotoSender(this.#paced(peer), this.#store, this.#limits.sender);
    this.#peers.set(link.peer, peer);
    // A new kiosk may hold what nobody else did, and fetches left without a peer can go on.
    this.#nobody.clear();
    for (const [id, asked] of this.#asked) if (asked.peer === undefined) this.#reask(id);
    this.#ask();
  }

  linkClosed(peerId: string): void {
    if (!this.#peers.delete(peerId)) return;
    // What it was sending is asked of another peer: only the chunks still lacking.
    for (const [id, asked] of this.#asked) if (asked.peer === peerId) this.#reask(id, peerId);
  }

  /** The link's buffer ran low: it may carry the next chunk. */
  drained(peerId: string): void {
    const peer = this.#peers.get(peerId);
    if (peer) void this.#pump(peer);
  }

  /**
   * Called a few times a second: pace the senders, ask again what went quiet, and
   * what nobody held a while ago.
   */
  tick(): void {
    if (this.#stopped) return;
    const now = this.#now();
    for (const peer of this.#peers.values())
      if (peer.sender.pending.length > 0) void this.#pump(peer);
    for (const [id, asked] of this.#asked) {
      if (now - asked.lastNews < this.#limits.retryMs) continue;
      // A peer that lacked it then may hold it now; one that sent bad bytes is not asked again.
      asked.absent.clear();
      this.#reask(id, asked.peer);
    }
    for (const [id, since] of this.#nobody)
      if (now - since >= this.#limits.retryMs) this.#nobody.delete(id);
    this.#ask();
  }

  stop(): void {
    this.#stopped = true;
    this.#peers.clear();
    this.#asked.clear();
  }

  /** A photo message from a peer, seal checked, as its JSON text. Checked one at a time, in arrival order. */
  received(peerId: string, body: string): void {
    if (this.#stopped) return;
    // Bounded: a peer that sends faster than this kiosk checks loses the surplus (asked again later).
    if (this.#waitingChars + body.length > this.#limits.maxWaitingChars) return;
    this.#waitingChars += body.length;
    this.#work = this.#work
      .then(() => this.#later())
      .then(() => this.#handle(peerId, body))
      .catch((error: unknown) =>
        this.#log(`a photo message could not be handled: ${String(error)}`),
      )
      .finally(() => {
        this.#waitingChars -= body.length;
      });
  }

  async #handle(peerId: string, body: string): Promise<void> {
    const peer = this.#peers.get(peerId);
    if (!peer || this.#stopped) return;
    const parsed = parsePhotoMessage(body);
    if (!parsed.ok)
      return this.#refuse(peer, `photo message from ${peer.link.label}: ${parsed.reason}`);
    const message = parsed.message;
    if (message.type === 'photo-want') {
      peer.sender.want(message);
      void this.#pump(peer);
      return;
    }
    const asked = this.#asked.get(message.id);
    const outcome = await this.#inbox.receive(message);
    const now = this.#now();
    switch (outcome.kind) {
      case 'not-asked':
      case 'duplicate':
        return;
      case 'absent':
        if (!asked) return;
        asked.absent.add(peerId);
        return this.#reask(message.id, peerId);
      case 'manifest':
      case 'chunk':
        if (asked) asked.lastNews = now;
        return;
      case 'refused': {
        if (!this.#inbox.open.includes(message.id)) {
          // No room for it now (the inbox is full of large photos): asked again later.
          this.#asked.delete(message.id);
          this.#nobody.set(message.id, now);
          return;
        }
        this.#refuse(
          peer,
          `${message.type} from ${peer.link.label}: photo ${shortId(message.id)}: ${outcome.reason}`,
        );
        if (!asked) return;
        asked.bad.add(peerId);
        return this.#reask(message.id, peerId);
      }
      case 'complete':
        this.#asked.delete(message.id);
        await this.#keep(message.id, outcome.bytes, peer);
        this.#ask();
        return;
    }
  }

  async #keep(id: PhotoId, bytes: Uint8Array, from: Peer): Promise<void> {
    try {
      await this.#store.keep(id, bytes);
    } catch (error) {
      this.#unusable.add(id);
      this.#log(
        `photo ${shortId(id)} from ${from.link.label} was not kept: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    this.#held.add(id);
    this.#counts.received += 1;
    this.#counts.bytesReceived += bytes.length;
    this.#events.stored?.(id);
  }

  #refuse(peer: Peer, reason: string): void {
    this.#counts.refused += 1;
    peer.link.bad(reason);
  }

  /** Open fetches for what is needed and lacking, as far as the inbox has room. One round at a time. */
  #ask(): void {
    if (this.#stopped) return;
    if (this.#asking) {
      this.#askAgain = true;
      return;
    }
    this.#asking = (async () => {
      do {
        this.#askAgain = false;
        await this.#askRound();
      } while (this.#askAgain && !this.#stopped);
    })()
      .catch((error: unknown) => this.#log(`asking for photos failed: ${String(error)}`))
      .finally(() => {
        this.#asking = undefined;
      });
  }

  async #askRound(): Promise<void> {
    for (const id of this.#needed) {
      if (this.#asked.size >= this.#limits.inbox.maxOpen || this.#peers.size === 0) return;
      if (this.#held.has(id) || this.#asked.has(id) || this.#unusable.has(id)) continue;
      if (this.#nobody.has(id)) continue;
      // Taken or restored here since it was listed: nothing to ask.
      if (await this.#store.has(id)) {
        this.#held.add(id);
        continue;
      }
      if (this.#stopped || this.#asked.has(id) || !this.#needed.includes(id)) continue;
      const asked: Asked = { peer: undefined, absent: new Set(), bad: new Set(), lastNews: 0 };
      const peer = this.#pick(asked);
      if (!peer) {
        this.#nobody.set(id, this.#now());
        continue;
      }
      const want = this.#inbox.want(id);
      if (want === 'busy') return;
      asked.peer = peer.link.peer;
      asked.lastNews = this.#now();
      this.#asked.set(id, asked);
      peer.link.send(want);
    }
  }

  /**
   * Ask for an open fetch again, of another peer than `avoid` where there is one
   * (the same one when it is the only one left): a resume lists only the chunks
   * still lacking. With no peer left, a fetch that has chunks waits for one; one
   * without is let go and asked again later.
   */
  #reask(id: PhotoId, avoid?: string): void {
    const asked = this.#asked.get(id);
    if (!asked) return;
    const peer = this.#pick(asked, avoid);
    const now = this.#now();
    if (!peer) {
      if (this.#inbox.hasStarted(id)) {
        asked.peer = undefined;
        asked.lastNews = now;
      } else {
        this.#asked.delete(id);
        this.#inbox.drop(id);
        this.#nobody.set(id, now);
        this.#ask();
      }
      return;
    }
    const want = this.#inbox.want(id);
    if (want === 'busy') return;
    asked.peer = peer.link.peer;
    asked.lastNews = now;
    peer.link.send(want);
  }

  /** The peer to ask: one that did not say it lacks the photo nor sent bad bytes, the least busy first. */
  #pick(asked: Asked, avoid?: string): Peer | undefined {
    const candidates = [...this.#peers.values()].filter(
      (peer) => !asked.absent.has(peer.link.peer) && !asked.bad.has(peer.link.peer),
    );
    const others = candidates.filter((peer) => peer.link.peer !== avoid);
    const pool = others.length > 0 ? others : candidates;
    const load = (peer: Peer) =>
      [...this.#asked.values()].filter((a) => a.peer === peer.link.peer).length;
    return pool.sort((a, b) => load(a) - load(b))[0];
  }

  /** The link as the sender sees it: idle also means within this link's message rate. */
  #paced(peer: Peer): PhotoLink {
    return {
      isIdle: () => {
        this.#refill(peer);
        return peer.tokens >= 1 && peer.link.isIdle();
      },
      get bufferedAmount() {
        return peer.link.bufferedAmount();
      },
      send: (message) => {
        peer.tokens -= 1;
        this.#counts.messagesSent += 1;
        if (message.type === 'photo-chunk')
          this.#counts.bytesSent += Math.floor((message.data.length * 3) / 4);
        peer.link.send(message);
      },
    };
  }

  /** Messages a link may send at once: a tenth of a second's worth. */
  get #burst(): number {
    return Math.max(1, this.#limits.messagesPerSecond / 10);
  }

  #refill(peer: Peer): void {
    const now = this.#now();
    const rate = this.#limits.messagesPerSecond;
    peer.tokens = Math.min(this.#burst, peer.tokens + ((now - peer.refilledAt) * rate) / 1000);
    peer.refilledAt = now;
  }

  /** Resolves when the kiosk has nothing more urgent to do (see `defer`). */
  #later(): Promise<void> {
    const defer = this.#events.defer;
    return defer ? new Promise((resolve) => defer(resolve)) : Promise.resolve();
  }

  #pump(peer: Peer): Promise<void> {
    if (this.#stopped || this.#peers.get(peer.link.peer) !== peer) return Promise.resolve();
    const pumping = this.#later()
      .then(() => (this.#stopped ? 0 : peer.sender.pump()))
      .then(() => {})
      .catch((error: unknown) =>
        this.#log(`sending photos to ${peer.link.label} failed: ${String(error)}`),
      )
      .finally(() => this.#pumping.delete(pumping));
    this.#pumping.add(pumping);
    return pumping;
  }

  #log(message: string): void {
    this.#events.log?.(message);
  }
}
