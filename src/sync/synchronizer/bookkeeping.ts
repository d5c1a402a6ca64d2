import { isTooFarAhead } from '../../domain/clock-guard';
import type { SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import type { TableName } from '../../domain/model';
import type { Op, VersionVector } from '../../domain/op';
import type { PeerId } from '../network/transport';
import type { OpStore } from './op-store';

// Snapshots are bookkeeping as much as rows: their versions become floors ("this
// kiosk holds every op of site S up to n"), and ops at or below a floor are never
// asked for or stored again. So a kiosk takes a snapshot only when it asked for
// one, only from the peer it asked, and a floor only as far as that site's ops show:
// with its snapshot the peer sends each site's last op (its head), which this kiosk
// takes in like any op, and a site's floor goes no further than the head it stored.

/** How long an ask waits for its snapshot before another offer may be taken up. */
export const ASK_TIMEOUT_MS = 60_000;

interface Ask {
  peer: PeerId;
  id: number;
  at: number;
  /** The highest seq per site stored from this peer since the ask: what backs its floors. */
  shown: Map<SiteId, number>;
}

export class SnapshotAsks {
  #ask: Ask | undefined;

  /**
   * A peer offers a snapshot (its log cannot catch us up). Ask for it, unless an ask
   * is already waiting: one snapshot at a time is enough to catch up, and each costs
   * the whole show.
   */
  offered(peer: PeerId, id: number, now: number): boolean {
    const ask = this.#ask;
    if (ask && now - ask.at < ASK_TIMEOUT_MS) return false;
    this.#ask = { peer, id, at: now, shown: new Map() };
    return true;
  }

  /** Whether a snapshot part from `peer` with this id answers our ask. */
  isAsked(peer: PeerId, id: number): boolean {
    return this.#ask?.peer === peer && this.#ask.id === id;
  }

  /** Ops from `peer` were stored: while it answers our ask, they back its floors. */
  stored(peer: PeerId, ops: readonly Op[]): void {
    const ask = this.#ask;
    if (ask?.peer !== peer) return;
    for (const op of ops) ask.shown.set(op.site, Math.max(ask.shown.get(op.site) ?? 0, op.seq));
  }

  /**
   * The last part arrived: the floors it may set, each site's claim cut down to the
   * head this kiosk stored (a site without one keeps the floor it has), and how many
   * claims were cut. Ends the ask.
   */
  floors(peer: PeerId, claimed: VersionVector): { floors: VersionVector; cut: number } {
    const ask = this.#ask;
    if (ask?.peer !== peer) return { floors: {}, cut: 0 };
    this.#ask = undefined;
    const floors: VersionVector = {};
    let cut = 0;
    for (const [site, seq] of Object.entries(claimed)) {
      const shown = ask.shown.get(site as SiteId) ?? 0;
      if (shown < seq) cut += 1;
      // Just below the head: the head itself is in the log, so this kiosk can pass it
      // on with its own snapshots, and its version still reaches it.
      const floor = Math.min(seq, shown) - 1;
      if (floor > 0) floors[site] = floor;
    }
    return { floors, cut };
  }

  /** The peer went away: an ask to it is not coming back. */
  forget(peer: PeerId): void {
    if (this.#ask?.peer === peer) this.#ask = undefined;
  }
}

/**
 * The head of each site of `versions`: its op at exactly that seq, from our log, to
 * send before a snapshot. A site whose head is not in the log (compacted away by an
 * older version of the app) goes without: the asker keeps its own floor there.
 */
export async function headsOf(store: OpStore, versions: VersionVector): Promise<Op[]> {
  const sites = Object.keys(versions);
  if (sites.length === 0) return [];
  const below: VersionVector = {};
  for (const site of sites) below[site] = Math.max(0, (versions[site] ?? 0) - 1);
  const isHead = (op: Op) => versions[op.site] === op.seq;
  const all = await store.opsSince(below, sites.length * 2);
  const heads = all.kind === 'ops' ? all.ops.filter(isHead) : [];
  if (heads.length === sites.length) return heads;
  // Some head is missing (compacted, or ops arrived meanwhile): one site at a time.
  const found = new Set(heads.map((op) => op.site));
  for (const site of sites) {
    if (found.has(site as SiteId)) continue;
    const one = await store.opsSince({ ...versions, [site]: (versions[site] ?? 0) - 1 }, 1);
    if (one.kind === 'ops') heads.push(...one.ops.filter(isHead));
  }
  return heads;
}

/**
 * A snapshot's rows without the fields clocked too far ahead of the show clock: they
 * would win every later edit, as a held-back op would. Returns how many were dropped.
 */
export function withoutFutureFields(
  tables: Partial<Record<TableName, StoredRow[]>>,
  showNow: number,
): { tables: Partial<Record<TableName, StoredRow[]>>; dropped: number } {
  let dropped = 0;
  const kept: Partial<Record<TableName, StoredRow[]>> = {};
  for (const [table, rows] of Object.entries(tables) as Array<[TableName, StoredRow[]]>) {
    kept[table] = rows.flatMap((row) => {
      const future = Object.entries(row._clocks).filter(([, hlc]) =>
        isTooFarAhead({ hlc }, showNow),
      );
      if (future.length === 0) return [row];
      dropped += future.length;
      const clocks = { ...row._clocks };
      const clean: StoredRow = { ...row, _clocks: clocks };
      for (const [field] of future) {
        delete clocks[field];
        delete (clean as Record<string, unknown>)[field];
      }
      return Object.keys(clocks).length > 0 ? [clean] : [];
    });
  }
  return { tables: kept, dropped };
}
