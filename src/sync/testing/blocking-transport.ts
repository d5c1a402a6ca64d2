import { Emitter } from '../network/emitter';
import type { ChannelBinding, PeerId, Transport, TransportEvents } from '../network/transport';

// A network partition on one machine, where loopback WebRTC ignores "offline": wrap
// the transport, and blocked peers are neither dialled, nor heard, nor linked. The
// app's test hooks (`sync.partition`, `sync.heal`) and the tests use it; the real
// transports and the mesh know nothing of it.

export class BlockingTransport implements Transport {
  readonly #inner: Transport;
  readonly #events = new Emitter<TransportEvents>((error) =>
    console.error('a transport listener threw', error),
  );
  readonly #blocked = new Set<PeerId>();
  /** Links passed on as joined (a blocked peer's link is hung up unseen). */
  readonly #joined = new Set<PeerId>();
  /** The inner transport's last listing, blocked peers included. */
  #listed: PeerId[] = [];

  constructor(inner: Transport) {
    this.#inner = inner;
    inner.on('peer-joined', (peer) => {
      if (this.#blocked.has(peer)) return inner.hangUp(peer);
      this.#joined.add(peer);
      this.#events.emit('peer-joined', peer);
    });
    inner.on('peer-left', (peer) => {
      if (this.#joined.delete(peer)) this.#events.emit('peer-left', peer);
    });
    inner.on('message', (peer, message) => {
      if (!this.#blocked.has(peer)) this.#events.emit('message', peer, message);
    });
    inner.on('refused', (peer, why) => {
      if (!this.#blocked.has(peer)) this.#events.emit('refused', peer, why);
    });
    inner.on('drained', (peer) => {
      if (!this.#blocked.has(peer)) this.#events.emit('drained', peer);
    });
    inner.on('discovered', (peers) => {
      this.#listed = peers;
      this.#events.emit(
        'discovered',
        peers.filter((peer) => !this.#blocked.has(peer)),
      );
    });
  }

  get self(): PeerId {
    return this.#inner.self;
  }

  get connectedPeers(): ReadonlySet<PeerId> {
    return new Set([...this.#inner.connectedPeers].filter((peer) => !this.#blocked.has(peer)));
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  stop(): Promise<void> {
    return this.#inner.stop();
  }

  dial(peer: PeerId): void {
    if (!this.#blocked.has(peer)) this.#inner.dial(peer);
  }

  channelBinding(peer: PeerId): Promise<ChannelBinding | undefined> {
    return this.#inner.channelBinding(peer);
  }

  hangUp(peer: PeerId): void {
    this.#inner.hangUp(peer);
  }

  joined(peer: PeerId): void {
    this.#inner.joined(peer);
  }

  send(peer: PeerId, message: unknown): boolean {
    return !this.#blocked.has(peer) && this.#inner.send(peer, message);
  }

  bufferedAmount(peer: PeerId): number {
    return this.#inner.bufferedAmount?.(peer) ?? 0;
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  /** Refuse links with these peers and drop the open ones. */
  block(peers: Iterable<PeerId>): void {
    for (const peer of peers) {
      this.#blocked.add(peer);
      this.#inner.hangUp(peer);
    }
  }

  /**
   * End the partition. The peers are listed again at once, as a kiosk that comes back
   * is, so the mesh dials them now rather than after the backoff it grew meanwhile.
   */
  unblock(): void {
    const unblocked = [...this.#blocked];
    this.#blocked.clear();
    this.#events.emit('discovered', [...new Set([...this.#listed, ...unblocked])]);
  }
}
