import { DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import { Emitter } from '../emitter';
import { browserNetworkBack, type NetworkBack } from '../network-back';
import { peerIdFor, showPrefix, siteOfPeer } from '../../../domain/peer-ids';
import type { ChannelBinding, PeerId, Transport, TransportEvents } from '../transport';
import { dtlsBinding } from './channel-binding';
import { PEER_PATH, peersListUrl, serverFromOrigin, type PeerServerAddress } from './address';
import { isBetter, keepsOwnDial } from './dial-races';
import { Discovery, type Fetch } from './discovery';
import {
  assemble,
  FRAME_VERSION,
  framesOf,
  isRecord,
  isTime,
  parseJson,
  type Assembly,
  type Frame,
} from './frames';
import { beat } from './heartbeat';
import { JoinGate } from '../join-gate';
import { peerjsFactory, type ConnectionLike, type PeerFactory } from './peerjs-api';
import { Signalling, type SignallingStatus } from './signalling';

// The device transport: WebRTC data channels between kiosks, brokered by a
// PeerServer. Everything PeerJS-specific lives in this folder; the engine above it
// only sees the Transport interface. This file keeps the links; its neighbours each
// do one job: the peer-id scheme, the PeerServer address, frames and fragments,
// signalling, discovery, dial races and the heartbeat.

/** One heartbeat round trip: `t0` sent and `t2` back on this kiosk's clock, `t1` the peer's clock when it answered. */
export interface HeartbeatSample {
  t0: number;
  t1: number;
  t2: number;
}

export interface PeerjsTransportEvents {
  [event: string]: (...args: never[]) => void;
  status: (status: SignallingStatus) => void;
  /** Whether the PeerServer lists peers, once it answered the first time (and on change). */
  discovery: (isSupported: boolean) => void;
  /** Only from a joined link: a stranger must not move this kiosk's clock estimate. */
  heartbeat: (peer: PeerId, sample: HeartbeatSample) => void;
}

export interface PeerjsTransportOptions {
  showId: string;
  siteId: string;
  /** Default: the PeerServer at `/peerjs` on the page's origin. */
  server?: PeerServerAddress;
  /** Default none: a venue LAN has no STUN/TURN, and host candidates are all it needs. */
  iceServers?: RTCIceServer[];
  heartbeatMs?: number;
  /** A link with nothing heard for this long is dropped (a closed page is otherwise noticed after tens of seconds). */
  silenceMs?: number;
  /** A connection not open after this long is given up. */
  openTimeoutMs?: number;
  /** How often to ask the PeerServer for the peers of the show, when it lists them. */
  discoveryMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** The clock a heartbeat answer carries (the show clock), for offset estimation. */
  clock?: () => number;
  createPeer?: PeerFactory;
  fetch?: Fetch;
  log?: (message: string, detail?: unknown) => void;
  /** Default: the browser's `online` event (signalling.ts). */
  networkBack?: NetworkBack;
}

export interface TransportStats {
  /** Errors by kind (PeerJS error types, `send`, `discovery`...). */
  errors: Record<string, number>;
  /** Frames that were not ours (unknown shape, broken fragments): dropped, never passed on. */
  badFrames: number;
  /** Links dropped because the peer went silent. */
  silentDrops: number;
  /** Connections refused: another show, a second link. */
  refused: number;
  /** JSON characters of engine messages sent and received. */
  sentChars: number;
  receivedChars: number;
  signallingReconnects: number;
}

interface Link {
  conn: ConnectionLike;
  isDialledBySelf: boolean;
  lastHeard: number;
  since: number;
  remoteSession?: string;
  assembly?: Assembly;
  /** What is passed on before the engine joined the link: a message as parsed by PeerJS, or fragments' text. */
  gate: JoinGate<Arrived>;
}

/** A message off a link: one frame's content (PeerJS parsed it, at most 16 KB), or fragments' JSON not yet read. */
type Arrived = { message: unknown } | { text: string };

interface Pending {
  peer: PeerId;
  isDialledBySelf: boolean;
  startedAt: number;
  remoteSession?: string;
  /** The dialler's id for this attempt (in the metadata), so a refusal can name it later. */
  dialId?: string;
}

/** A data channel holding no more than this is low: the heartbeat's few bytes, no more. */
const DRAIN_THRESHOLD = 1024;

const monotonic = (): number =>
  typeof performance !== 'undefined' ? performance.now() : Date.now();

/**
 * A Transport over PeerJS data connections (reliable, JSON). One link per pair of
 * kiosks, a heartbeat that drops a silent peer within seconds, signalling that
 * reconnects with backoff, and discovery of the show's peers when the PeerServer
 * lists them. Errors are logged and counted, never thrown at the app.
 */
export class PeerjsTransport implements Transport {
  readonly self: PeerId;
  readonly prefix: string;
  readonly server: PeerServerAddress;
  readonly stats: TransportStats = {
    errors: {},
    badFrames: 0,
    silentDrops: 0,
    refused: 0,
    sentChars: 0,
    receivedChars: 0,
    signallingReconnects: 0,
  };
  readonly #events = new Emitter<TransportEvents>((error) =>
    this.#log('a transport listener threw', error),
  );
  readonly #extra = new Emitter<PeerjsTransportEvents>((error) =>
    this.#log('a transport listener threw', error),
  );
  readonly #links = new Map<PeerId, Link>();
  readonly #pending = new Map<ConnectionLike, Pending>();
  readonly #dead = new WeakSet<ConnectionLike>();
  readonly #queuedDials = new Set<PeerId>();
  /**
   * The last dial of each peer that this kiosk closed before it opened (a glare loser, a stop...).
   * PeerJS does not tell the dialler when the other side closes an unopened connection, so its
   * dial would sit there until the open timeout and, being older, win the glare rule against
   * this kiosk's own dial back: this kiosk's next dial names the refused one, and the peer drops it.
   */
  readonly #refusedDials = new Map<PeerId, string>();
  #dialCounter = 0;
  /** Random per start: tells a peer that restarted (new session) from a second link of the same one. */
  #session = '';
  readonly #signalling: Signalling;
  readonly #discovery: Discovery;
  #isRunning = false;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #fragmentId = 0;
  #onStarted: (() => void) | undefined;
  readonly #opts: Required<Omit<PeerjsTransportOptions, 'server' | 'backoff' | 'fetch'>> & {
    backoff: BackoffOptions;
    fetch: NonNullable<PeerjsTransportOptions['fetch']>;
  };

  constructor(options: PeerjsTransportOptions) {
    this.self = peerIdFor(options.showId, options.siteId);
    this.prefix = showPrefix(options.showId);
    this.server =
      options.server ??
      (typeof location !== 'undefined'
        ? serverFromOrigin(location)
        : { host: 'localhost', port: 4173, path: PEER_PATH, secure: false, key: 'peerjs' });
    this.#opts = {
      showId: options.showId,
      siteId: options.siteId,
      iceServers: options.iceServers ?? [],
      heartbeatMs: options.heartbeatMs ?? 1000,
      silenceMs: options.silenceMs ?? 3000,
      openTimeoutMs: options.openTimeoutMs ?? 10_000,
      discoveryMs: options.discoveryMs ?? 3000,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      clock: options.clock ?? (() => Date.now()),
      createPeer: options.createPeer ?? peerjsFactory,
      fetch: options.fetch ?? ((url) => fetch(url, { cache: 'no-store' })),
      log: options.log ?? ((message, detail) => console.warn(`[sync] ${message}`, detail ?? '')),
      networkBack: options.networkBack ?? browserNetworkBack,
    };
    this.#signalling = new Signalling({
      id: this.self,
      server: this.server,
      iceServers: this.#opts.iceServers,
      backoff: this.#opts.backoff,
      createPeer: this.#opts.createPeer,
      opened: () => this.#signallingOpened(),
      connection: (conn) => this.#incoming(conn),
      error: (type, message) => this.#signallingError(type, message),
      status: (status) => this.#extra.emit('status', status),
      failed: (kind, detail) => this.#count(kind, detail),
      reconnecting: () => (this.stats.signallingReconnects += 1),
      networkBack: this.#opts.networkBack,
    });
    this.#discovery = new Discovery({
      url: () => peersListUrl(this.server),
      everyMs: this.#opts.discoveryMs,
      fetch: this.#opts.fetch,
      isUp: () => this.#signalling.status === 'up',
      isWanted: (id) => id !== this.self && this.#isOurs(id),
      found: (peers) => this.#events.emit('discovered', peers),
      supported: (isSupported) => this.#extra.emit('discovery', isSupported),
      failed: (detail) => this.#count('discovery', detail),
    });
  }

  // ---- Transport ----

  get connectedPeers(): ReadonlySet<PeerId> {
    return new Set(this.#links.keys());
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  /** Status and heartbeat samples: for the UI and the show clock, not part of Transport. */
  onExtra<E extends keyof PeerjsTransportEvents>(
    event: E,
    listener: PeerjsTransportEvents[E],
  ): () => void {
    return this.#extra.on(event, listener);
  }

  get status(): SignallingStatus {
    return this.#signalling.status;
  }

  start(): Promise<void> {
    if (this.#isRunning) return Promise.resolve();
    this.#isRunning = true;
    this.#session = Math.random().toString(36).slice(2, 12);
    this.#discovery.start();
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), this.#opts.heartbeatMs);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.#onPageHide);
    const started = new Promise<void>((resolve) => (this.#onStarted = resolve));
    this.#signalling.start();
    return started;
  }

  async stop(): Promise<void> {
    if (!this.#isRunning) return;
    this.#isRunning = false;
    clearInterval(this.#heartbeatTimer);
    this.#discovery.stop();
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.#onPageHide);
    for (const conn of [...this.#pending.keys()]) this.#drop(conn);
    for (const link of [...this.#links.values()]) this.#drop(link.conn);
    this.#queuedDials.clear();
    this.#refusedDials.clear();
    this.#signalling.stop();
    this.#onStarted?.();
    this.#onStarted = undefined;
  }

  dial(peer: PeerId): void {
    if (!this.#isRunning || peer === this.self) return;
    if (!this.#isOurs(peer)) {
      this.#count('dial-foreign');
      return;
    }
    if (this.#links.has(peer) || this.#hasPendingTo(peer)) return;
    const signalling = this.#signalling.peer;
    if (!signalling || !signalling.open) {
      // Offers sent before the signalling socket is open are lost: dial once it is.
      this.#queuedDials.add(peer);
      return;
    }
    let conn: ConnectionLike | undefined;
    const dialId = `${this.#session}.${++this.#dialCounter}`;
    const refused = this.#refusedDials.get(peer);
    const metadata = {
      session: this.#session,
      v: FRAME_VERSION,
      dial: dialId,
      ...(refused ? { refused } : {}),
    };
    this.#try('connect', () => {
      conn = signalling.connect(peer, { reliable: true, serialization: 'json', metadata });
    });
    if (!conn) return;
    this.#pending.set(conn, { peer, isDialledBySelf: true, startedAt: monotonic(), dialId });
    this.#watch(conn, peer);
  }

  hangUp(peer: PeerId): void {
    this.#queuedDials.delete(peer);
    for (const [conn, pending] of [...this.#pending]) if (pending.peer === peer) this.#drop(conn);
    const link = this.#links.get(peer);
    if (link) this.#drop(link.conn);
  }

  joined(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (!link) return;
    for (const arrived of link.gate.join()) {
      if (this.#links.get(peer) !== link) return; // a listener hung up on what came first
      this.#pass(link, peer, arrived);
    }
  }

  channelBinding(peer: PeerId): Promise<ChannelBinding | undefined> {
    const link = this.#links.get(peer);
    return link ? dtlsBinding(link.conn.peerConnection) : Promise.resolve(undefined);
  }

  send(peer: PeerId, message: unknown): boolean {
    const link = this.#links.get(peer);
    if (!link || !link.conn.open) return false;
    let text: string | undefined;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      this.#count('send', error);
      return false;
    }
    if (text === undefined) return false;
    const frames = framesOf(message, text, () => ++this.#fragmentId);
    for (const frame of frames) if (!this.#write(link, frame)) return false;
    this.stats.sentChars += text.length;
    return true;
  }

  bufferedAmount(peer: PeerId): number {
    const conn = this.#links.get(peer)?.conn;
    return (conn?.dataChannel?.bufferedAmount ?? 0) + (conn?.bufferSize ?? 0) * DRAIN_THRESHOLD;
  }

  /** `drained` when the channel's buffer runs low (a side stream sends its next piece then). */
  #watchBuffer(conn: ConnectionLike, peer: PeerId): void {
    const channel = conn.dataChannel;
    if (!channel) return;
    this.#try('buffer', () => {
      channel.bufferedAmountLowThreshold = DRAIN_THRESHOLD;
      channel.addEventListener('bufferedamountlow', () => {
        if (this.#links.get(peer)?.conn === conn) this.#events.emit('drained', peer);
      });
    });
  }

  // ---- signalling and discovery ----

  #signallingOpened(): void {
    this.#onStarted?.();
    this.#onStarted = undefined;
    const queued = [...this.#queuedDials];
    this.#queuedDials.clear();
    for (const id of queued) this.dial(id);
    this.#discovery.poll(true);
  }

  #signallingError(type: string, message: string | undefined): void {
    this.#count(type, message);
    // The dialled kiosk is not at the PeerServer: give up that dial now, the mesh retries.
    if (type === 'peer-unavailable') {
      const id = /peer (\S+)$/.exec(message ?? '')?.[1];
      for (const [conn, pending] of [...this.#pending])
        if (pending.peer === id && pending.isDialledBySelf) this.#drop(conn);
    }
  }

  readonly #onPageHide = (): void => {
    // Tell the PeerServer and the peers now rather than let them time out.
    for (const link of [...this.#links.values()]) this.#drop(link.conn);
    this.#signalling.pageHidden();
  };

  /** Whether the PeerServer lists peers: undefined until asked. */
  get isDiscoverySupported(): boolean | undefined {
    return this.#discovery.isSupported;
  }

  // ---- connections ----

  #isOurs(peer: string): boolean {
    return siteOfPeer(peer, this.#opts.showId) !== undefined;
  }

  /** A connection to `peer` is being opened, by either side. */
  #hasPendingTo(peer: PeerId): boolean {
    for (const pending of this.#pending.values()) if (pending.peer === peer) return true;
    return false;
  }

  #incoming(conn: ConnectionLike): void {
    const peer = conn.peer as PeerId;
    const metadata = isRecord(conn.metadata) ? conn.metadata : {};
    const dialId =
      typeof metadata.dial === 'string' && metadata.dial.length <= 64 ? metadata.dial : undefined;
    const refuse = () => {
      this.stats.refused += 1;
      this.#dead.add(conn);
      if (dialId && this.#isOurs(peer)) this.#refusedDials.set(peer, dialId);
      this.#try('close', () => conn.close());
    };
    if (!this.#isRunning || !this.#isOurs(peer) || conn.serialization !== 'json') return refuse();
    const remoteSession = typeof metadata.session === 'string' ? metadata.session : undefined;
    const refusedByThem = typeof metadata.refused === 'string' ? metadata.refused : undefined;
    for (const [mine, pending] of [...this.#pending]) {
      if (pending.peer !== peer || !pending.isDialledBySelf) continue;
      // The peer closed that dial of ours unopened (it was stopping, or restarting): it will never
      // open. Drop it now rather than at the open timeout, and take the peer's dial.
      if (refusedByThem !== undefined && pending.dialId === refusedByThem) {
        this.#drop(mine);
        continue;
      }
      // Both dialled at once: both keep the same one (see dial-races.ts).
      if (keepsOwnDial(this.self, peer)) return refuse();
      this.#drop(mine);
    }
    this.#pending.set(conn, {
      peer,
      isDialledBySelf: false,
      startedAt: monotonic(),
      remoteSession,
      dialId,
    });
    this.#watch(conn, peer);
  }

  #watch(conn: ConnectionLike, peer: PeerId): void {
    conn.on('open', () => this.#opened(conn));
    conn.on('data', (data) => this.#received(conn, peer, data));
    conn.on('close', () => this.#drop(conn));
    conn.on('error', (error) => {
      this.#count(error?.type ?? 'connection', error?.message);
      this.#drop(conn);
    });
  }

  #opened(conn: ConnectionLike): void {
    const pending = this.#pending.get(conn);
    if (!pending || this.#dead.has(conn)) return;
    this.#pending.delete(conn);
    const { peer } = pending;
    const existing = this.#links.get(peer);
    if (existing) {
      if (!isBetter(this.self, pending, existing)) {
        this.stats.refused += 1;
        this.#dead.add(conn);
        this.#try('close', () => conn.close());
        return;
      }
      this.#drop(existing.conn);
    }
    this.#refusedDials.delete(peer);
    const now = monotonic();
    const link: Link = {
      conn,
      isDialledBySelf: pending.isDialledBySelf,
      lastHeard: now,
      since: now,
      remoteSession: pending.remoteSession,
      gate: new JoinGate(),
    };
    this.#links.set(peer, link);
    this.#watchBuffer(conn, peer);
    this.#write(link, { k: 'hi', v: FRAME_VERSION, session: this.#session });
    this.#events.emit('peer-joined', peer);
  }

  /** Close a connection and forget it; a link that was open becomes `peer-left`. Idempotent. */
  #drop(conn: ConnectionLike): void {
    const pending = this.#pending.get(conn);
    // Closing the peer's dial before it opened: the peer is not told (see #refusedDials).
    if (pending && !pending.isDialledBySelf && pending.dialId)
      this.#refusedDials.set(pending.peer, pending.dialId);
    this.#pending.delete(conn);
    const peer = conn.peer as PeerId;
    const link = this.#links.get(peer);
    const wasLink = link?.conn === conn;
    if (wasLink) this.#links.delete(peer);
    if (!this.#dead.has(conn)) {
      this.#dead.add(conn);
      this.#try('close', () => conn.close());
    }
    if (wasLink) this.#events.emit('peer-left', peer);
  }

  #write(link: Link, frame: Frame): boolean {
    try {
      link.conn.send(frame);
      return true;
    } catch (error) {
      this.#count('send', error);
      this.#drop(link.conn);
      return false;
    }
  }

  #received(conn: ConnectionLike, peer: PeerId, data: unknown): void {
    const link = this.#links.get(peer);
    if (!link || link.conn !== conn) return; // a losing duplicate, about to close
    link.lastHeard = monotonic();
    if (!isRecord(data) || typeof data.k !== 'string') return this.#bad(link, 'not a frame');
    switch (data.k) {
      case 'm':
        return this.#arrived(
          link,
          peer,
          { message: data.d },
          JSON.stringify(data.d ?? null).length,
        );
      case 'f':
        return this.#fragment(link, peer, data);
      case 'ping':
        if (!isTime(data.t)) return this.#bad(link, 'bad ping');
        this.#write(link, { k: 'pong', t: data.t, at: this.#opts.clock() });
        return;
      case 'pong': {
        if (!isTime(data.t) || !isTime(data.at)) return this.#bad(link, 'bad pong');
        if (!link.gate.isJoined) return;
        const t2 = this.#opts.clock();
        this.#extra.emit('heartbeat', peer, { t0: data.t, t1: data.at, t2 });
        return;
      }
      case 'hi':
        if (typeof data.session === 'string' && data.session.length <= 64)
          link.remoteSession = data.session;
        return;
      default:
        return this.#bad(link, `unknown frame ${data.k.slice(0, 20)}`);
    }
  }

  #fragment(link: Link, peer: PeerId, frame: Record<string, unknown>): void {
    const result = assemble(link.assembly, frame);
    if (result.kind === 'partial') {
      link.assembly = result.assembly;
      return;
    }
    link.assembly = undefined;
    if (result.kind === 'bad') return this.#bad(link, result.why);
    this.#arrived(link, peer, { text: result.text }, result.text.length);
  }

  /** A whole message: passed on, or held unread while the link is not joined (join-gate.ts). */
  #arrived(link: Link, peer: PeerId, arrived: Arrived, chars: number): void {
    this.stats.receivedChars += chars;
    const verdict = link.gate.admit(arrived, chars);
    if (verdict === 'pass') return this.#pass(link, peer, arrived);
    if (verdict === 'held') return;
    this.#count('unjoined-overflow');
    this.#events.emit('refused', peer, 'sent too much before the join; not read');
    this.#drop(link.conn);
  }

  #pass(link: Link, peer: PeerId, arrived: Arrived): void {
    const read = 'text' in arrived ? parseJson(arrived.text) : arrived;
    if (!read) return this.#bad(link, 'fragments are not JSON');
    this.#events.emit('message', peer, read.message);
  }

  #bad(_link: Link, why: string): void {
    this.stats.badFrames += 1;
    this.#log(`dropped a frame: ${why}`);
  }

  #heartbeat(): void {
    const { timedOut, silent, alive } = beat(
      monotonic(),
      this.#pending,
      this.#links.values(),
      this.#opts,
    );
    for (const conn of timedOut) {
      this.#count('open-timeout');
      this.#drop(conn);
    }
    for (const link of silent) {
      this.stats.silentDrops += 1;
      this.#drop(link.conn);
    }
    for (const link of alive) this.#write(link, { k: 'ping', t: this.#opts.clock() });
  }

  // ---- errors ----

  #count(kind: string, detail?: unknown): void {
    this.stats.errors[kind] = (this.stats.errors[kind] ?? 0) + 1;
    // One line per kind for the first few, then every hundredth: a flapping link must not flood the console.
    const n = this.stats.errors[kind];
    if (n <= 3 || n % 100 === 0) this.#log(`${kind} (${n})`, detail);
  }

  #try(kind: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#count(kind, error);
    }
  }

  #log(message: string, detail?: unknown): void {
    try {
      this.#opts.log(message, detail);
    } catch {
      // Logging must never break sync.
    }
  }
}
