import type { VersionVector } from '../domain/op';
import { lacking } from '../sync/protocol/version-vector';
import type { LivePeer } from './presence';

// A kiosk that starts (a reload, switched on again) shows its stored show at once,
// but that show may be old: until it has what the kiosks it links to hold, the status
// corner says it is catching up, so nobody trusts a stale running order.

/** How long after starting a kiosk that finds no other kiosk stops saying it is catching up. */
export const CATCH_UP_WINDOW_MS = 10_000;

/** The most changes one linked kiosk holds that this one lacks, as of their last reports. */
export function missingFromPeers(ours: VersionVector, live: readonly LivePeer[]): number {
  let most = 0;
  for (const peer of live)
    if (peer.isAuthenticated) most = Math.max(most, lacking(peer.versions, ours));
  return most;
}

/**
 * Caught up: linked to a kiosk that has reported what it holds (a kiosk always holds
 * at least its roster row), and no linked kiosk holds anything this one lacks.
 */
export function hasCaughtUp(ours: VersionVector, live: readonly LivePeer[]): boolean {
  const reported = live.filter(
    (peer) => peer.isAuthenticated && Object.keys(peer.versions).length > 0,
  );
  return reported.length > 0 && missingFromPeers(ours, live) === 0;
}

export interface CatchUpInput {
  /** Caught up once since this kiosk started (or since it lost every link). */
  hasCaughtUp: boolean;
  /** Other kiosks are in the show's roster: there is someone to catch up from. */
  hasOthers: boolean;
  /** Linked to a kiosk now. */
  isLinked: boolean;
  /** Milliseconds since the sync started (Infinity after a lost link: only a new link says it again). */
  sinceStartMs: number;
  missing: number;
}

/**
 * What the corner says: null when not catching up, else the changes known to be
 * missing (0 = not known yet: still linking). A kiosk alone keeps saying it only for
 * the first seconds; after that the corner says it is looking for kiosks, or offline.
 */
export function catchingUp(input: CatchUpInput): { missing: number } | null {
  if (input.hasCaughtUp || !input.hasOthers) return null;
  if (!input.isLinked && input.sinceStartMs > CATCH_UP_WINDOW_MS) return null;
  return { missing: input.missing };
}
