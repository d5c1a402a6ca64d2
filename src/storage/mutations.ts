import { Dexie, type ObservabilitySet } from 'dexie';

/** Follows commits to IndexedDB until the returned stop (see `followMutations`). */
export type FollowMutations = (listener: (parts: ObservabilitySet) => void) => () => void;

/**
 * Dexie's `storagemutated`: every commit of this window, and of the other windows and
 * workers of this browser, naming the rows it wrote. One listener per caller: Dexie calls
 * each on every commit.
 */
export const followMutations: FollowMutations = (listener) => {
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
};
