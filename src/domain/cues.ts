import type { LookId, RunId } from './ids';
import type { Cue, Run } from './model';
import type { NumberedLook } from './running-order';

export const cueId = (runId: RunId, lookId: LookId): string => `${runId}:${lookId}`;

/** The run going on: the latest started and not ended. */
export function currentRun(runs: readonly Run[]): Run | undefined {
  return [...runs].filter((run) => run.startedAt > 0 && run.endedAt === 0).sort((a, b) => b.startedAt - a.startedAt)[0];
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
export function showPosition(order: readonly NumberedLook[], cues: readonly Cue[], runId: RunId | undefined): Position {
  const runCues = runId ? cues.filter((cue) => cue.runId === runId && cue.goAt > 0) : [];
  const cued = new Set(runCues.map((cue) => cue.lookId));
  const last = [...runCues].sort((a, b) => b.goAt - a.goAt || (a.id < b.id ? 1 : -1))[0];
  const nowIndex = last ? order.findIndex((entry) => entry.look.id === last.lookId) : -1;
  let nextIndex = nowIndex + 1;
  while (nextIndex < order.length && cued.has((order[nextIndex] as NumberedLook).look.id)) nextIndex += 1;
  return {
    now: nowIndex >= 0 ? order[nowIndex] : undefined,
    nowGoAt: last?.goAt ?? 0,
    nextIndex,
    next: order[nextIndex],
  };
}
