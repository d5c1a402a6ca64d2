import type { SiteId } from '../../domain/ids';
import type { Op, VersionVector } from '../../domain/op';

// Ops above a gap wait. An author's ops are applied in its log order: one that
// arrives before the ops below it (another route was faster, or one was lost) waits
// here until they come. Applied at once, it would show on this kiosk only, and for
// good if the ops below never come: catch-up passes on only what runs without a gap,
// so a forged op far above an author's log would make one kiosk differ from all the
// others. Bounded like the clock guard's hold; beyond, ops are refused (catch-up
// offers them again in order).

export const MAX_PARKED_PER_SITE = 2_000;
export const MAX_PARKED_SITES = 64;

export class GapHold {
  readonly #parked = new Map<SiteId, Map<number, Op>>();

  /**
   * Sort ready ops (any order) into those that continue `known` (with those parked
   * that they unblock), those parked (now, or already), and those refused for want of
   * room. `known` is this kiosk's version vector; ops at or below it pass (the store
   * skips them).
   */
  take(ops: readonly Op[], known: VersionVector): { ready: Op[]; parked: Op[]; refused: Op[] } {
    const refused: Op[] = [];
    const parked: Op[] = [];
    const touched = new Set<SiteId>();
    const ready: Op[] = [];
    for (const op of ops) {
      if (op.seq <= (known[op.site] ?? 0) + 1) {
        ready.push(op);
        continue;
      }
      let waiting = this.#parked.get(op.site);
      if (!waiting) {
        if (this.#parked.size >= MAX_PARKED_SITES) {
          refused.push(op);
          continue;
        }
        this.#parked.set(op.site, (waiting = new Map()));
      }
      // Parked already (say a live push that came before the snapshot it needed): it is
      // still held here, so it counts as parked again, and as a snapshot's head it backs
      // the floor (bookkeeping.ts). Left out, that floor never rose and the gap stayed.
      if (waiting.has(op.seq)) {
        // Another copy is a fork's winner (intake lets no loser this far): it takes the
        // parked one's place.
        waiting.set(op.seq, op);
        parked.push(op);
        continue;
      }
      if (waiting.size >= MAX_PARKED_PER_SITE) {
        refused.push(op);
        continue;
      }
      waiting.set(op.seq, op);
      parked.push(op);
      touched.add(op.site);
    }
    for (const op of ready) touched.add(op.site);
    ready.push(...this.#unblocked(ready, known, touched));
    return { ready, parked, refused };
  }

  /** Parked ops that `known` (after a snapshot, say) now continues. */
  flush(known: VersionVector): Op[] {
    return this.#unblocked([], known, new Set(this.#parked.keys()));
  }

  get count(): number {
    let n = 0;
    for (const waiting of this.#parked.values()) n += waiting.size;
    return n;
  }

  /** Parked ops of `sites` that now run on from `known` and the ready ops. */
  #unblocked(ready: readonly Op[], known: VersionVector, sites: Set<SiteId>): Op[] {
    const top = new Map<SiteId, number>();
    for (const site of sites) top.set(site, known[site] ?? 0);
    const sorted = [...ready].sort((a, b) => a.seq - b.seq);
    for (const op of sorted) if (op.seq === (top.get(op.site) ?? 0) + 1) top.set(op.site, op.seq);
    const out: Op[] = [];
    for (const site of sites) {
      const waiting = this.#parked.get(site);
      if (!waiting) continue;
      let next = (top.get(site) ?? 0) + 1;
      for (const seq of [...waiting.keys()]) if (seq < next) waiting.delete(seq); // held already
      for (let op = waiting.get(next); op; op = waiting.get(++next)) {
        out.push(op);
        waiting.delete(op.seq);
      }
      if (waiting.size === 0) this.#parked.delete(site);
    }
    return out;
  }
}
