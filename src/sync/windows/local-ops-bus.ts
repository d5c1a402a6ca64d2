import type { Op, PendingOp } from '../../domain/op';
import { parseOps, parsePendingOps } from '../protocol/messages';

// Windows of one browser share one show database, and only one of them runs the
// mesh. Whichever window writes a change announces its ops here; the engine (in
// whichever window runs it) pushes them to peers at once instead of waiting for
// the next version exchange. Previews (a write about to be stored) travel the same
// way, so a tap in any window is shown on the other kiosks before it is stored.

type Listener<T> = (value: T) => void;

/** One kind of announcement, per show, to this window and the other windows of this browser. */
function windowBus<T>(prefix: string, parse: (raw: unknown) => T | undefined, what: string) {
  const listeners = new Map<string, Set<Listener<T>>>();
  const channels = new Map<string, BroadcastChannel>();
  const hasBroadcastChannel = (): boolean => typeof BroadcastChannel !== 'undefined';

  function notify(showId: string, value: T): void {
    for (const listener of [...(listeners.get(showId) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        // One failing listener must not keep the announcement from the others.
        console.error(`local ${what} listener failed`, error);
      }
    }
  }

  return {
    publish(showId: string, value: T): void {
      notify(showId, value);
      if (!hasBroadcastChannel()) return;
      // A channel never hears its own posts: reuse this window's listening channel if it
      // has one, else post through a throwaway one (no listener here to hear it twice).
      const listening = channels.get(showId);
      if (listening) {
        listening.postMessage(value);
        return;
      }
      const channel = new BroadcastChannel(`${prefix}${showId}`);
      channel.postMessage(value);
      channel.close();
    },

    listen(showId: string, listener: Listener<T>): () => void {
      let set = listeners.get(showId);
      if (!set) listeners.set(showId, (set = new Set()));
      set.add(listener);
      if (hasBroadcastChannel() && !channels.has(showId)) {
        const channel = new BroadcastChannel(`${prefix}${showId}`);
        channel.onmessage = (event: MessageEvent<unknown>) => {
          // Another window runs the same code, but maybe an older version of it: check.
          const value = parse(event.data);
          if (value) notify(showId, value);
          else console.warn(`ignored malformed ${what} from another window`);
        };
        channels.set(showId, channel);
      }
      return () => {
        set.delete(listener);
        if (set.size > 0) return;
        listeners.delete(showId);
        channels.get(showId)?.close();
        channels.delete(showId);
      };
    },
  };
}

const opsBus = windowBus<Op[]>('backstage-ops-', parseOps, 'ops');
const previewsBus = windowBus<PendingOp[]>('backstage-previews-', parsePendingOps, 'previews');

/** Announce ops just written in this window, to this window and the others of this browser. */
export function publishLocalOps(showId: string, ops: readonly Op[]): void {
  if (ops.length > 0) opsBus.publish(showId, [...ops]);
}

/** Hear the ops written by any window of this browser for this show. Returns the unsubscribe. */
export const onLocalOps = (showId: string, listener: Listener<Op[]>): (() => void) =>
  opsBus.listen(showId, listener);

/** Announce a write this window is about to store (see SyncEngine.previewLocal). */
export function publishLocalPreviews(showId: string, ops: readonly PendingOp[]): void {
  if (ops.length > 0) previewsBus.publish(showId, [...ops]);
}

/** Hear the previews of any window of this browser for this show. Returns the unsubscribe. */
export const onLocalPreviews = (showId: string, listener: Listener<PendingOp[]>): (() => void) =>
  previewsBus.listen(showId, listener);
