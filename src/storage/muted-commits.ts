import { RangeSet, type ObservabilitySet } from 'dexie';

/**
 * The BroadcastChannel on which Dexie tells the other contexts of the browser of each
 * commit (dexie.mjs: STORAGE_MUTATED_DOM_EVENT_NAME; muted-commits.test.ts checks it).
 */
export const DEXIE_COMMITS_CHANNEL = 'x-storagemutated-1';

/** What a context that mutes some of its commits can still say of them. */
export interface MutedCommits {
  /**
   * Tell the other contexts, in one message, that every table a muted commit wrote may
   * have changed (they read those tables again, once). Nothing when nothing was muted.
   */
  announceMuted(): void;
}

/**
 * Keep some of this context's commits from the others. Dexie posts the parts of every
 * commit to every other context of the browser (on DEXIE_COMMITS_CHANNEL); each of them takes the message, a task on its main thread. The op
 * store's worker stores a tap of a peer's, and the one window that asked for it already
 * has the rows in the reply: with no other window of the show open, the broadcast is
 * a task on that window's main thread per tap, for nothing (docs/big-shows.md).
 *
 * `isMuted` is asked at each of Dexie's posts (synchronously, at the commit). A muted
 * commit's tables are remembered, never its rows, so the memory stays small however
 * long nobody listens; `announceMuted` names them to whoever listens later.
 * Only for a context whose BroadcastChannels are all Dexie's and ours (the worker's).
 */
export function muteCommitBroadcasts(
  scope: { BroadcastChannel?: typeof BroadcastChannel },
  isMuted: () => boolean,
): MutedCommits {
  const proto = scope.BroadcastChannel?.prototype;
  if (!proto) return { announceMuted: () => {} };
  const post = proto.postMessage;
  const mutedParts = new Set<string>();
  /** The channel Dexie posted on last (the one to name muted commits on). */
  const dexie: { channel?: BroadcastChannel } = {};
  proto.postMessage = function (this: BroadcastChannel, message: unknown) {
    if (this.name === DEXIE_COMMITS_CHANNEL) {
      dexie.channel = this;
      if (isMuted()) {
        for (const part of Object.keys(message as ObservabilitySet))
          if (part.startsWith('idb://')) mutedParts.add(part);
        return;
      }
    }
    post.call(this, message);
  };
  return {
    announceMuted() {
      const channel = dexie.channel;
      if (!channel || mutedParts.size === 0) return;
      const parts: ObservabilitySet = {};
      // The whole key range: a reader reads the table again (state/changed-rows.ts: 'all').
      for (const part of mutedParts) parts[part] = new RangeSet(-Infinity, [[]]);
      mutedParts.clear();
      post.call(channel, parts);
    },
  };
}
