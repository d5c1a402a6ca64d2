import type { PeerId, Transport, TransportEvents } from '../transport';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import { Emitter } from '../emitter';

// The device transport: WebRTC data channels between kiosks, brokered by a
// PeerServer. Everything PeerJS-specific lives in this file; the engine above it
// only sees the Transport interface.

// ---- peer ids and the PeerServer address ------------------------------------------

/** PeerJS ids: letters and digits, single dashes between them. */
const ID_PART = /[^a-z0-9]+/g;
const cleanPart = (part: string): string => part.toLowerCase().replace(ID_PART, '');

/** `bk-<showId>-<siteId>`: the id encodes the show and the kiosk, so it never changes for a site. */
export function peerIdFor(showId: string, siteId: string): PeerId {
  const show = cleanPart(showId);
  const site = cleanPart(siteId);
  if (!show || !site) throw new Error(`Cannot make a peer id from show "${showId}" and site "${siteId}"`);
  return `bk-${show}-${site}` as PeerId;
}

/** Every kiosk of a show has a peer id starting with this. */
export const showPrefix = (showId: string): string => `bk-${cleanPart(showId)}-`;

/** The site of a peer of this show, or undefined for anything else. */
export function siteOfPeer(peer: string, showId: string): string | undefined {
  const prefix = showPrefix(showId);
  if (!peer.startsWith(prefix)) return undefined;
  const site = peer.slice(prefix.length);
  return /^[a-z0-9]{1,40}$/.test(site) ? site : undefined;
}

export interface PeerServerAddress {
  host: string;
  port: number;
  /** Where the PeerServer is mounted, e.g. `/peerjs`. */
  path: string;
  secure: boolean;
  key: string;
}

/** The path the app's own server (server/app.ts) mounts the PeerServer at. */
export const PEER_PATH = '/peerjs';

/** The PeerServer on the origin that served the app: one origin, so an HTTPS page gets wss://. */
export function serverFromOrigin(location: Pick<Location, 'protocol' | 'hostname' | 'port'>): PeerServerAddress {
  const secure = location.protocol === 'https:';
  return {
    host: location.hostname,
    port: location.port ? Number(location.port) : secure ? 443 : 80,
    path: PEER_PATH,
    secure,
    key: 'peerjs',
  };
}

/**
 * A PeerServer set in Settings, as a URL: `https://signal.example.com/peerjs`,
 * `http://192.168.1.20:9000/`. Undefined when it is not an http(s) URL.
 */
export function serverFromUrl(url: string): PeerServerAddress | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const secure = parsed.protocol === 'https:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 80,
    path: parsed.pathname.replace(/\/+$/, '') || '/',
    secure,
    key: 'peerjs',
  };
}

/** The PeerServer's peer listing (only answers with `allow_discovery`). */
export function peersListUrl(server: PeerServerAddress): string {
  const path = server.path.endsWith('/') ? server.path : `${server.path}/`;
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `${server.secure ? 'https' : 'http'}://${host}:${server.port}${path}${server.key}/peers`;
}

// ---- the slice of PeerJS we use (a fake stands in for it in unit tests) -------------

export interface ConnectionLike {
  readonly peer: string;
  readonly open: boolean;
  readonly metadata?: unknown;
  readonly serialization?: string;
  send(data: unknown): unknown;
  close(): void;
  on(event: 'open' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (data: unknown) => void): unknown;
  on(event: 'error', listener: (error: { type?: string; message?: string }) => void): unknown;
}

export interface PeerLike {
  readonly open: boolean;
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  connect(peer: string, options: { reliable: boolean; serialization: string; metadata: unknown }): ConnectionLike | undefined;
  reconnect(): void;
  destroy(): void;
  on(event: 'open', listener: (id: string) => void): unknown;
  on(event: 'connection', listener: (connection: ConnectionLike) => void): unknown;
  on(event: 'disconnected' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: { type?: string; message?: string }) => void): unknown;
}

export interface PeerOptionsLike {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key: string;
  config: { iceServers: RTCIceServer[] };
  debug: number;
}

export type PeerFactory = (id: string, options: PeerOptionsLike) => Promise<PeerLike>;

/** PeerJS itself, loaded on first use (it touches browser globals when imported). */
const peerjsFactory: PeerFactory = async (id, options) => {
  const { Peer } = await import('peerjs');
  return new Peer(id, options) as unknown as PeerLike;
};

// ---- frames on the data channel ---------------------------------------------------

/**
 * What travels on a data channel: the engine's messages wrapped, plus the
 * transport's own heartbeat and fragments. PeerJS refuses a JSON message of 16 300
 * bytes or more, so bigger messages (catch-up batches, snapshot parts) go in pieces.
 */
type Frame =
  | { k: 'hi'; v: number; session: string }
  | { k: 'm'; d: unknown }
  | { k: 'f'; id: number; i: number; last: boolean; s: string }
  | { k: 'ping'; t: number }
  | { k: 'pong'; t: number; at: number };

const FRAME_VERSION = 1;
/** A message this long (UTF-16 units) is at most 3 bytes a unit in UTF-8: safely one frame. */
const WHOLE_MESSAGE_CHARS = 5000;
/** Longer ones still go whole when their UTF-8 fits; beyond this they never do. */
const MAX_FRAME_BYTES = 15_500;
/** Mostly ASCII JSON: a fragment this long fits a frame even with its quotes escaped (else it is halved). */
const FRAGMENT_CHARS = 12_000;
/** Reassembly stops here; the engine refuses anything over 1 MB anyway. */
const MAX_ASSEMBLED_CHARS = 2 * 1024 * 1024;

const encoder = new TextEncoder();

function fragments(text: string, id: number): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at < text.length) {
    let size = Math.min(FRAGMENT_CHARS, text.length - at);
    let frame: Frame;
    // Quotes and control characters grow when escaped: measure, halve until it fits.
    for (;;) {
      frame = { k: 'f', id, i: frames.length, last: at + size >= text.length, s: text.slice(at, at + size) };
      if (size <= 64 || encoder.encode(JSON.stringify(frame)).length <= MAX_FRAME_BYTES) break;
      size = Math.floor(size / 2);
    }
    frames.push(frame);
    at += size;
  }
  return frames;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

// ---- the transport --------------------------------------------------------------

export type SignallingStatus = 'connecting' | 'up' | 'down';

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
  fetch?: (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  log?: (message: string, detail?: unknown) => void;
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
  assembly?: { id: number; next: number; parts: string[]; chars: number };
}

interface Pending {
  peer: PeerId;
  isDialledBySelf: boolean;
  startedAt: number;
  remoteSession?: string;
  /** The dialler's id for this attempt (in the metadata), so a refusal can name it later. */
  dialId?: string;
}

const monotonic = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

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
  readonly #events = new Emitter<TransportEvents>((error) => this.#log('a transport listener threw', error));
  readonly #extra = new Emitter<PeerjsTransportEvents>((error) => this.#log('a transport listener threw', error));
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
  #peer: PeerLike | undefined;
  #status: SignallingStatus = 'down';
  #isRunning = false;
  #signallingAttempt = 0;
  #signallingTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  /** undefined = not asked yet; false = the PeerServer does not list peers (404/401). */
  #isDiscoverySupported: boolean | undefined;
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
      (typeof location !== 'undefined' ? serverFromOrigin(location) : { host: 'localhost', port: 4173, path: PEER_PATH, secure: false, key: 'peerjs' });
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
    };
  }

  // ---- Transport ----

  get connectedPeers(): ReadonlySet<PeerId> {
    return new Set(this.#links.keys());
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  /** Status and heartbeat samples: for the UI and the show clock, not part of Transport. */
  onExtra<E extends keyof PeerjsTransportEvents>(event: E, listener: PeerjsTransportEvents[E]): () => void {
    return this.#extra.on(event, listener);
  }

  get status(): SignallingStatus {
    return this.#status;
  }

  start(): Promise<void> {
    if (this.#isRunning) return Promise.resolve();
    this.#isRunning = true;
    this.#session = Math.random().toString(36).slice(2, 12);
    this.#signallingAttempt = 0;
    this.#isDiscoverySupported = undefined;
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), this.#opts.heartbeatMs);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.#onPageHide);
    const started = new Promise<void>((resolve) => (this.#onStarted = resolve));
    void this.#createPeer();
    return started;
  }

  async stop(): Promise<void> {
    if (!this.#isRunning) return;
    this.#isRunning = false;
    clearTimeout(this.#signallingTimer);
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#discoveryTimer);
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.#onPageHide);
    for (const conn of [...this.#pending.keys()]) this.#drop(conn);
    for (const link of [...this.#links.values()]) this.#drop(link.conn);
    this.#queuedDials.clear();
    this.#refusedDials.clear();
    const peer = this.#peer;
    this.#peer = undefined;
    this.#setStatus('down');
    this.#try('destroy', () => peer?.destroy());
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
    const signalling = this.#peer;
    if (!signalling || !signalling.open) {
      // Offers sent before the signalling socket is open are lost: dial once it is.
      this.#queuedDials.add(peer);
      return;
    }
    let conn: ConnectionLike | undefined;
    const dialId = `${this.#session}.${++this.#dialCounter}`;
    const refused = this.#refusedDials.get(peer);
    const metadata = { session: this.#session, v: FRAME_VERSION, dial: dialId, ...(refused ? { refused } : {}) };
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
    const isWhole = text.length <= WHOLE_MESSAGE_CHARS || (text.length < MAX_FRAME_BYTES && encoder.encode(text).length < MAX_FRAME_BYTES - 16);
    const frames: Frame[] = isWhole ? [{ k: 'm', d: message }] : fragments(text, ++this.#fragmentId);
    for (const frame of frames) if (!this.#write(link, frame)) return false;
    this.stats.sentChars += text.length;
    return true;
  }

  // ---- signalling ----

  async #createPeer(): Promise<void> {
    if (!this.#isRunning) return;
    this.#setStatus('connecting');
    let peer: PeerLike;
    try {
      peer = await this.#opts.createPeer(this.self, {
        host: this.server.host,
        port: this.server.port,
        path: this.server.path,
        secure: this.server.secure,
        key: this.server.key,
        config: { iceServers: this.#opts.iceServers },
        debug: 0,
      });
    } catch (error) {
      this.#count('create-peer', error);
      this.#setStatus('down');
      this.#scheduleSignalling(() => void this.#createPeer());
      return;
    }
    if (!this.#isRunning) {
      this.#try('destroy', () => peer.destroy());
      return;
    }
    this.#peer = peer;
    const isCurrent = () => this.#peer === peer;
    peer.on('open', () => {
      if (!isCurrent()) return;
      this.#signallingAttempt = 0;
      this.#setStatus('up');
      this.#onStarted?.();
      this.#onStarted = undefined;
      const queued = [...this.#queuedDials];
      this.#queuedDials.clear();
      for (const id of queued) this.dial(id);
      this.#pollDiscovery(true);
    });
    peer.on('connection', (conn) => {
      if (isCurrent()) this.#incoming(conn);
      else this.#try('close', () => conn.close());
    });
    peer.on('error', (error) => {
      if (!isCurrent()) return;
      const type = error?.type ?? 'unknown';
      this.#count(type, error?.message);
      // The dialled kiosk is not at the PeerServer: give up that dial now, the mesh retries.
      if (type === 'peer-unavailable') {
        const id = /peer (\S+)$/.exec(error?.message ?? '')?.[1];
        for (const [conn, pending] of [...this.#pending]) if (pending.peer === id && pending.isDialledBySelf) this.#drop(conn);
      }
    });
    // Lost the PeerServer (or it refused our id): open links live on; try again with backoff.
    peer.on('disconnected', () => {
      if (!isCurrent() || !this.#isRunning) return;
      this.#setStatus('down');
      this.#scheduleSignalling(() => {
        if (!isCurrent() || !this.#isRunning) return;
        if (peer.destroyed) return void this.#createPeer();
        if (!peer.disconnected) return;
        this.stats.signallingReconnects += 1;
        this.#setStatus('connecting');
        this.#try('reconnect', () => peer.reconnect());
      });
    });
    // Destroyed (first connection refused: the id is still held after a reload): a new Peer, same id.
    peer.on('close', () => {
      if (!isCurrent() || !this.#isRunning) return;
      this.#peer = undefined;
      this.#setStatus('down');
      this.#scheduleSignalling(() => void this.#createPeer());
    });
  }

  #scheduleSignalling(retry: () => void): void {
    clearTimeout(this.#signallingTimer);
    const delay = backoffDelay(this.#signallingAttempt++, this.#opts.backoff);
    this.#signallingTimer = setTimeout(retry, delay);
  }

  #setStatus(status: SignallingStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#extra.emit('status', status);
  }

  readonly #onPageHide = (): void => {
    // Tell the PeerServer and the peers now rather than let them time out: after a
    // reload the PeerServer would otherwise still hold this kiosk's id for a while.
    const peer = this.#peer;
    this.#peer = undefined;
    for (const link of [...this.#links.values()]) this.#drop(link.conn);
    this.#try('destroy', () => peer?.destroy());
    this.#setStatus('down');
    if (this.#isRunning) this.#scheduleSignalling(() => void this.#createPeer());
  };

  // ---- discovery ----

  #pollDiscovery(isNow = false): void {
    clearTimeout(this.#discoveryTimer);
    if (!this.#isRunning) return;
    // A PeerServer that does not list peers is asked again only now and then.
    const every = this.#isDiscoverySupported === false ? 60_000 : this.#opts.discoveryMs;
    this.#discoveryTimer = setTimeout(() => void this.#discover(), isNow ? 0 : every);
  }

  async #discover(): Promise<void> {
    if (!this.#isRunning) return;
    if (this.#status === 'up') {
      try {
        const response = await this.#opts.fetch(peersListUrl(this.server));
        if (response.status === 404 || response.status === 401 || response.status === 403) {
          this.#setDiscovery(false);
        } else if (!response.ok) {
          this.#count('discovery', `HTTP ${response.status}`);
        } else {
          this.#setDiscovery(true);
          const listed = await response.json();
          if (Array.isArray(listed)) {
            const found = listed.filter(
              (id): id is PeerId => typeof id === 'string' && id !== this.self && this.#isOurs(id),
            );
            // Every answer, even an empty one: the mesh notices a kiosk that left and came back.
            this.#events.emit('discovered', found);
          }
        }
      } catch (error) {
        this.#count('discovery', error);
      }
    }
    this.#pollDiscovery();
  }

  #setDiscovery(isSupported: boolean): void {
    if (this.#isDiscoverySupported === isSupported) return;
    this.#isDiscoverySupported = isSupported;
    this.#extra.emit('discovery', isSupported);
  }

  /** Whether the PeerServer lists peers: undefined until asked. */
  get isDiscoverySupported(): boolean | undefined {
    return this.#isDiscoverySupported;
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
    const dialId = typeof metadata.dial === 'string' && metadata.dial.length <= 64 ? metadata.dial : undefined;
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
      // Both dialled at once: the connection dialled by the lower id is the one both keep.
      if (this.self < peer) return refuse();
      this.#drop(mine);
    }
    this.#pending.set(conn, { peer, isDialledBySelf: false, startedAt: monotonic(), remoteSession, dialId });
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
      if (!this.#isBetter(pending, existing)) {
        this.stats.refused += 1;
        this.#dead.add(conn);
        this.#try('close', () => conn.close());
        return;
      }
      this.#drop(existing.conn);
    }
    this.#refusedDials.delete(peer);
    const now = monotonic();
    const link: Link = { conn, isDialledBySelf: pending.isDialledBySelf, lastHeard: now, since: now, remoteSession: pending.remoteSession };
    this.#links.set(peer, link);
    this.#write(link, { k: 'hi', v: FRAME_VERSION, session: this.#session });
    this.#events.emit('peer-joined', peer);
  }

  /** Does a newly opened connection replace the link already there? Both ends must decide alike. */
  #isBetter(candidate: Pending, existing: Link): boolean {
    // The peer restarted: its old link is dead, whatever the heartbeat says yet.
    if (candidate.remoteSession && existing.remoteSession && candidate.remoteSession !== existing.remoteSession) return true;
    // The same side dialled again: it no longer believes in the old link.
    if (candidate.isDialledBySelf === existing.isDialledBySelf) return true;
    const isSelfLower = this.self < candidate.peer;
    return candidate.isDialledBySelf === isSelfLower;
  }

  /** Close a connection and forget it; a link that was open becomes `peer-left`. Idempotent. */
  #drop(conn: ConnectionLike): void {
    const pending = this.#pending.get(conn);
    // Closing the peer's dial before it opened: the peer is not told (see #refusedDials).
    if (pending && !pending.isDialledBySelf && pending.dialId) this.#refusedDials.set(pending.peer, pending.dialId);
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
        this.stats.receivedChars += JSON.stringify(data.d ?? null).length;
        this.#events.emit('message', peer, data.d);
        return;
      case 'f':
        return this.#fragment(link, peer, data);
      case 'ping':
        if (!isTime(data.t)) return this.#bad(link, 'bad ping');
        this.#write(link, { k: 'pong', t: data.t, at: this.#opts.clock() });
        return;
      case 'pong': {
        if (!isTime(data.t) || !isTime(data.at)) return this.#bad(link, 'bad pong');
        const t2 = this.#opts.clock();
        this.#extra.emit('heartbeat', peer, { t0: data.t, t1: data.at, t2 });
        return;
      }
      case 'hi':
        if (typeof data.session === 'string' && data.session.length <= 64) link.remoteSession = data.session;
        return;
      default:
        return this.#bad(link, `unknown frame ${data.k.slice(0, 20)}`);
    }
  }

  #fragment(link: Link, peer: PeerId, frame: Record<string, unknown>): void {
    const { id, i, last, s } = frame;
    if (!isCount(id) || !isCount(i) || typeof last !== 'boolean' || typeof s !== 'string') return this.#bad(link, 'bad fragment');
    if (i === 0) link.assembly = { id, next: 0, parts: [], chars: 0 };
    const assembly = link.assembly;
    // Reliable and ordered: a gap or a foreign id means a broken sender.
    if (!assembly || assembly.id !== id || assembly.next !== i) {
      link.assembly = undefined;
      return this.#bad(link, 'fragment out of order');
    }
    assembly.parts.push(s);
    assembly.next += 1;
    assembly.chars += s.length;
    if (assembly.chars > MAX_ASSEMBLED_CHARS) {
      link.assembly = undefined;
      return this.#bad(link, 'message too big');
    }
    if (!last) return;
    link.assembly = undefined;
    const text = assembly.parts.join('');
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.#bad(link, 'fragments are not JSON');
    }
    this.stats.receivedChars += text.length;
    this.#events.emit('message', peer, message);
  }

  #bad(_link: Link, why: string): void {
    this.stats.badFrames += 1;
    this.#log(`dropped a frame: ${why}`);
  }

  #heartbeat(): void {
    const now = monotonic();
    for (const [conn, pending] of [...this.#pending]) {
      if (now - pending.startedAt > this.#opts.openTimeoutMs) {
        this.#count('open-timeout');
        this.#drop(conn);
      }
    }
    for (const link of [...this.#links.values()]) {
      if (now - link.lastHeard > this.#opts.silenceMs) {
        this.stats.silentDrops += 1;
        this.#drop(link.conn);
      } else {
        this.#write(link, { k: 'ping', t: this.#opts.clock() });
      }
    }
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
