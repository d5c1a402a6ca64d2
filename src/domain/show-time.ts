import { heldBetween, heldSince, isHeld, type Position } from './cues';
import type { Run, Show } from './model';
import { plannedSecondsUntil, secondsAfter, type NumberedLook } from './running-order';

/** Epoch ms of a local `HH:MM` on the show's `YYYY-MM-DD`, or undefined when either is unset or malformed. */
export function showTimeAt(date: string, time: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const at = new Date(
    Number(d[1]),
    Number(d[2]) - 1,
    Number(d[3]),
    Number(t[1]),
    Number(t[2]),
  ).getTime();
  return Number.isFinite(at) ? at : undefined;
}

export const curtainAt = (show: Pick<Show, 'date' | 'curtainTime'>): number | undefined =>
  showTimeAt(show.date, show.curtainTime);

/** `1:02:03`, `12:03`, `0:09`: minutes and seconds always, hours when there are any. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** A countdown from an absolute target: never a decrementing counter. Past the target it counts up, as "over". */
export function countdown(target: number, now: number): { text: string; isOver: boolean } {
  const remaining = target - now;
  // Round up while counting down so "0:00" shows only at the target itself.
  return remaining > 0
    ? { text: formatDuration(Math.ceil(remaining / 1000) * 1000), isOver: false }
    : { text: `+${formatDuration(-remaining)}`, isOver: true };
}

/** `19:05` in the kiosk's local time. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** What a countdown or clock shows while the kiosk is still finding the venue clock. */
export const UNSETTLED_CLOCK = '–:––';

// ——— Where the show will finish ———

export interface Forecast {
  /** When the last look will have walked, at the planned pacing from where the show is now. */
  expectedFinish: number;
  /** When it would have, had everything gone to plan from the planned start. */
  plannedFinish: number;
  /** expected − planned: positive = behind plan. */
  behindMs: number;
  /** "Finish ≈ 20:14" (short: it shares a narrow column on the wall) */
  finishText: string;
  /** "2:30 behind", "0:40 ahead" (of plan), "on plan" (within ON_PLAN_MS). */
  planText: string;
  isBehind: boolean;
  isHeld: boolean;
  /** "On hold 1:12", or ''. */
  holdText: string;
}

export interface ForecastInput {
  show: Pick<Show, 'pacingSeconds' | 'date' | 'curtainTime'>;
  /** The walking order. */
  order: readonly NumberedLook[];
  position: Position;
  run: Run | undefined;
  now: number;
}

const ON_PLAN_MS = 15_000;

/**
 * Expected finish and ahead/behind plan. The plan starts at the curtain for a live run
 * (a late curtain is behind plan), at the run's own start for a rehearsal; without a
 * run, at the curtain (or now, once it has passed). From where the show is, the rest
 * goes at the planned pacing: the next GO is due `pacing` after the last one, never
 * before now, and a hold pushes everything back for as long as it lasts.
 */
export function forecast({ show, order, position, run, now }: ForecastInput): Forecast | undefined {
  if (order.length === 0) return undefined;
  const curtain = curtainAt(show);
  const total = plannedSecondsUntil(show, order, 0, order.length) * 1000;
  const plannedStart = run
    ? run.kind === 'live' && curtain !== undefined
      ? curtain
      : run.startedAt
    : (curtain ?? now);
  const plannedFinish = plannedStart + total;
  const isOnHold = isHeld(run);
  let nextGo: number;
  if (!run || !position.now) nextGo = Math.max(now, run ? run.startedAt : (curtain ?? now));
  else {
    const due = position.nowGoAt + secondsAfter(show, position.now.look) * 1000;
    nextGo = Math.max(now, due + heldBetween(run, position.nowGoAt, Infinity, now));
  }
  const left = position.next
    ? plannedSecondsUntil(show, order, position.nextIndex, order.length) * 1000
    : 0;
  // All walked: the show ends as the last look comes back, whatever the clock says now.
  const lastOut = position.now
    ? position.nowGoAt + secondsAfter(show, position.now.look) * 1000
    : nextGo;
  const expectedFinish = position.next || !run ? nextGo + left : lastOut;
  const behindMs = expectedFinish - plannedFinish;
  const planText =
    Math.abs(behindMs) < ON_PLAN_MS
      ? 'on plan'
      : `${formatDuration(Math.abs(behindMs))} ${behindMs > 0 ? 'behind' : 'ahead'}`;
  const since = heldSince(run);
  return {
    expectedFinish,
    plannedFinish,
    behindMs,
    finishText: `Finish ≈ ${clockTime(expectedFinish)}`,
    planText,
    isBehind: behindMs >= ON_PLAN_MS,
    isHeld: isOnHold,
    holdText: isOnHold ? `On hold ${formatDuration(now - since)}` : '',
  };
}
