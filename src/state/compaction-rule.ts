import type { VersionVector } from '../domain/op';

/** Kiosks seen within this long keep what they lack in the log; others get a snapshot. */
export const RECENT_MS = 24 * 60 * 60_000;
/** Each site's latest ops always stay (the audit trail of the last minutes, and undo). */
export const KEEP_AT_LEAST = 1_000;

export interface SiteHolding {
  site: string;
  /** Highest seq held without a gap. */
  seq: number;
  /** Ops at or below this are not in the log any more. */
  floor: number;
}

/** What a peer reported holding, and when this kiosk last heard it. */
export interface PeerVersions {
  site: string;
  at: number;
  versions: VersionVector;
}

/**
 * How many of each site's latest ops to keep (`compactLog`'s `keepPerSite`): enough that
 * every kiosk heard from in the last day can still catch up from the log, and never
 * fewer than `KEEP_AT_LEAST`. A kiosk not heard from in a day, or never, gets a snapshot
 * (it merges by the same rule, so it still converges). 0 = nothing worth dropping.
 */
export function opsToKeep(
  mine: readonly SiteHolding[],
  peers: readonly PeerVersions[],
  now: number,
): number {
  const recent = peers.filter((peer) => now - peer.at <= RECENT_MS);
  let keep = KEEP_AT_LEAST;
  for (const { site, seq } of mine) {
    for (const peer of recent) {
      if (peer.site === site) continue;
      keep = Math.max(keep, seq - (peer.versions[site] ?? 0));
    }
  }
  // Worth a compaction only when some site would drop ops.
  return mine.some((holding) => holding.seq - keep > holding.floor) ? keep : 0;
}

/** Merge fresh reports into what is remembered, and forget kiosks older than a day. */
export function rememberPeers(
  known: readonly PeerVersions[],
  fresh: readonly PeerVersions[],
  now: number,
): PeerVersions[] {
  const bySite = new Map(known.map((peer) => [peer.site, peer]));
  for (const peer of fresh) bySite.set(peer.site, peer);
  return [...bySite.values()].filter((peer) => now - peer.at <= RECENT_MS);
}
