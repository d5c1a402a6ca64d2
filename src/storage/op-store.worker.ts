import { ShowDb } from './db';
import { muteCommitBroadcasts } from './muted-commits';
import type { MessageEnd } from './op-store-messages';
import { serveOpStore } from './op-store-server';

// The worker the sync engine's op store runs in (open-op-store.ts starts it): the
// transactions that store peers' ops, off the main thread that paints them; a peer's tap
// it stores is broadcast to the other windows only while some follow the show. (The DOM
// typings know `self` as a window; in a worker it is the scope that talks to the page.)
serveOpStore(
  self as unknown as MessageEnd,
  (showId) => new ShowDb(showId),
  (isMuted) => muteCommitBroadcasts(self, isMuted),
);
