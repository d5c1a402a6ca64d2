import type { ShowDb } from '../storage/db';
import { kiosk } from './kiosk.svelte';
import { opsToKeep, rememberPeers, type PeerVersions } from './compaction-rule';
import { sync } from './sync.svelte';

/** How often the leader window looks at its log (and first, this long after start). */
export const COMPACT_EVERY_MS = 10 * 60_000;

const memoryKey = (showId: string) => `backstage-peer-versions-${showId}`;

function readMemory(showId: string): PeerVersions[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(memoryKey(showId)) ?? '[]');
    return Array.isArray(parsed)
      ? (parsed as PeerVersions[]).filter(
          (p) =>
            typeof p?.site === 'string' &&
            typeof p.at === 'number' &&
            typeof p.versions === 'object',
        )
      : [];
  } catch {
    return [];
  }
}

/** Ops in the log, counted from page keys (no op is read). */
export async function logSize(db: ShowDb): Promise<number> {
  const keys = await db.log.toCollection().primaryKeys();
  return keys.reduce((n, [, first, last]) => n + last - first + 1, 0);
}

/**
 * The op log, compacted automatically: the leader window remembers what each linked kiosk
 * reported holding (for a day, across reloads), and drops only ops every kiosk seen in
 * that day already has (rule: compaction-rule.ts).
 */
class Compaction {
  /** Last run: when, ops dropped, ops left, photos dropped (diagnostics). */
  last = $state<{ at: number; removed: number; left: number; photosDropped: number } | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#timer || typeof window === 'undefined') return;
    this.#timer = setInterval(
      () => void this.runNow().catch((error: unknown) => console.warn('compaction failed', error)),
      COMPACT_EVERY_MS,
    );
  }

  /** Note what linked kiosks hold now (called on every run; cheap). */
  #remember(showId: string, now: number): PeerVersions[] {
    const fresh = (sync.engine?.status.peers ?? [])
      .filter((peer) => peer.authenticated && peer.siteId)
      .map((peer) => ({ site: String(peer.siteId), at: now, versions: peer.theirVersions }));
    const memory = rememberPeers(readMemory(showId), fresh, now);
    try {
      localStorage.setItem(memoryKey(showId), JSON.stringify(memory));
    } catch {
      // Full storage: compaction still runs on what this run saw.
    }
    return memory;
  }

  /** Ops in the open show's log now (diagnostics, bench). */
  async size(): Promise<number> {
    return kiosk.data?.db ? logSize(kiosk.data.db) : 0;
  }

  /** One pass now; only the window that runs the mesh compacts. Returns the ops dropped. */
  async runNow(now = Date.now()): Promise<number> {
    const data = kiosk.data;
    const db = data?.db;
    if (!data || !db || !sync.engine) return 0;
    const peers = this.#remember(data.showId, now);
    const mine = await db.versions.toArray();
    const keep = opsToKeep(mine, peers, now);
    // Loaded here, not with the screen: compaction runs minutes after the start.
    const [{ compactLog }, { collectUnusedPhotos }] = await Promise.all([
      import('../storage/oplog'),
      import('../storage/photo-collect'),
    ]);
    const removed = keep > 0 ? await compactLog(db, keep) : 0;
    // After the show, the photos nothing uses any more go too (storage/photo-collect.ts).
    const photosDropped = (await collectUnusedPhotos(db, data.showId, now)).length;
    this.last = { at: now, removed, left: await logSize(db), photosDropped };
    return removed;
  }
}

export const compaction = new Compaction();
