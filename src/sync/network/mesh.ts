import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { browserNetworkBack, type NetworkBack } from './network-back';
import type { PeerId, Transport } from './transport';

// Who to keep a link with, and when to dial again. Every kiosk of a show links to
// every other (a show has a handful of kiosks, so a full mesh is cheap and survives
// any one of them dying). The peers come from the PeerServer's listing, the join
// link's inviter and the show's kiosk roster; the transport only moves messages.

export interface MeshOptions {
  backoff?: Partial<BackoffOptions>;
  /** A link that lasted this long was a good one: the next loss is re-dialled at once. */
  stableMs?: number;
  /** The higher id of a pair waits this long before its first dial, so both seldom dial at once. */
  politeMs?: number;
  tickMs?: number;
  now?: () => number;
  /** When the device's network comes back, every peer without a link is dialled at once. */
  networkBack?: NetworkBack;
}

interface Known {
  attempt: number;
  nextAt: number;
  linkedAt: number | undefined;
}

export class Mesh {
  readonly #transport: Transport;
  readonly #known = new Map<PeerId, Known>();
  /** The peers of the show in the PeerServer's last listing. */
  #listed = new Set<PeerId>();
  readonly #offs: Array<() => void> = [];
  readonly #backoff: BackoffOptions;
  readonly #stableMs: number;
  readonly #politeMs: number;
  readonly #tickMs: number;
  readonly #now: () => number;
  readonly #networkBack: NetworkBack;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Dials made, for tests and the status panel. */
  dials = 0;

  constructor(transport: Transport, options: MeshOptions = {}) {
    this.#transport = transport;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#stableMs = options.stableMs ?? 5000;
    this.#politeMs = options.politeMs ?? 1500;
    this.#tickMs = options.tickMs ?? 250;
    this.#now = options.now ?? (() => Date.now());
    this.#networkBack = options.networkBack ?? browserNetworkBack;
  }

  start(): void {
    if (this.#timer) return;
    const transport = this.#transport;
    this.#offs.push(
      transport.on('discovered', (peers) => this.#discovered(peers)),
      transport.on('peer-joined', (peer) => {
        const known = this.#entry(peer);
        known.linkedAt = this.#now();
      }),
      transport.on('peer-left', (peer) => {
        const known = this.#known.get(peer);
        if (!known) return;
        const now = this.#now();
        const wasStable = known.linkedAt !== undefined && now - known.linkedAt >= this.#stableMs;
        known.linkedAt = undefined;
        if (wasStable) known.attempt = 0;
        known.nextAt = now + backoffDelay(known.attempt++, this.#backoff);
      }),
      this.#networkBack(() => this.redialNow()),
    );
    this.#timer = setInterval(() => this.tick(), this.#tickMs);
    this.tick();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const off of this.#offs.splice(0)) off();
  }

  /**
   * Peers of the show to keep a link with (roster, seeds, discovery). Unknown ones are
   * dialled soon; `isReturning`: peers this kiosk was linked to before it was closed,
   * dialled at once (they do not know it is back, so waiting to be called is slow).
   */
  add(peers: Iterable<PeerId>, { isReturning = false }: { isReturning?: boolean } = {}): void {
    let isNew = false;
    for (const peer of peers) {
      if (peer === this.#transport.self || this.#known.has(peer)) continue;
      this.#entry(peer, isReturning);
      isNew = true;
    }
    if (isNew && this.#timer) this.tick();
  }

  /**
   * The PeerServer's listing. A known kiosk that is listed again after it was not (it was
   * closed, rebooted, or lost the server) is there right now: dial it at the next tick
   * instead of waiting out a backoff that grew while it was away.
   */
  #discovered(peers: readonly PeerId[]): void {
    const listed = new Set(peers);
    const now = this.#now();
    for (const peer of listed) {
      const known = this.#known.get(peer);
      // attempt 0: never dialled yet, or just waiting out the polite delay.
      if (!known || this.#listed.has(peer) || known.linkedAt !== undefined || known.attempt === 0)
        continue;
      known.attempt = 0;
      known.nextAt = Math.min(known.nextAt, now);
    }
    this.#listed = listed;
    this.add(peers);
  }

  /**
   * Dial every known peer without a link now, and start their backoff over: the
   * network is back (the waits grew while nothing could be reached).
   */
  redialNow(): void {
    const now = this.#now();
    for (const known of this.#known.values()) {
      if (known.linkedAt !== undefined) continue;
      known.attempt = 0;
      known.nextAt = now;
    }
    if (this.#timer) this.tick();
  }

  /** Dial every known peer that has no link and is due. */
  tick(): void {
    const now = this.#now();
    const linked = this.#transport.connectedPeers;
    for (const [peer, known] of this.#known) {
      if (linked.has(peer) || now < known.nextAt) continue;
      this.dials += 1;
      this.#transport.dial(peer);
      // If this dial goes nowhere, the next one waits longer; a peer-joined makes this moot.
      known.nextAt = now + backoffDelay(known.attempt++, this.#backoff);
    }
  }

  #entry(peer: PeerId, isReturning = false): Known {
    let known = this.#known.get(peer);
    if (!known) {
      const isPolite = this.#transport.self > peer && !isReturning;
      known = {
        attempt: 0,
        nextAt: this.#now() + (isPolite ? this.#politeMs : 0),
        linkedAt: undefined,
      };
      this.#known.set(peer, known);
    }
    return known;
  }
}
