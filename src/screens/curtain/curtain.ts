import type { Position } from '../../domain/cues';
import type { LookId, ModelId } from '../../domain/ids';
import type { Model, Progress, Show } from '../../domain/model';
import type { Readiness } from '../../domain/readiness';
import { displayReadiness, modelName, readinessText, stepList } from '../../domain/look-display';
import { secondsAfter, type NumberedLook, type QuickChange } from '../../domain/running-order';
import { countdown, formatDuration } from '../../domain/show-time';

// The curtain display: who walks now, who is next, who follows, and the GO.

export interface StageLook {
  id: LookId;
  number: number;
  modelName: string;
  outfit: string;
  section: string;
  readiness: Readiness;
  readinessText: string;
  /** Ready or already at the line-up. */
  isReady: boolean;
}

export interface CurtainView {
  now: StageLook | undefined;
  next: StageLook | undefined;
  /** The looks after next, up to five. */
  following: StageLook[];
  isEmpty: boolean;
  isAllWalked: boolean;
  /** `GO — look 12`, or '' when nothing is left to send. */
  goLabel: string;
}

export const isReadyState = (readiness: Readiness): boolean =>
  readiness.state === 'ready' || readiness.state === 'at-lineup';

function stageLook(
  entry: NumberedLook,
  modelsById: ReadonlyMap<ModelId, Model>,
  progress: ReadonlyMap<string, Progress>,
  isUpcoming: boolean,
  stepsNamed = 2,
): StageLook {
  const readiness = displayReadiness(entry, progress, isUpcoming);
  return {
    id: entry.look.id,
    number: entry.number,
    modelName: modelName(modelsById, entry.look.modelId),
    outfit: entry.look.outfit.trim(),
    section: entry.look.section.trim(),
    readiness,
    readinessText: readinessText(readiness, stepsNamed),
    isReady: isReadyState(readiness),
  };
}

export function curtainView(
  order: readonly NumberedLook[],
  modelsById: ReadonlyMap<ModelId, Model>,
  progress: ReadonlyMap<string, Progress>,
  position: Position,
  followingCount = 5,
): CurtainView {
  const next = position.next;
  const following = order.slice(position.nextIndex + 1, position.nextIndex + 1 + followingCount);
  return {
    now: position.now ? stageLook(position.now, modelsById, progress, false) : undefined,
    next: next ? stageLook(next, modelsById, progress, true) : undefined,
    // The list after next is narrower: one missing step by name, the rest counted.
    following: following.map((entry) => stageLook(entry, modelsById, progress, true, 1)),
    isEmpty: order.length === 0,
    isAllWalked: order.length > 0 && !next,
    goLabel: next ? `GO — look ${next.number}` : '',
  };
}

export interface GoPacing {
  /** Time since the last GO: `0:32`. */
  sinceText: string;
  sinceLabel: string;
  /** Planned seconds from that GO to the next, as `0:45`. */
  plannedText: string;
  /** `Next GO in` or `Over by`. */
  label: string;
  text: string;
  isOver: boolean;
}

/**
 * Pacing against plan: the next GO is due `secondsAfter` the look walking now went
 * out; counts down to it, then counts how far over. Nothing before the first GO.
 */
export function goCountdown(
  show: Pick<Show, 'pacingSeconds'>,
  position: Position,
  now: number,
): GoPacing | undefined {
  if (!position.now || position.nowGoAt <= 0) return undefined;
  const planned = secondsAfter(show, position.now.look) * 1000;
  const target = position.nowGoAt + planned;
  const left = countdown(target, now);
  const base = {
    sinceText: formatDuration(now - position.nowGoAt),
    sinceLabel: `since look ${position.now.number} went`,
    plannedText: formatDuration(planned),
  };
  if (!position.next) return { ...base, label: 'Last look out', text: '', isOver: false };
  return left.isOver
    ? { ...base, label: 'Over by', text: formatDuration(now - target), isOver: true }
    : { ...base, label: 'Next GO in', text: left.text, isOver: false };
}

export interface QuickChangeWarning {
  id: string;
  modelName: string;
  fromNumber: number;
  toNumber: number;
  /** "QUICK CHANGE — Olivia Brooks back in look 17, 90 s after look 15" */
  text: string;
  isReady: boolean;
  /** "Look 17 ready" or "Look 17 not ready — needs Hair, Makeup +3". */
  statusText: string;
}

/**
 * Quick changes to watch: the model's first look is walking, gone, or among the next
 * `horizon` looks, and the look they come back in has not gone yet.
 */
export function quickChangeWarnings(
  changes: readonly QuickChange[],
  modelsById: ReadonlyMap<ModelId, Model>,
  progress: ReadonlyMap<string, Progress>,
  position: Position,
  horizon = 6,
): QuickChangeWarning[] {
  return changes
    .filter(
      (change) =>
        change.to.index >= position.nextIndex && change.from.index < position.nextIndex + horizon,
    )
    .sort((a, b) => a.to.index - b.to.index)
    .map((change) => {
      const name = modelName(modelsById, change.modelId);
      const readiness = displayReadiness(change.to, progress, true);
      const isReady = isReadyState(readiness);
      const look = `Look ${change.to.number}`;
      return {
        id: `${change.from.look.id}>${change.to.look.id}`,
        modelName: name,
        fromNumber: change.from.number,
        toNumber: change.to.number,
        // A non-breaking space keeps "90 s" together on the display.
        text: `QUICK CHANGE — ${name} back in look ${change.to.number}, ${change.seconds}\u00a0s after look ${change.from.number}`,
        isReady,
        statusText: isReady
          ? `${look} ready`
          : `${look} not ready — needs ${stepList(readiness.missing, 2)}`,
      };
    });
}

/** A second GO within `guardMs` of the first is a double tap, not a cue. */
export const isGoGuarded = (lastTapAt: number, now: number, guardMs = 1000): boolean =>
  lastTapAt > 0 && now - lastTapAt < guardMs;

export interface LineupRange {
  from: number;
  to: number;
  label: string;
}

/** The line-up call the curtain offers: the next look and the five after it. */
export function lineupRange(
  order: readonly NumberedLook[],
  position: Position,
  span = 6,
): LineupRange | undefined {
  const first = position.next;
  if (!first) return undefined;
  const last = order[Math.min(order.length - 1, position.nextIndex + span - 1)] ?? first;
  const from = first.number;
  const to = Math.max(from, last.number);
  return {
    from,
    to,
    label: from === to ? `Call look ${from} to line-up` : `Call looks ${from}–${to} to line-up`,
  };
}
