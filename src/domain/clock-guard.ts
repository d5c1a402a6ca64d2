import { decodeHlc, MAX_DRIFT_MS, type Hlc } from './hlc';
import type { SiteId } from './ids';

// Bad clocks are contained: a kiosk whose date is wrong (a flat battery, a factory
// reset, a hand-set clock) stamps its ops far in the future. Applied, such an op wins
// last-writer-wins against every honest edit until that date, and the producer's fix
// is silently lost. So a receiver holds back an op stamped more than a few minutes
// ahead of its own show clock, tries it again as the clock advances, and shows the
// author's clock as wrong. Pure functions over an immutable state: the engine keeps
// the state, calls `admit` as ops arrive and `release` on its tick.

/** How far ahead of our show clock an op may be stamped and still be applied now. */
export const MAX_AHEAD_MS = MAX_DRIFT_MS;
/** Ops held per author: beyond this, more are refused (catch-up offers them again later). */
export const MAX_HELD_PER_SITE = 2_000;
/** Authors with held ops: beyond this, a new wrong-clocked author's ops are refused. */
export const MAX_HELD_SITES = 64;

/** What the guard needs of an op: its author, its place in the author's log, its clock. */
export interface Stamped {
  readonly site: SiteId;
  readonly seq: number;
  readonly hlc: Hlc;
}

export interface ClockGuardLimits {
  maxAheadMs: number;
  maxHeldPerSite: number;
  maxHeldSites: number;
}

export const DEFAULT_CLOCK_GUARD_LIMITS: ClockGuardLimits = {
  maxAheadMs: MAX_AHEAD_MS,
  maxHeldPerSite: MAX_HELD_PER_SITE,
  maxHeldSites: MAX_HELD_SITES,
};

/** Ops held back, per author, in log order. */
export interface HeldOps<T extends Stamped> {
  readonly bySite: ReadonlyMap<SiteId, readonly T[]>;
}

export const noHeldOps = <T extends Stamped>(): HeldOps<T> => ({ bySite: new Map() });

/** How far ahead of `showNow` the op is stamped (negative: in the past). */
export const aheadOf = (op: Pick<Stamped, 'hlc'>, showNow: number): number =>
  decodeHlc(op.hlc).wall - showNow;

/** Whether the op's clock is too far ahead to be applied at `showNow`. */
export const isTooFarAhead = (
  op: Pick<Stamped, 'hlc'>,
  showNow: number,
  maxAheadMs = MAX_AHEAD_MS,
): boolean => aheadOf(op, showNow) > maxAheadMs;

/** The show time at which an op stamped too far ahead may be applied. */
export const dueAt = (op: Stamped, maxAheadMs = MAX_AHEAD_MS): number =>
  decodeHlc(op.hlc).wall - maxAheadMs;

export interface Admitted<T extends Stamped> {
  held: HeldOps<T>;
  /** Apply these now, in this order. */
  ready: T[];
  /** Neither applied nor held (the holding is full): count them; catch-up offers them again. */
  refused: T[];
}

/**
 * Sort arriving ops into ready and held. Once an author has an op held, its later
 * ops wait behind it even if their own clocks look fine: an author's log is applied
 * in order, and a version vector counts only what is held without gaps.
 */
export function admit<T extends Stamped>(
  held: HeldOps<T>,
  incoming: readonly T[],
  showNow: number,
  limits: ClockGuardLimits = DEFAULT_CLOCK_GUARD_LIMITS,
): Admitted<T> {
  const bySite = new Map(held.bySite);
  const ready: T[] = [];
  const refused: T[] = [];
  for (const op of incoming) {
    const waiting = bySite.get(op.site);
    if (!waiting && !isTooFarAhead(op, showNow, limits.maxAheadMs)) {
      ready.push(op);
      continue;
    }
    const same = waiting?.findIndex((other) => other.seq === op.seq) ?? -1;
    if (waiting && same >= 0) {
      // Another copy of one already held: the same op again, or a fork's winning copy
      // (intake lets no losing copy this far), which takes the held one's place.
      bySite.set(
        op.site,
        waiting.map((other, i) => (i === same ? op : other)),
      );
      continue;
    }
    const isRoomy = waiting
      ? waiting.length < limits.maxHeldPerSite
      : bySite.size < limits.maxHeldSites;
    if (!isRoomy) {
      refused.push(op);
      continue;
    }
    bySite.set(
      op.site,
      [...(waiting ?? []), op].sort((a, b) => a.seq - b.seq),
    );
  }
  return { held: { bySite }, ready, refused };
}

/**
 * The held ops whose time has come at `showNow`, in each author's log order: from
 * the front of each author's queue up to its first op still too far ahead.
 */
export function release<T extends Stamped>(
  held: HeldOps<T>,
  showNow: number,
  maxAheadMs = MAX_AHEAD_MS,
): { held: HeldOps<T>; ready: T[] } {
  const bySite = new Map<SiteId, readonly T[]>();
  const ready: T[] = [];
  for (const [site, waiting] of held.bySite) {
    const stillAhead = waiting.findIndex((op) => isTooFarAhead(op, showNow, maxAheadMs));
    const due = stillAhead === -1 ? waiting.length : stillAhead;
    ready.push(...waiting.slice(0, due));
    if (due < waiting.length) bySite.set(site, waiting.slice(due));
  }
  return { held: { bySite }, ready };
}

/** When to call `release` next (show time), or undefined when nothing is held. */
export function nextReleaseAt<T extends Stamped>(
  held: HeldOps<T>,
  maxAheadMs = MAX_AHEAD_MS,
): number | undefined {
  let next: number | undefined;
  for (const waiting of held.bySite.values()) {
    const first = waiting[0];
    if (first) next = Math.min(next ?? Infinity, dueAt(first, maxAheadMs));
  }
  return next;
}

/** An author whose clock is wrong, for the kiosks panel. */
export interface WrongClock {
  site: SiteId;
  /** How far ahead its furthest held op is stamped, in ms. */
  aheadMs: number;
  held: number;
}

/** The authors with ops held back, furthest ahead first. */
export function wrongClocks<T extends Stamped>(held: HeldOps<T>, showNow: number): WrongClock[] {
  return [...held.bySite]
    .map(([site, waiting]) => ({
      site,
      aheadMs: Math.max(...waiting.map((op) => aheadOf(op, showNow))),
      held: waiting.length,
    }))
    .sort((a, b) => b.aheadMs - a.aheadMs);
}

export const heldCount = <T extends Stamped>(held: HeldOps<T>): number =>
  [...held.bySite.values()].reduce((sum, waiting) => sum + waiting.length, 0);
