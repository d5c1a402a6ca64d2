import type { SiteId } from '../domain/ids';
import type { RosterEntry, Role } from '../domain/model';
import type { VersionVector } from '../domain/op';
import { lacking } from '../sync/protocol/version-vector';
import { clockAheadText, droppedText, refusedText, type KioskWarnings } from './kiosk-warnings';

// Who is in the show and how each kiosk is doing, for the kiosks panel and the
// status corner. Pure: the roster (synced), what the engine says about linked
// peers, and what we last knew of the others.

/** A linked peer as the sync engine sees it. */
export interface LivePeer {
  siteId: SiteId;
  name: string;
  role: Role | '';
  /** Proved the show key: changes flow. */
  isAuthenticated: boolean;
  versions: VersionVector;
  badMessages: number;
}

export interface KioskPresence {
  siteId: SiteId;
  name: string;
  role: Role | '';
  isSelf: boolean;
  isOnline: boolean;
  /** Show time it was last seen (roster heartbeat or link), 0 = never. */
  lastSeen: number;
  /** Changes it lacks that this kiosk holds; null when never linked since this kiosk started. */
  behind: number | null;
  /** This kiosk's own changes not yet delivered to it; null when unknown. */
  waiting: number | null;
  badMessages: number;
  /** Its clock is this far ahead of the show's (its changes are held back), or null. */
  clockAhead: { ms: number; held: number } | null;
  /** Dropped for a while for what it sent, or null. */
  dropped: { until: number; reason: string } | null;
  /** Changes of it refused here: outside its role, or after its removal (sync/synchronizer/role-door.ts). */
  refused?: { changes: number; last: string };
}

/** A kiosk not seen for this long has left the show: the roster forgets it. */
export const FORGET_AFTER_MS = 12 * 3600_000;
/** "N of M online" counts the kiosks seen within this time (and the online ones). */
export const RECENT_MS = 30 * 60_000;

export interface PresenceInput {
  /**
   * Show time of the listing. By default the freshest "last seen" of the roster: every
   * kiosk (this one too) beats once a minute, so it is a minute behind at most.
   */
  now?: number;
  self: SiteId;
  roster: readonly RosterEntry[];
  live: readonly LivePeer[];
  /** Last version vector heard from each site (kept after it went away). */
  lastKnown: Readonly<Record<string, VersionVector>>;
  /** When each site was last linked (show time). */
  lastLinked: Readonly<Record<string, number>>;
  ours: VersionVector;
  /** What the sync guards say of kiosks: wrong clocks, drops (kiosk-warnings.ts). */
  warnings?: KioskWarnings;
}

/** Every kiosk of the show, this one first, then online ones, then by name. */
export function presenceList(input: PresenceInput): KioskPresence[] {
  const { self, ours } = input;
  const bySite = new Map<string, KioskPresence>();
  const versionsOf = (site: string) =>
    input.live.find((p) => p.siteId === site && p.isAuthenticated)?.versions ??
    input.lastKnown[site];
  const counts = (site: string) => {
    const theirs = versionsOf(site);
    if (!theirs) return { behind: null, waiting: null };
    return {
      behind: lacking(ours, theirs),
      waiting: Math.max(0, (ours[self] ?? 0) - (theirs[self] ?? 0)),
    };
  };
  for (const row of input.roster) {
    bySite.set(row.id, {
      siteId: row.id,
      name: row.name,
      role: row.role,
      isSelf: row.id === self,
      isOnline: row.id === self,
      lastSeen: Math.max(row.lastSeen || 0, input.lastLinked[row.id] ?? 0),
      ...(row.id === self ? { behind: 0, waiting: 0 } : counts(row.id)),
      badMessages: 0,
      clockAhead: null,
      dropped: null,
    });
  }
  for (const peer of input.live) {
    const known = bySite.get(peer.siteId);
    const merged: KioskPresence = {
      siteId: peer.siteId,
      name: peer.name || known?.name || '',
      role: peer.role || known?.role || '',
      isSelf: false,
      isOnline: peer.isAuthenticated,
      lastSeen: Math.max(known?.lastSeen ?? 0, input.lastLinked[peer.siteId] ?? 0),
      ...counts(peer.siteId),
      badMessages: peer.badMessages,
      clockAhead: null,
      dropped: null,
    };
    // A linked peer that has not proved the key yet is not "online" in the show.
    if (known && !peer.isAuthenticated) merged.isOnline = false;
    bySite.set(peer.siteId, merged);
  }
  if (!bySite.has(self)) {
    bySite.set(self, {
      siteId: self,
      name: '',
      role: '',
      isSelf: true,
      isOnline: true,
      lastSeen: 0,
      behind: 0,
      waiting: 0,
      badMessages: 0,
      clockAhead: null,
      dropped: null,
    });
  }
  warn(bySite, input.warnings);
  // Kiosks gone for hours (last night's rehearsal tablets) are no longer part of the show.
  const now = input.now ?? freshest([...bySite.values()]);
  const isRemembered = (k: KioskPresence) =>
    k.isSelf ||
    k.isOnline ||
    k.clockAhead !== null ||
    k.dropped !== null ||
    k.refused !== undefined ||
    now - k.lastSeen < FORGET_AFTER_MS;
  return [...bySite.values()]
    .filter(isRemembered)
    .sort(
      (a, b) =>
        Number(b.isSelf) - Number(a.isSelf) ||
        Number(b.isOnline) - Number(a.isOnline) ||
        a.name.localeCompare(b.name) ||
        a.siteId.localeCompare(b.siteId),
    );
}

/**
 * Put the guards' warnings on their kiosks' rows. A kiosk the roster does not know yet
 * (its first ops were held back) gets a row of its own: a wrong clock must be seen.
 */
function warn(bySite: Map<string, KioskPresence>, warnings: KioskWarnings | undefined): void {
  const rowOf = (site: string): KioskPresence => {
    let row = bySite.get(site);
    if (!row) {
      row = {
        siteId: site as SiteId,
        name: '',
        role: '',
        isSelf: false,
        isOnline: false,
        lastSeen: 0,
        behind: null,
        waiting: null,
        badMessages: 0,
        clockAhead: null,
        dropped: null,
      };
      bySite.set(site, row);
    }
    return row;
  };
  for (const { site, aheadMs, held } of warnings?.clocks ?? [])
    rowOf(site).clockAhead = { ms: aheadMs, held };
  for (const { site, until, reason } of warnings?.dropped ?? []) {
    const row = rowOf(site);
    row.dropped = { until, reason };
    row.isOnline = false;
  }
  for (const { site, changes, last } of warnings?.refused ?? [])
    rowOf(site).refused = { changes, last };
}

/** The latest "last seen" of a list: the roster's own idea of now. */
const freshest = (list: readonly Pick<KioskPresence, 'lastSeen'>[]): number =>
  Math.max(0, ...list.map((k) => k.lastSeen));

/** "Online", "Last seen 40 s ago", "Last seen 3 min ago", "Last seen 2 h ago", "Never seen". */
export function lastSeenText(
  kiosk: Pick<KioskPresence, 'isOnline' | 'lastSeen'>,
  now: number,
): string {
  if (kiosk.isOnline) return 'Online';
  if (!kiosk.lastSeen) return 'Never seen';
  const seconds = Math.max(0, Math.round((now - kiosk.lastSeen) / 1000));
  if (seconds < 60) return `Last seen ${Math.max(1, seconds)} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `Last seen ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `Last seen ${hours} h ago`;
  return `Last seen ${Math.round(hours / 24)} days ago`;
}

/**
 * The corner's summary: kiosks online (this one included) out of those seen recently,
 * and the most changes waiting for any kiosk.
 */
export function presenceSummary(
  list: readonly KioskPresence[],
  now = freshest(list),
): { online: number; total: number; waiting: number } {
  return {
    online: list.filter((k) => k.isOnline).length,
    total: list.filter((k) => k.isOnline || now - k.lastSeen < RECENT_MS).length,
    waiting: Math.max(0, ...list.filter((k) => !k.isSelf).map((k) => k.waiting ?? 0)),
  };
}

/** Rows for the kiosks panel (src/ui/KiosksPanel.svelte), with "last seen" as of `now`. */
export function kioskRows(
  list: readonly KioskPresence[],
  now: number,
  roleLabels: Readonly<Record<string, string>>,
) {
  return list.map((kiosk) => ({
    siteId: kiosk.siteId,
    name: kiosk.name,
    roleLabel: kiosk.role ? (roleLabels[kiosk.role] ?? kiosk.role) : '—',
    isSelf: kiosk.isSelf,
    isOnline: kiosk.isOnline,
    statusText: kiosk.isSelf ? 'This kiosk' : lastSeenText(kiosk, now),
    behind: kiosk.behind,
    waiting: kiosk.waiting,
    badMessages: kiosk.badMessages,
    clockText: kiosk.clockAhead ? clockAheadText(kiosk.clockAhead.ms, kiosk.clockAhead.held) : '',
    droppedText: kiosk.dropped ? droppedText(kiosk.dropped.until, kiosk.dropped.reason, now) : '',
    refusedText: kiosk.refused ? refusedText(kiosk.refused.changes, kiosk.refused.last) : '',
  }));
}

/**
 * The kiosk whose clock is the show clock: a producer if one is linked (lowest site
 * id first), else the lowest site id, this kiosk included. Every kiosk of a mesh
 * picks the same one. With the show's admissions known (`isAdmittedProducer`), a
 * producer is a kiosk admitted as one: claiming the role in a hello is not enough.
 */
export function clockReference(
  self: { siteId: SiteId; role: Role | '' },
  live: readonly LivePeer[],
  isAdmittedProducer?: (site: SiteId) => boolean,
): { siteId: SiteId; isSelf: boolean } {
  const candidates = [
    { siteId: self.siteId, role: self.role, isSelf: true },
    ...live
      .filter((peer) => peer.isAuthenticated)
      .map((peer) => ({ siteId: peer.siteId, role: peer.role, isSelf: false })),
  ];
  const producers = candidates.filter((candidate) =>
    isAdmittedProducer ? isAdmittedProducer(candidate.siteId) : candidate.role === 'producer',
  );
  const pool = producers.length ? producers : candidates;
  const [first] = pool.sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  return { siteId: first!.siteId, isSelf: first!.isSelf };
}
