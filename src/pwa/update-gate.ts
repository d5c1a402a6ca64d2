import type { Look, Run, Show } from '../domain/model';
import { secondsAfter } from '../domain/running-order';
import { curtainAt } from '../domain/show-time';

/** A new version waits while a GO is due within this long. */
export const GO_GUARD_MS = 2 * 60_000;
/** ...and until nobody has touched the screen for this long. */
export const QUIET_MS = 30_000;

export interface ShowMoment {
  show: Pick<Show, 'phase' | 'pacingSeconds' | 'date' | 'curtainTime'>;
  run: Pick<Run, 'startedAt' | 'endedAt'> | undefined;
  /** Only the looks matter here: the look walking now (for its pacing) and whether one comes next. */
  position: { now: { look: Look } | undefined; nowGoAt: number; next: unknown };
}

/** The show is running: phase live, or a run (rehearsal included) under way. */
export function isShowLive({ show, run }: Pick<ShowMoment, 'show' | 'run'>): boolean {
  return show.phase === 'live' || (run !== undefined && run.startedAt > 0 && run.endedAt === 0);
}

/**
 * When the next GO is due (show time), `null` when none is coming (every look out),
 * `undefined` when it cannot be known (live, before the first GO, no curtain time).
 */
export function nextGoAt({ show, run, position }: ShowMoment): number | null | undefined {
  if (position.now && position.nowGoAt > 0) {
    if (!position.next) return null;
    return position.nowGoAt + secondsAfter(show, position.now.look) * 1000;
  }
  // Before the first GO of the run: the curtain time, if there is one.
  if (run && run.startedAt > 0 && run.endedAt === 0 && !position.next) return null;
  return curtainAt(show);
}

/** A GO is due within two minutes (or overdue, or not knowable while live). */
export function isGoDueSoon(moment: ShowMoment, now: number): boolean {
  if (!isShowLive(moment)) return false;
  const at = nextGoAt(moment);
  if (at === null) return false;
  if (at === undefined) return true;
  return at - now <= GO_GUARD_MS;
}

export interface GateInput {
  /** undefined: no show open on this kiosk. */
  moment: ShowMoment | undefined;
  /** Show time. */
  now: number;
  /** Device time of the last touch, click or key, and device time now. */
  lastInputAt: number;
  deviceNow: number;
  /** A write not yet stored, or stored ops a linked kiosk has not confirmed. */
  isWriteWaiting: boolean;
}

export type GateVerdict = { isOpen: true } | { isOpen: false; reason: string };

/**
 * May a waiting new version take over (and reload the screen) now? Only when a reload
 * cannot hurt: no GO due within two minutes of a live show, nobody touched the screen
 * for 30 s, and no write waiting.
 */
export function updateGate(input: GateInput): GateVerdict {
  if (input.isWriteWaiting) return { isOpen: false, reason: 'a change is still being sent' };
  const quietFor = input.deviceNow - input.lastInputAt;
  if (quietFor < QUIET_MS)
    return { isOpen: false, reason: 'the screen was touched in the last 30 s' };
  if (input.moment && isGoDueSoon(input.moment, input.now))
    return { isOpen: false, reason: 'the show is live and a GO is due within 2 minutes' };
  return { isOpen: true };
}
