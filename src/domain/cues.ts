import type { LookId, RunId } from './ids';
import type { Cue, Run } from './model';
import type { NumberedLook } from './running-order';

export const cueId = (runId: RunId, lookId: LookId): string => `${runId}:${lookId}`;

/** The run going on: the latest started and not ended. */
export function currentRun(runs: readonly Run[]): Run | undefined {
  return [...runs]
    .filter((run) => run.startedAt > 0 && run.endedAt === 0)
    .sort((a, b) => b.startedAt - a.startedAt)[0];
}

export interface Position {
  /** The look walking now (the last one cued), if any. */
  now: NumberedLook | undefined;
  nowGoAt: number;
  /** Index into the walking order of the next look to go; order.length when all have gone. */
  nextIndex: number;
  next: NumberedLook | undefined;
}

/**
 * Where the show is in `order` for one run: now = the look cued last, next = the
 * first look after it not yet cued (a look cued out of order is not sent twice).
 */
export function showPosition(
  order: readonly NumberedLook[],
  cues: readonly Cue[],
  runId: RunId | undefined,
): Position {
  const runCues = runId ? cues.filter((cue) => cue.runId === runId && cue.goAt > 0) : [];
  const cued = new Set(runCues.map((cue) => cue.lookId));
  // Two GOs stamped in the same millisecond (two kiosks, or a clicker and a tap) are
  // told apart by the running order: the later look is the one walking.
  const indexOf = new Map(order.map((entry, index) => [entry.look.id as string, index]));
  const rank = (cue: Cue) => indexOf.get(cue.lookId) ?? -1;
  const last = [...runCues].sort((a, b) => b.goAt - a.goAt || rank(b) - rank(a))[0];
  const nowIndex = last ? (indexOf.get(last.lookId) ?? -1) : -1;
  let nextIndex = nowIndex + 1;
  while (nextIndex < order.length && cued.has((order[nextIndex] as NumberedLook).look.id))
    nextIndex += 1;
  return {
    now: nowIndex >= 0 ? order[nowIndex] : undefined,
    nowGoAt: last?.goAt ?? 0,
    nextIndex,
    next: order[nextIndex],
  };
}

// ——— Holds ———
// A run's holds are `[start, end]` pairs of show time (end 0 while holding). Kept on
// the run, so the debrief can say which gap a hold caused.

export type Hold = readonly [number, number];

/** The run's holds, well-formed only: a row from another kiosk may hold anything. */
export function runHolds(run: Pick<Run, 'holds'> | undefined): Hold[] {
  const holds = run?.holds;
  if (!Array.isArray(holds)) return [];
  return holds.flatMap((hold): Hold[] =>
    Array.isArray(hold) && typeof hold[0] === 'number' && typeof hold[1] === 'number' && hold[0] > 0
      ? [[hold[0], hold[1]]]
      : [],
  );
}

export const isHeld = (run: Pick<Run, 'holds'> | undefined): boolean =>
  runHolds(run).at(-1)?.[1] === 0;

/** Since when the run is held, or 0. */
export const heldSince = (run: Pick<Run, 'holds'> | undefined): number => {
  const last = runHolds(run).at(-1);
  return last && last[1] === 0 ? last[0] : 0;
};

/** Milliseconds of hold between `from` and `to` (a hold still going counts up to `now`). */
export function heldBetween(
  run: Pick<Run, 'holds'> | undefined,
  from: number,
  to: number,
  now: number,
): number {
  let total = 0;
  for (const [start, end] of runHolds(run)) {
    const stop = end === 0 ? now : end;
    total += Math.max(0, Math.min(stop, to) - Math.max(start, from));
  }
  return total;
}

/** The holds after a hold tap (`holding` true) or a resume tap at `at`; unchanged when already so. */
export function nextHolds(
  run: Pick<Run, 'holds'> | undefined,
  holding: boolean,
  at: number,
): number[][] {
  const holds = runHolds(run).map((hold) => [hold[0], hold[1]]);
  const isHolding = holds.at(-1)?.[1] === 0;
  if (holding && !isHolding) holds.push([at, 0]);
  if (!holding && isHolding)
    (holds.at(-1) as number[])[1] = Math.max(at, (holds.at(-1) as number[])[0] as number);
  return holds;
}
