import type { Op } from '../domain/op';
import { parseOps } from './messages';

// Windows of one browser share one show database, and only one of them runs the
// mesh. Whichever window writes a change announces its ops here; the engine (in
// whichever window runs it) pushes them to peers at once instead of waiting for
// the next version exchange.

type Listener = (ops: Op[]) => void;

const listeners = new Map<string, Set<Listener>>();
const channels = new Map<string, BroadcastChannel>();

const channelName = (showId: string): string => `backstage-ops-${showId}`;
const hasBroadcastChannel = (): boolean => typeof BroadcastChannel !== 'undefined';

function notify(showId: string, ops: Op[]): void {
  for (const listener of [...(listeners.get(showId) ?? [])]) {
    try {
      listener(ops);
    } catch (error) {
      // One failing listener must not keep the ops from the others.
      console.error('local ops listener failed', error);
    }
  }
}

/** Announce ops just written in this window, to this window and the others of this browser. */
export function publishLocalOps(showId: string, ops: readonly Op[]): void {
  if (ops.length === 0) return;
  const copy = [...ops];
  notify(showId, copy);
  if (!hasBroadcastChannel()) return;
  // A channel never hears its own posts: reuse this window's listening channel if it
  // has one, else post through a throwaway one (no listener here to hear it twice).
  const listening = channels.get(showId);
  if (listening) {
    listening.postMessage(copy);
    return;
  }
  const channel = new BroadcastChannel(channelName(showId));
  channel.postMessage(copy);
  channel.close();
}

/** Hear the ops written by any window of this browser for this show. Returns the unsubscribe. */
export function onLocalOps(showId: string, listener: Listener): () => void {
  let set = listeners.get(showId);
  if (!set) listeners.set(showId, (set = new Set()));
  set.add(listener);
  if (hasBroadcastChannel() && !channels.has(showId)) {
    const channel = new BroadcastChannel(channelName(showId));
    channel.onmessage = (event: MessageEvent<unknown>) => {
      // Another window runs the same code, but maybe an older version of it: check.
      const ops = parseOps(event.data);
      if (ops) notify(showId, ops);
      else console.warn('ignored malformed ops from another window');
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
}
