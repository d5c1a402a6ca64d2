// A channel to the other windows of this browser (a BroadcastChannel; tests pass their own).

export interface WindowChannel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

export type OpenChannel = (name: string) => WindowChannel | undefined;

/** A BroadcastChannel, or none where there is no such thing (then every window is alone). */
export const openBroadcastChannel: OpenChannel = (name) =>
  typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(name);
