import type { PeerId } from '../network/transport';

// A side stream beside the show's own messages on each joined link (the photos):
// its messages travel sealed like every message of the link, but the engine hands
// them, seal checked and unread, to the channel, which parses and handles them
// itself, and sends only while the link is otherwise idle. The engine knows nothing
// of what the channel carries.

/** One joined link as the side channel sees it. */
export interface SideLink {
  readonly peer: PeerId;
  /** Who is at the other end, for messages: `kiosk "Curtain" (peer bk-…)`. */
  readonly label: string;
  /** Seal and send one message of the channel; false when the link is gone. */
  send(message: { type: string }): boolean;
  /** No show message is waiting on this link (no catch-up or snapshot under way to it). */
  isIdle(): boolean;
  /** Bytes in the link's buffer, not yet on the wire. */
  bufferedAmount(): number;
  /** A bad message from this peer: counted like any (the flood limits, the kiosks panel). */
  bad(reason: string): void;
}

export interface SideChannel {
  /** Whether a sealed message of this `type` is the channel's (asked before the show's parser). */
  carries(type: string): boolean;
  /** A link joined (or joined again): the channel may use it until `closed`. */
  opened(link: SideLink): void;
  closed(peer: PeerId): void;
  /** A message of the channel's, its seal checked: the JSON text, not parsed yet. */
  received(peer: PeerId, body: string): void;
}

/** The `type` a sealed body starts with (the sender writes `type` first), if it has one. */
export function bodyType(body: string): string | undefined {
  return /^\{"type":"([a-z-]{1,40})"/.exec(body)?.[1];
}
