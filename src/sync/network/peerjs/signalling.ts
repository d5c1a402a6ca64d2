import { backoffDelay, type BackoffOptions } from '../backoff';
import { browserNetworkBack, type NetworkBack } from '../network-back';
import type { PeerId } from '../transport';
import type { PeerServerAddress } from './address';
import type { ConnectionLike, PeerFactory, PeerLike } from './peerjs-api';

// The link to the PeerServer, which only introduces kiosks: open links live on without
// it. Lost, it is tried again with jittered backoff; destroyed (the id is still held
// after a reload), a new Peer with the same id is made.

export type SignallingStatus = 'connecting' | 'up' | 'down';

export interface SignallingOptions {
  id: PeerId;
  server: PeerServerAddress;
  iceServers: RTCIceServer[];
  backoff: BackoffOptions;
  createPeer: PeerFactory;
  /** Signalling is up: offers can go out now. */
  opened(): void;
  /** A kiosk dialled this one. */
  connection(conn: ConnectionLike): void;
  /** PeerJS reported an error on the signalling Peer. */
  error(type: string, message: string | undefined): void;
  status(status: SignallingStatus): void;
  /** Count a failure of one of the PeerJS calls (create, destroy, reconnect). */
  failed(kind: string, detail: unknown): void;
  /** A reconnect to the PeerServer begins (counted in the transport's stats). */
  reconnecting(): void;
  /** When the device's network comes back, a retry waiting out its backoff runs at once. */
  networkBack?: NetworkBack;
}

export class Signalling {
  readonly #opts: SignallingOptions;
  #peer: PeerLike | undefined;
  #status: SignallingStatus = 'down';
  #isRunning = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The retry waiting out its backoff, if any. */
  #retry: (() => void) | undefined;
  #stopNetworkBack: () => void = () => {};

  constructor(options: SignallingOptions) {
    this.#opts = options;
  }

  /** The signalling Peer, to dial through (undefined while there is none). */
  get peer(): PeerLike | undefined {
    return this.#peer;
  }

  get status(): SignallingStatus {
    return this.#status;
  }

  start(): void {
    this.#isRunning = true;
    this.#attempt = 0;
    this.#stopNetworkBack();
    this.#stopNetworkBack = (this.#opts.networkBack ?? browserNetworkBack)(() => this.#retryNow());
    void this.#createPeer();
  }

  stop(): void {
    this.#isRunning = false;
    this.#stopNetworkBack();
    this.#retry = undefined;
    clearTimeout(this.#timer);
    const peer = this.#peer;
    this.#peer = undefined;
    this.#setStatus('down');
    this.#try('destroy', () => peer?.destroy());
  }

  /**
   * The page is going away (or into the back-forward cache): tell the PeerServer now
   * rather than let it time out, or after a reload it would still hold this kiosk's id.
   */
  pageHidden(): void {
    const peer = this.#peer;
    this.#peer = undefined;
    this.#try('destroy', () => peer?.destroy());
    this.#setStatus('down');
    if (this.#isRunning) this.#schedule(() => void this.#createPeer());
  }

  async #createPeer(): Promise<void> {
    if (!this.#isRunning) return;
    this.#setStatus('connecting');
    const { server } = this.#opts;
    let peer: PeerLike;
    try {
      peer = await this.#opts.createPeer(this.#opts.id, {
        host: server.host,
        port: server.port,
        path: server.path,
        secure: server.secure,
        key: server.key,
        config: { iceServers: this.#opts.iceServers },
        debug: 0,
      });
    } catch (error) {
      this.#opts.failed('create-peer', error);
      this.#setStatus('down');
      this.#schedule(() => void this.#createPeer());
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
      this.#attempt = 0;
      this.#setStatus('up');
      this.#opts.opened();
    });
    peer.on('connection', (conn) => {
      if (isCurrent()) this.#opts.connection(conn);
      else this.#try('close', () => conn.close());
    });
    peer.on('error', (error) => {
      if (isCurrent()) this.#opts.error(error?.type ?? 'unknown', error?.message);
    });
    // Lost the PeerServer (or it refused our id): open links live on; try again with backoff.
    peer.on('disconnected', () => {
      if (!isCurrent() || !this.#isRunning) return;
      this.#setStatus('down');
      this.#schedule(() => {
        if (!isCurrent() || !this.#isRunning) return;
        if (peer.destroyed) return void this.#createPeer();
        if (!peer.disconnected) return;
        this.#opts.reconnecting();
        this.#setStatus('connecting');
        this.#try('reconnect', () => peer.reconnect());
      });
    });
    // Destroyed (first connection refused: the id is still held after a reload): a new Peer, same id.
    peer.on('close', () => {
      if (!isCurrent() || !this.#isRunning) return;
      this.#peer = undefined;
      this.#setStatus('down');
      this.#schedule(() => void this.#createPeer());
    });
  }

  #schedule(retry: () => void): void {
    clearTimeout(this.#timer);
    this.#retry = retry;
    this.#timer = setTimeout(
      () => {
        this.#retry = undefined;
        retry();
      },
      backoffDelay(this.#attempt++, this.#opts.backoff),
    );
  }

  /** The network is back: the retry waiting out its backoff runs now, and the backoff starts over. */
  #retryNow(): void {
    const retry = this.#retry;
    if (!retry || !this.#isRunning) return;
    clearTimeout(this.#timer);
    this.#retry = undefined;
    this.#attempt = 0;
    retry();
  }

  #setStatus(status: SignallingStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#opts.status(status);
  }

  #try(kind: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#opts.failed(kind, error);
    }
  }
}
