import type { ConnectionLike, PeerFactory, PeerLike } from '../network/peerjs/peerjs-api';

// An in-memory stand-in for PeerJS and its PeerServer, for unit tests of the
// PeerJS transport: ids registered at a "server", offers that reach only
// registered peers, data delivered asynchronously and in order, the 16 300-byte
// cap of PeerJS JSON connections, and switches to take the server down.

type Listener = (...args: never[]) => void;

class Events {
  readonly #listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  protected emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }
}

const later = (action: () => void) => setTimeout(action, 0);
const PEERJS_JSON_LIMIT = 16_300;

export class FakeConnection extends Events implements ConnectionLike {
  open = false;
  closed = false;
  other: FakeConnection | undefined;
  readonly serialization = 'json';
  /** Frames this end sent, as the other end received them. */
  readonly sent: unknown[] = [];
  constructor(
    readonly peer: string,
    readonly metadata: unknown,
    private readonly network: FakePeerServer,
    /** Whether this end dialled (connect) rather than answered. */
    readonly isDialled: boolean,
  ) {
    super();
  }
  /** This end's certificate fingerprint, made up: a fresh one per connection end, as browsers do. */
  readonly fingerprint = `sha-256 ${Array.from({ length: 32 }, () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0')
      .toUpperCase(),
  ).join(':')}`;
  /** Just the SDPs' fingerprint lines, which is what the transport reads of the connection. */
  get peerConnection(): RTCPeerConnection {
    const sdp = (end: FakeConnection | undefined) =>
      end ? { sdp: `v=0\r\na=fingerprint:${end.fingerprint}\r\n` } : null;
    return {
      localDescription: sdp(this),
      remoteDescription: sdp(this.other),
    } as unknown as RTCPeerConnection;
  }
  send(data: unknown): void {
    if (!this.open) return;
    const text = JSON.stringify(data);
    if (new TextEncoder().encode(text).length >= PEERJS_JSON_LIMIT) {
      this.emit('error', { type: 'message-too-big', message: 'Message too big for JSON channel' });
      return;
    }
    const other = this.other;
    this.sent.push(JSON.parse(text));
    if (this.network.isCut(this, other)) return;
    later(() => {
      if (other?.open) other.fire('data', JSON.parse(text));
    });
  }
  close(): void {
    this.closed = true;
    if (!this.open) return;
    this.open = false;
    this.emit('close');
    const other = this.other;
    later(() => other?.closeFromRemote());
  }
  closeFromRemote(): void {
    this.closed = true;
    if (!this.open) return;
    this.open = false;
    this.emit('close');
  }
  fire(event: string, ...args: unknown[]): void {
    this.emit(event, ...args);
  }
}

export class FakePeer extends Events implements PeerLike {
  open = false;
  disconnected = false;
  destroyed = false;
  readonly connections: FakeConnection[] = [];
  constructor(
    readonly id: string,
    private readonly server: FakePeerServer,
  ) {
    super();
    later(() => this.server.register(this));
  }
  connect(peer: string, options: { metadata: unknown }): FakeConnection | undefined {
    if (this.disconnected || this.destroyed) return undefined;
    const mine = new FakeConnection(peer, options.metadata, this.server, true);
    this.connections.push(mine);
    later(() => this.server.offer(this, mine, options.metadata));
    return mine;
  }
  reconnect(): void {
    if (this.destroyed) throw new Error('destroyed');
    if (!this.disconnected) throw new Error('not disconnected');
    this.disconnected = false;
    later(() => this.server.register(this));
  }
  destroy(): void {
    if (this.destroyed) return;
    this.disconnect();
    for (const conn of this.connections) conn.close();
    this.destroyed = true;
    this.emit('close');
  }
  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.open = false;
    this.server.unregister(this);
    this.emit('disconnected', this.id);
  }
  fire(event: string, ...args: unknown[]): void {
    this.emit(event, ...args);
  }
}

export class FakePeerServer {
  readonly peers = new Map<string, FakePeer>();
  isUp = true;
  /** Ids still held by a gone client (after a reload): a new Peer with one is refused. */
  readonly heldIds = new Set<string>();
  /** Pairs of peer ids whose data does not get through (a silent network failure). */
  readonly cuts = new Set<string>();
  created = 0;

  readonly factory: PeerFactory = async (id) => {
    this.created += 1;
    return new FakePeer(id, this);
  };

  register(peer: FakePeer): void {
    if (peer.destroyed || peer.disconnected) return;
    if (!this.isUp) {
      peer.fire('error', { type: 'network', message: 'Lost connection to server.' });
      if (peer.open || this.everOpened.has(peer)) peer.disconnect();
      else peer.destroy();
      return;
    }
    if (
      this.heldIds.has(peer.id) ||
      (this.peers.has(peer.id) && this.peers.get(peer.id) !== peer)
    ) {
      peer.fire('error', { type: 'unavailable-id', message: `ID "${peer.id}" is taken` });
      if (this.everOpened.has(peer)) peer.disconnect();
      else peer.destroy();
      return;
    }
    this.peers.set(peer.id, peer);
    this.everOpened.add(peer);
    peer.open = true;
    peer.fire('open', peer.id);
  }
  private readonly everOpened = new WeakSet<FakePeer>();

  unregister(peer: FakePeer): void {
    if (this.peers.get(peer.id) === peer) this.peers.delete(peer.id);
  }

  offer(from: FakePeer, mine: FakeConnection, metadata: unknown): void {
    const target = this.peers.get(mine.peer);
    if (!this.isUp || !target || !target.open) {
      from.fire('error', {
        type: 'peer-unavailable',
        message: `Could not connect to peer ${mine.peer}`,
      });
      return;
    }
    const theirs = new FakeConnection(from.id, metadata, this, false);
    theirs.other = mine;
    mine.other = theirs;
    target.connections.push(theirs);
    target.fire('connection', theirs);
    later(() => {
      if (from.destroyed || target.destroyed) return;
      // Either end may have closed it before it opened.
      if (mine.closed || theirs.closed) return;
      mine.open = true;
      theirs.open = true;
      theirs.fire('open');
      mine.fire('open');
    });
  }

  /** The server goes away: every client loses its signalling socket (links stay). */
  down(): void {
    this.isUp = false;
    for (const peer of [...this.peers.values()]) {
      peer.fire('error', { type: 'network', message: 'Lost connection to server.' });
      peer.disconnect();
    }
    this.peers.clear();
  }

  up(): void {
    this.isUp = true;
  }

  cut(a: string, b: string): void {
    this.cuts.add([a, b].sort().join('|'));
  }

  isCut(from: FakeConnection, to: FakeConnection | undefined): boolean {
    if (!to) return true;
    return this.cuts.has([from.peer, to.peer].sort().join('|'));
  }

  /** The listing a PeerServer with `allow_discovery` answers. */
  list(): string[] {
    return [...this.peers.keys()];
  }
}
