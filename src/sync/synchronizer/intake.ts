import {
  admit,
  heldCount,
  nextReleaseAt,
  noHeldOps,
  release,
  wrongClocks,
  type HeldOps,
  type WrongClock,
} from '../../domain/clock-guard';
import type { SiteId } from '../../domain/ids';
import type { Op, VersionVector } from '../../domain/op';
import type { PeerId } from '../network/transport';
import { ForkDetector, type Fork } from './forks';
import { advancedBy } from '../protocol/version-vector';
import { GapHold } from './gaps';
import { RoleDoor } from './role-door';
import { SiteBudget } from './site-budget';

// What a kiosk does with ops from peers once their message parsed, before any of
// them reaches the store: a fork (another op under a site and seq already seen) is
// refused, ops of sites new to this kiosk spend their peer's new-site budget, and
// ops stamped too far ahead of the show clock are held back (domain/clock-guard.ts)
// until the clock reaches them. What comes out as `ready` is what the engine stores.
// Ops of authors not admitted, removed, or writing outside their role are sorted out by
// the role door (role-door.ts) before the clock hold.

export type RefusalReason =
  'fork' | 'too-many-sites' | 'clock-hold-full' | 'gap-hold-full' | 'out-of-role' | 'removed';

export interface Refused {
  op: Op;
  from: PeerId;
  why: RefusalReason;
  /** Why, where the reason alone does not say: "a makeup kiosk may not write the outfit of looks". */
  detail?: string;
}

export interface Intaken {
  /** Store these now, with the peer each came from, in arrival order. */
  ready: Array<{ from: PeerId; ops: Op[] }>;
  /** Waiting for the ops below them (gaps.ts), with the peer each came from. */
  parked: Array<{ from: PeerId; ops: Op[] }>;
  /** Held back: their clocks are too far ahead. */
  held: number;
  refused: Refused[];
  /** Forks found in this intake. */
  forks: Fork[];
  /** Winning copies of forks whose losing copy this kiosk saw first (and may have stored). */
  winners: Op[];
}

/** Refusals counted by reason since the engine started (for the status). */
export type RefusalCounts = Record<RefusalReason, number>;

export class Intake {
  #held: HeldOps<Op> = noHeldOps();
  readonly #forks = new ForkDetector();
  readonly #sites: SiteBudget;
  readonly #refusals: RefusalCounts = {
    fork: 0,
    'too-many-sites': 0,
    'clock-hold-full': 0,
    'gap-hold-full': 0,
    'out-of-role': 0,
    removed: 0,
  };
  readonly #gaps = new GapHold();
  readonly door: RoleDoor;

  constructor(sites = new SiteBudget(), door = new RoleDoor()) {
    this.#sites = sites;
    this.door = door;
  }

  /** Ops this kiosk wrote: a clone of it writing the same seqs is a fork too. */
  noteOwn(ops: readonly Op[]): void {
    for (const op of ops) this.#forks.check(op);
  }

  /**
   * Sort ops from peers into ready, held and refused. `known` is this kiosk's version
   * vector: the sites it already holds ops of.
   */
  take(
    batches: ReadonlyArray<{ from: PeerId; ops: readonly Op[] }>,
    known: VersionVector,
    showNow: number,
  ): Intaken {
    const refused: Refused[] = [];
    const forks: Fork[] = [];
    const winners: Op[] = [];
    const ready: Intaken['ready'] = [];
    const parked: Intaken['parked'] = [];
    let held = 0;
    const knownSites = this.#sites.knownSites(known);
    // Ops of one batch continue the vector for the next: pushes that arrived together.
    let running = known;
    for (const { from, ops } of batches) {
      const passed: Op[] = [];
      for (const op of ops) {
        const fork = this.#forks.check(op);
        if (fork) forks.push(fork.fork);
        if (fork?.isLoser) refused.push({ op, from, why: 'fork' });
        // A winning copy of an op stored here replaces it; one of an op not stored yet
        // (held for its clock, or parked above a gap) goes the way any op goes: applied
        // at once, it would show above a gap on this kiosk only.
        else if (fork && op.seq <= (running[op.site] ?? 0)) winners.push(op);
        else if (!this.#sites.allows(from, op.site, knownSites, showNow))
          refused.push({ op, from, why: 'too-many-sites' });
        else passed.push(op);
      }
      const judged = this.door.sort(passed);
      for (const { op, why, detail } of judged.refused) refused.push({ op, from, why, detail });
      const before = heldCount(this.#held);
      const admitted = admit(this.#held, judged.passed, showNow);
      this.#held = admitted.held;
      held += heldCount(this.#held) - before;
      for (const op of admitted.refused) refused.push({ op, from, why: 'clock-hold-full' });
      const inOrder = this.#gaps.take(admitted.ready, running);
      running = advancedBy(running, inOrder.ready);
      for (const op of inOrder.refused) refused.push({ op, from, why: 'gap-hold-full' });
      if (inOrder.ready.length > 0) ready.push({ from, ops: inOrder.ready });
      if (inOrder.parked.length > 0) parked.push({ from, ops: inOrder.parked });
    }
    for (const { why } of refused) this.#refusals[why] += 1;
    return { ready, parked, held, refused, forks, winners };
  }

  /**
   * Held ops whose time has come at `showNow`, and parked ops that `known` now
   * continues (after a snapshot, say), in each author's log order.
   */
  release(showNow: number, known: VersionVector): Op[] {
    // Ops of authors admitted since they came: through the clock hold like any op.
    const readmitted = this.door.readmit();
    for (const { why } of readmitted.refused) this.#refusals[why] += 1;
    const clocked = admit(this.#held, readmitted.passed, showNow);
    this.#refusals['clock-hold-full'] += clocked.refused.length;
    const released = release(clocked.held, showNow);
    this.#held = released.held;
    const inOrder = this.#gaps.take([...clocked.ready, ...released.ready], known);
    this.#refusals['gap-hold-full'] += inOrder.refused.length;
    return [...inOrder.ready, ...this.#gaps.flush(known)];
  }

  /** Ops waiting for the ops below them. */
  get parkedCount(): number {
    return this.#gaps.count;
  }

  /** Show time of the next `release` worth calling, or undefined when nothing is held. */
  get nextReleaseAt(): number | undefined {
    return nextReleaseAt(this.#held);
  }

  get heldCount(): number {
    return heldCount(this.#held);
  }

  /** Whether an op of `site` with this seq is held back here. */
  isHeld(site: SiteId, seq: number): boolean {
    return this.#held.bySite.get(site)?.some((op) => op.seq === seq) === true;
  }

  wrongClocks(showNow: number): WrongClock[] {
    return wrongClocks(this.#held, showNow);
  }

  get forks(): readonly Fork[] {
    return this.#forks.found;
  }

  get refusals(): Readonly<RefusalCounts> {
    return this.#refusals;
  }
}
