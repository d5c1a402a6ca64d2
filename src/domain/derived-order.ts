import type { LookId, ModelId } from './ids';
import type { Look, Show } from './model';
import { compareLooks, secondsAfter, type NumberedLook, type QuickChange } from './running-order';

// The figures every screen derives from the looks (running order, numbers, quick
// changes, "up in N looks"), kept from one edit to the next. With 300 looks an edit
// to one look's outfit must not re-sort, renumber and re-flag the show: it gives one
// new entry for that look, and every other entry, list and quick change stays the same
// object, so screens re-render one row. The results always equal the plain functions'
// in running-order.ts (derived-order.test.ts checks it on random shows and edits).

type QuickChangeRules = Pick<Show, 'pacingSeconds' | 'quickChangeLooks' | 'quickChangeSeconds'>;

export interface OrderFigures {
  /** Every look in order, cut ones included (runningOrder). */
  order: NumberedLook[];
  /** The looks that walk (walkingOrder). */
  walking: NumberedLook[];
  /** quickChanges(show, looks), in the same order. */
  quickChanges: QuickChange[];
  /** The quick change into each look, by look id. */
  quickChangeInto: ReadonlyMap<LookId, QuickChange>;
}

/** Is `next` the same list as `previous`, item for item? */
const isSameList = <T>(previous: readonly T[], next: readonly T[]): boolean =>
  previous.length === next.length && next.every((item, i) => item === previous[i]);

export class DerivedOrder {
  #looks: readonly Look[] | undefined;
  #rules = '';
  /** Look ids in order, and each look's rank when sorted. */
  #sorted: Look[] = [];
  #ranks = new Map<LookId, string>();
  #entries = new Map<LookId, NumberedLook>();
  /** What quick changes depend on: the walking looks in order, their models and pacing, and the rules. */
  #quickKey = '';
  #figures: OrderFigures = {
    order: [],
    walking: [],
    quickChanges: [],
    quickChangeInto: new Map(),
  };

  /** The figures for these looks, reusing what the last call computed. */
  update(show: QuickChangeRules, looks: readonly Look[]): OrderFigures {
    const rules = `${show.pacingSeconds} ${show.quickChangeLooks} ${show.quickChangeSeconds}`;
    if (looks === this.#looks && rules === this.#rules) return this.#figures;
    const isNewRules = rules !== this.#rules;
    this.#looks = looks;
    this.#rules = rules;

    const sorted = this.#sort(looks);
    const previous = this.#figures;
    const entries = new Map<LookId, NumberedLook>();
    let index = 0;
    const order = sorted.map((look): NumberedLook => {
      const number = look.cut ? 0 : index + 1;
      const at = look.cut ? -1 : index;
      if (!look.cut) index += 1;
      const last = this.#entries.get(look.id);
      const entry =
        last && last.look === look && last.number === number && last.index === at
          ? last
          : { look, number, index: at };
      entries.set(look.id, entry);
      return entry;
    });
    this.#entries = entries;
    const walking = order.filter((entry) => !entry.look.cut);
    const figures: OrderFigures = {
      order: isSameList(previous.order, order) ? previous.order : order,
      walking: isSameList(previous.walking, walking) ? previous.walking : walking,
      quickChanges: previous.quickChanges,
      quickChangeInto: previous.quickChangeInto,
    };
    if (figures.walking !== previous.walking || isNewRules) {
      const key = `${rules}|${walking.map((e) => `${e.look.id} ${e.look.modelId} ${e.look.pacingSeconds}`).join('|')}`;
      const changes =
        key === this.#quickKey
          ? this.#refresh(previous.quickChanges, entries)
          : findQuickChanges(show, walking, previous.quickChangeInto);
      this.#quickKey = key;
      if (!isSameList(previous.quickChanges, changes)) {
        figures.quickChanges = changes;
        figures.quickChangeInto = quickChangesByLook(changes);
      }
    }
    this.#figures = figures;
    return figures;
  }

  /** Looks sorted by rank; when no look was added, removed or moved, the last order with today's looks. */
  #sort(looks: readonly Look[]): Look[] {
    const byId = new Map(looks.map((look) => [look.id, look]));
    const isSameOrder =
      looks.length === this.#sorted.length &&
      looks.every((look) => this.#ranks.get(look.id) === look.rank);
    const sorted = isSameOrder
      ? this.#sorted.map((look) => byId.get(look.id) as Look)
      : [...looks].sort(compareLooks);
    if (!isSameOrder) this.#ranks = new Map(looks.map((look) => [look.id, look.rank]));
    this.#sorted = sorted;
    return sorted;
  }

  /** The same quick changes, pointing at today's entries (a look's outfit changed, say). */
  #refresh(
    changes: readonly QuickChange[],
    entries: ReadonlyMap<LookId, NumberedLook>,
  ): QuickChange[] {
    return changes.map((change) => {
      const from = entries.get(change.from.look.id) as NumberedLook;
      const to = entries.get(change.to.look.id) as NumberedLook;
      return from === change.from && to === change.to ? change : { ...change, from, to };
    });
  }
}

/** The quick change into each look, by look id. */
export const quickChangesByLook = (changes: readonly QuickChange[]): Map<LookId, QuickChange> =>
  new Map(changes.map((change) => [change.to.look.id, change]));

/** quickChanges() over a walking order, keeping the last objects that are still equal. */
function findQuickChanges(
  show: QuickChangeRules,
  walking: readonly NumberedLook[],
  previous: ReadonlyMap<LookId, QuickChange>,
): QuickChange[] {
  const lastSeen = new Map<ModelId, number>();
  const changes: QuickChange[] = [];
  walking.forEach((to, position) => {
    const modelId = to.look.modelId;
    const before = lastSeen.get(modelId);
    lastSeen.set(modelId, position);
    if (before === undefined || !modelId) return;
    const from = walking[before] as NumberedLook;
    // Summed as quickChanges() sums them, so the figures are equal to the last bit.
    let seconds = 0;
    for (let i = before; i < position; i++)
      seconds += secondsAfter(show, (walking[i] as NumberedLook).look);
    const looksBetween = position - before - 1;
    if (looksBetween >= show.quickChangeLooks && seconds >= show.quickChangeSeconds) return;
    const last = previous.get(to.look.id);
    const isSame =
      last &&
      last.from === from &&
      last.to === to &&
      last.modelId === modelId &&
      last.looksBetween === looksBetween &&
      last.seconds === seconds;
    changes.push(isSame ? last : { modelId, from, to, looksBetween, seconds });
  });
  return changes;
}

/**
 * "Up in N looks" for every model from the walking order (upInLooks without sorting
 * again): how many looks go out before their next one, from `nextIndex`.
 */
export function upInLooksFrom(
  walking: readonly NumberedLook[],
  nextIndex: number,
): Map<ModelId, { looksAway: number; look: NumberedLook }> {
  const result = new Map<ModelId, { looksAway: number; look: NumberedLook }>();
  for (let i = Math.max(0, nextIndex); i < walking.length; i++) {
    const entry = walking[i] as NumberedLook;
    if (!result.has(entry.look.modelId))
      result.set(entry.look.modelId, { looksAway: i - nextIndex, look: entry });
  }
  return result;
}
