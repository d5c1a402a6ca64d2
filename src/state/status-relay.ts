import * as v from 'valibot';
import type { KioskWarnings } from './kiosk-warnings';
import { ROLES } from '../domain/model';
import { versionVector } from '../sync/protocol/messages';
import type { LivePeer } from './presence';
import type { SignallingStatus } from '../sync/network/peerjs/signalling';
import type { VersionVector } from '../domain/op';
import {
  openBroadcastChannel,
  type OpenChannel,
  type WindowChannel,
} from '../sync/windows/channel';

// The sync status, from the window that runs the mesh to the other windows of this
// browser, over a BroadcastChannel per show. Another window may run an older version
// of the app: every message is checked against its schema, like a message from a peer.

/** What travels of the kiosk warnings (kiosk-warnings.ts), checked when it arrives. */
const kioskWarningsSchema = v.object({
  clocks: v.array(v.object({ site: v.string(), aheadMs: v.number(), held: v.number() })),
  dropped: v.array(v.object({ site: v.string(), until: v.number(), reason: v.string() })),
  refused: v.optional(
    v.array(v.object({ site: v.string(), changes: v.number(), last: v.string() })),
  ),
});

/** What the window that runs the mesh tells the others (plain JSON). */
export interface SharedStatus {
  showId: string;
  signalling: SignallingStatus;
  live: LivePeer[];
  versions: VersionVector;
  lastKnown: Record<string, VersionVector>;
  lastLinked: Record<string, number>;
  authError: string;
  rejection: string;
  badMessages: number;
  isDiscoverySupported: boolean | null;
  warnings: KioskWarnings;
}

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const sharedStatus = v.object({
  showId: v.string(),
  signalling: v.picklist(['connecting', 'up', 'down']),
  live: v.array(
    v.object({
      siteId: v.string(),
      name: v.string(),
      role: v.picklist([...ROLES, '']),
      isAuthenticated: v.boolean(),
      versions: versionVector,
      badMessages: count,
    }),
  ),
  versions: versionVector,
  lastKnown: v.record(v.string(), versionVector),
  lastLinked: v.record(v.string(), v.number()),
  authError: v.string(),
  rejection: v.string(),
  badMessages: count,
  isDiscoverySupported: v.nullable(v.boolean()),
  warnings: kioskWarningsSchema,
});

const relayMessage = v.variant('type', [
  /** A window wants the status (it opened, or a new leader asked). */
  v.object({ type: v.literal('ask') }),
  /** A window runs the mesh now: the others ask it for the status. */
  v.object({ type: v.literal('leading') }),
  /** The network settings changed: read them again (the leader restarts sync with them). */
  v.object({ type: v.literal('network') }),
  v.object({ type: v.literal('status'), status: sharedStatus }),
]);
type RelayMessage = v.InferOutput<typeof relayMessage>;

export interface RelayHandlers {
  asked(): void;
  leading(): void;
  network(): void;
  status(status: SharedStatus): void;
}

/** Parse a relay message from another window; undefined (and a warning) when malformed. */
export function parseRelayMessage(raw: unknown): RelayMessage | undefined {
  const result = v.safeParse(relayMessage, raw);
  if (result.success) return result.output;
  console.warn('ignored a malformed sync status message from another window');
  return undefined;
}

const PUBLISH_AFTER_MS = 100;

export class StatusRelay {
  readonly #channel: WindowChannel | undefined;
  #isScheduled = false;
  /**
   * Another window follows this show (it asked for the status). Until one does, nothing
   * is published: a status per tap, cloned and posted to nobody, is CPU taken from painting it.
   */
  #hasFollowers = false;

  constructor(
    showId: string,
    handlers: RelayHandlers,
    openChannel: OpenChannel = openBroadcastChannel,
  ) {
    this.#channel = openChannel(`backstage-sync-status-${showId}`);
    if (!this.#channel) return;
    this.#channel.onmessage = (event) => {
      const message = parseRelayMessage(event.data);
      if (!message) return;
      if (message.type === 'ask') {
        this.#hasFollowers = true;
        handlers.asked();
      } else if (message.type === 'leading') handlers.leading();
      else if (message.type === 'network') handlers.network();
      else handlers.status(message.status as SharedStatus);
    };
  }

  /** Another window of this browser follows the show (it asked for the status since this relay opened). */
  get hasFollowers(): boolean {
    return this.#hasFollowers;
  }

  ask(): void {
    this.#channel?.postMessage({ type: 'ask' });
  }

  announceLeading(): void {
    this.#channel?.postMessage({ type: 'leading' });
  }

  announceNetwork(): void {
    this.#channel?.postMessage({ type: 'network' });
  }

  /** Publish the status a moment from now, once per burst, if anyone follows; `read` says what (undefined: nothing). */
  publishSoon(read: () => SharedStatus | undefined): void {
    if (this.#isScheduled || !this.#channel || !this.#hasFollowers) return;
    this.#isScheduled = true;
    setTimeout(() => {
      this.#isScheduled = false;
      const status = read();
      if (status) this.#channel?.postMessage({ type: 'status', status });
    }, PUBLISH_AFTER_MS);
  }

  close(): void {
    this.#channel?.close();
  }
}
