import type { LookId, ModelId } from './ids';
import type { Look, Show } from './model';

/** A look in the running order with its derived number (1-based among looks not cut). */
export interface NumberedLook {
  look: Look;
  /** 0 for a cut look: it keeps its place but walks no more. */
  number: number;
  /** Position among looks not cut, from 0; -1 for a cut look. */
  index: number;
}

/** Order by rank; equal ranks (two kiosks inserting at once) fall back to id, the same everywhere. */
export function compareLooks(a: Look, b: Look): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The running order: every look sorted, numbered 1..n skipping cut looks. */
export function runningOrder(looks: readonly Look[]): NumberedLook[] {
  let index = 0;
  return [...looks].sort(compareLooks).map((look) => {
    if (look.cut) return { look, number: 0, index: -1 };
    const numbered = { look, number: index + 1, index };
    index += 1;
    return numbered;
  });
}

/** Only the looks that walk, in order. */
export const walkingOrder = (looks: readonly Look[]): NumberedLook[] =>
  runningOrder(looks).filter((entry) => !entry.look.cut);

export function secondsAfter(show: Pick<Show, 'pacingSeconds'>, look: Look): number {
  return look.pacingSeconds > 0 ? look.pacingSeconds : show.pacingSeconds;
}

export interface QuickChange {
  modelId: ModelId;
  from: NumberedLook;
  to: NumberedLook;
  /** Looks out between the two (0 = back to back). */
  looksBetween: number;
  /** Seconds between the first look going out and the second, at the show's pacing. */
  seconds: number;
}

/**
 * A model walking again soon is a quick change: fewer than `quickChangeLooks` looks
 * between, or less than `quickChangeSeconds` at the planned pacing.
 */
export function quickChanges(
  show: Pick<Show, 'pacingSeconds' | 'quickChangeLooks' | 'quickChangeSeconds'>,
  looks: readonly Look[],
): QuickChange[] {
  const order = walkingOrder(looks);
  const lastSeen = new Map<ModelId, number>();
  const changes: QuickChange[] = [];
  order.forEach((entry, position) => {
    const modelId = entry.look.modelId;
    const previous = lastSeen.get(modelId);
    lastSeen.set(modelId, position);
    if (previous === undefined || !modelId) return;
    const from = order[previous] as NumberedLook;
    let seconds = 0;
    for (let i = previous; i < position; i++)
      seconds += secondsAfter(show, (order[i] as NumberedLook).look);
    const looksBetween = position - previous - 1;
    if (looksBetween < show.quickChangeLooks || seconds < show.quickChangeSeconds) {
      changes.push({ modelId, from, to: entry, looksBetween, seconds });
    }
  });
  return changes;
}

/** The quick change that ends at `lookId`, if the model comes into it from a quick change. */
export const quickChangeInto = (
  changes: readonly QuickChange[],
  lookId: LookId,
): QuickChange | undefined => changes.find((change) => change.to.look.id === lookId);

/**
 * For every model, how many looks go out before their next one, counted from the
 * look that walks next (`nextIndex`, an index into the walking order). 0 = they are next.
 * Models with no look left are absent.
 */
export function upInLooks(
  looks: readonly Look[],
  nextIndex: number,
): Map<ModelId, { looksAway: number; look: NumberedLook }> {
  const result = new Map<ModelId, { looksAway: number; look: NumberedLook }>();
  const order = walkingOrder(looks);
  for (let i = Math.max(0, nextIndex); i < order.length; i++) {
    const entry = order[i] as NumberedLook;
    if (!result.has(entry.look.modelId))
      result.set(entry.look.modelId, { looksAway: i - nextIndex, look: entry });
  }
  return result;
}

/** Planned seconds from the next look going out until the look at `index` goes out. */
export function plannedSecondsUntil(
  show: Pick<Show, 'pacingSeconds'>,
  order: readonly NumberedLook[],
  from: number,
  index: number,
): number {
  let seconds = 0;
  for (let i = Math.max(0, from); i < index; i++)
    seconds += secondsAfter(show, (order[i] as NumberedLook).look);
  return seconds;
}
