import type { CallTemplate } from './calls';
import type { Position } from './cues';
import type { LookId, ModelId, SiteId } from './ids';
import type { Model, Progress, Show } from './model';
import { plannedSecondsUntil, type NumberedLook } from './running-order';

// The content team's view: who can be pulled aside for photos right now without
// delaying the show. A model is free when checked in, with hair and makeup done,
// dressed for their next look, and not walking in the next few looks (nor now,
// nor waiting at the line-up). Photographers tap a shot done per model or per look.

/** How many looks ahead a model must be clear of to be free for content. */
export const CONTENT_LOOKAHEAD = 5;

/** A shot done for a model (their portrait) or a look (the outfit), keyed by that id like progress. */
export interface ShotMark {
  id: ModelId | LookId;
  /** Show time when the shot was marked done; 0 = not done (a tap undone). */
  at: number;
  by: SiteId;
}

export type ContentStatus =
  /** Can be shot now. */
  | 'free'
  /** Not checked in yet. */
  | 'absent'
  /** Hair, makeup or dressing still open. */
  | 'preparing'
  /** On the runway now, or waiting at the line-up. */
  | 'walking'
  /** Walks within the lookahead. */
  | 'soon';

export interface ContentEntry {
  model: Model;
  status: ContentStatus;
  /** The look they walk next, or, when they have walked all theirs, the last one. */
  look: NumberedLook | undefined;
  /** Looks going out before theirs (0 = theirs is next); undefined when they walk no more. */
  looksAway: number | undefined;
  /** Planned seconds until their next look goes out, at the show's pacing; undefined when they walk no more. */
  secondsAway: number | undefined;
  /** What is still open, for `preparing`: in words ("Hair, Makeup, Dressed"). */
  missing: string[];
  isModelShot: boolean;
  isLookShot: boolean;
}

export interface ContentView {
  /** Free models, those not yet shot first, then those who walk soonest (they are free the least long). */
  free: ContentEntry[];
  /** Everyone else, the reason in `status`, in running order of their next look. */
  notFree: ContentEntry[];
}

const isDone = (
  progress: Progress | undefined,
  step: 'hair' | 'makeup' | 'dressed' | 'lineup' | 'walked',
): boolean => progress?.[step]?.done === true;

export const isShot = (marks: ReadonlyMap<string, ShotMark>, id: ModelId | LookId): boolean =>
  (marks.get(id)?.at ?? 0) > 0;

/**
 * The content view at `position` in `order` (the walking order of the current run).
 * `lookahead` looks from the next one on are kept clear.
 */
export function contentView(
  show: Pick<Show, 'pacingSeconds'>,
  order: readonly NumberedLook[],
  position: Pick<Position, 'now' | 'nextIndex'>,
  models: readonly Model[],
  progress: ReadonlyMap<string, Progress>,
  marks: ReadonlyMap<string, ShotMark>,
  lookahead = CONTENT_LOOKAHEAD,
): ContentView {
  const next = new Map<ModelId, { index: number; look: NumberedLook }>();
  const last = new Map<ModelId, NumberedLook>();
  order.forEach((entry, index) => {
    const modelId = entry.look.modelId;
    if (index >= position.nextIndex && !next.has(modelId))
      next.set(modelId, { index, look: entry });
    if (index < position.nextIndex) last.set(modelId, entry);
  });
  const onRunway = position.now?.look.modelId;

  const entries = models.map((model): ContentEntry => {
    const upcoming = next.get(model.id);
    const look = upcoming?.look ?? last.get(model.id);
    const looksAway = upcoming ? upcoming.index - position.nextIndex : undefined;
    const secondsAway = upcoming
      ? plannedSecondsUntil(show, order, position.nextIndex, upcoming.index)
      : undefined;
    const modelProgress = progress.get(model.id);
    const lookProgress = look ? progress.get(look.look.id) : undefined;
    const missing = [
      ...(isDone(modelProgress, 'hair') ? [] : ['Hair']),
      ...(isDone(modelProgress, 'makeup') ? [] : ['Makeup']),
      ...(look && !isDone(lookProgress, 'dressed') ? ['Dressed'] : []),
    ];
    // A line-up left from the rehearsal comes with its walk: only a line-up not yet walked counts.
    const isAtLineup =
      upcoming !== undefined && isDone(lookProgress, 'lineup') && !isDone(lookProgress, 'walked');
    let status: ContentStatus;
    if (model.checkedInAt <= 0) status = 'absent';
    else if (model.id === onRunway || isAtLineup) status = 'walking';
    else if (looksAway !== undefined && looksAway < lookahead) status = 'soon';
    else if (missing.length > 0 || !look) status = 'preparing';
    else status = 'free';
    return {
      model,
      status,
      look,
      looksAway,
      secondsAway,
      missing: status === 'preparing' ? (look ? missing : [...missing, 'No look']) : [],
      isModelShot: isShot(marks, model.id),
      isLookShot: look ? isShot(marks, look.look.id) : false,
    };
  });

  const byName = (a: ContentEntry, b: ContentEntry) =>
    a.model.name.localeCompare(b.model.name) || (a.model.id < b.model.id ? -1 : 1);
  const away = (entry: ContentEntry) => entry.looksAway ?? Number.POSITIVE_INFINITY;
  const isDoneShooting = (entry: ContentEntry) => entry.isModelShot && entry.isLookShot;
  const free = entries
    .filter((entry) => entry.status === 'free')
    .sort(
      (a, b) =>
        Number(isDoneShooting(a)) - Number(isDoneShooting(b)) || away(a) - away(b) || byName(a, b),
    );
  const notFree = entries
    .filter((entry) => entry.status !== 'free')
    .sort((a, b) => away(a) - away(b) || byName(a, b));
  return { free, notFree };
}

/** The mark a tap writes: done now, or undone (a mistaken tap). */
export const shotMark = (
  id: ModelId | LookId,
  isDoneNow: boolean,
  now: number,
  by: SiteId,
): ShotMark => ({
  id,
  at: isDoneNow ? now : 0,
  by,
});

/** Where the content team shoots, when the producer has not named a place. */
export const CONTENT_CORNER = 'the content corner';

/**
 * The "photo" call that asks models to the content corner, like any call (compose
 * it with `composeCall`): the free ones picked, in the order the view lists them.
 */
export function photoCallFor(
  entries: readonly ContentEntry[],
  place = CONTENT_CORNER,
): CallTemplate {
  return {
    kind: 'photo',
    modelIds: entries.map((entry) => entry.model.id),
    names: entries.map((entry) => entry.model.name.trim() || 'No name yet'),
    place,
  };
}
