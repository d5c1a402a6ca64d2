// The slice of PeerJS we use (a fake stands in for it in unit tests: testing/fake-peerjs.ts).

export interface ConnectionLike {
  readonly peer: string;
  readonly open: boolean;
  readonly metadata?: unknown;
  readonly serialization?: string;
  /** The WebRTC connection under it (absent in the unit tests' fake). */
  readonly peerConnection?: RTCPeerConnection | null;
  /** The data channel under it (absent in the unit tests' fake, and before it opened). */
  readonly dataChannel?: RTCDataChannel | null;
  /** Messages PeerJS holds back itself (only past 8 MB in the channel). */
  readonly bufferSize?: number;
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
  connect(
    peer: string,
    options: { reliable: boolean; serialization: string; metadata: unknown },
  ): ConnectionLike | undefined;
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
export const peerjsFactory: PeerFactory = async (id, options) => {
  const { Peer } = await import('peerjs');
  return new Peer(id, options) as unknown as PeerLike;
};
