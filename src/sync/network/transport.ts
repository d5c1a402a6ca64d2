import type { PeerId } from '../../domain/ids';

export type { PeerId };

/**
 * What every transport offers the sync engine: links to other kiosks that carry
 * JSON-able messages, reliably and in order, while the link lasts. A transport
 * knows nothing of shows, ops or keys; it only moves messages. Every transport
 * runs the same contract suite (transport-contract.ts).
 */
export interface Transport {
  readonly self: PeerId;
  /** Start listening and dialling. Resolves when this kiosk can be reached. */
  start(): Promise<void>;
  /** Close every link and stop; `peer-left` is emitted for each open link. */
  stop(): Promise<void>;
  /** Ask for a link to `peer` (a no-op if one is open or being opened). */
  dial(peer: PeerId): void;
  /** Drop the link to `peer` (e.g. it failed the handshake). */
  hangUp(peer: PeerId): void;
  /** Send on the open link to `peer`; returns false if there is none. */
  send(peer: PeerId, message: unknown): boolean;
  readonly connectedPeers: ReadonlySet<PeerId>;
  /**
   * The open link to `peer` as this end sees it: what binds a join to this very link
   * (docs/trust.md). Undefined when there is no open link or its ends cannot be told.
   */
  channelBinding(peer: PeerId): Promise<ChannelBinding | undefined>;
  /**
   * The engine joined the link to `peer` (docs/trust.md): from now on its messages are
   * passed on whatever their size. Until then only small ones are (join-gate.ts); a
   * bigger one is held unread and passed on here, before anything newer. A link that
   * drops and comes back starts unjoined again.
   */
  joined(peer: PeerId): void;
  /**
   * Bytes sent to `peer` and not yet on the wire (RTCDataChannel.bufferedAmount), so a
   * side stream (photos) sends only while the link is otherwise idle; `drained` says
   * when it ran low. Absent: the transport cannot tell (treated as 0).
   */
  bufferedAmount?(peer: PeerId): number;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void;
}

/**
 * The two ends of one link: for WebRTC the DTLS certificate fingerprints of this end
 * and of the peer's end. Both kiosks of a direct link see the same pair, swapped; a
 * relay in the middle holds two links, so the kiosks on either side see different ones.
 */
export interface ChannelBinding {
  ours: string;
  theirs: string;
}

export interface TransportEvents {
  /** A link opened (either side dialled). Each pair has at most one link. */
  'peer-joined': (peer: PeerId) => void;
  'peer-left': (peer: PeerId) => void;
  /** A message from `peer`; not validated: the engine checks everything. */
  message: (peer: PeerId, message: unknown) => void;
  /** Messages from a link not yet joined that were let go unread (too much before the join); the link is hung up. */
  refused: (peer: PeerId, why: string) => void;
  /** Peers this transport discovered (e.g. listed by the PeerServer); the mesh may dial them. */
  discovered: (peers: PeerId[]) => void;
  /** What was buffered for `peer` went out (its bufferedAmount ran low). */
  drained: (peer: PeerId) => void;
}
