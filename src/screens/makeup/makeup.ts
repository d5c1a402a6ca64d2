import { callConcernsModel } from '../../domain/calls';
import type { LookId, ModelId } from '../../domain/ids';
import { STEP_LABELS, type Call, type Model, type Progress, type Step } from '../../domain/model';
import { keepUnchanged } from '../../domain/keep-unchanged';
import { matchesName } from '../../domain/search';
import {
  READINESS_LABELS,
  lookReadiness,
  requiredSteps,
  type Readiness,
  type ReadinessState,
} from '../../domain/readiness';
import {
  quickChangeInto,
  upInLooks,
  type NumberedLook,
  type QuickChange,
} from '../../domain/running-order';

// The hair & makeup tablet as plain data: one card per model, sorted by who walks
// soonest, with the steps a tap toggles. No DOM, no storage: tested in makeup.test.ts.

export interface MakeupInput {
  models: readonly Model[];
  /** The running order (data.order): cut looks are skipped here. */
  order: readonly NumberedLook[];
  progress: ReadonlyMap<string, Progress>;
  /** Index into the walking order of the look that goes next (data.position.nextIndex). */
  nextIndex: number;
  quickChanges: readonly QuickChange[];
  activeCalls: readonly Call[];
}

export interface StepView {
  subjectId: ModelId | LookId;
  step: Step;
  label: string;
  isDone: boolean;
  /** Epoch ms of the last change, 0 when never touched. */
  at: number;
}

export interface LookCard {
  id: LookId;
  number: number;
  section: string;
  outfit: string;
  dresser: string;
  readiness: Readiness;
  readinessLabel: string;
  steps: StepView[];
  /** This look is the model's next one out. */
  isNext: boolean;
  /** The show has gone past this look (it is before the next look to go). */
  isPast: boolean;
  /** The model comes into this look from a quick change. */
  quickChange: QuickChange | undefined;
}

export interface ModelCard {
  model: ModelId;
  name: string;
  station: string;
  steps: StepView[];
  looks: LookCard[];
  /** The model's next look out and how many looks go before it (0 = up next). */
  next: { number: number; looksAway: number } | undefined;
  /** That next look (kept when a dresser filter hides it from `looks`). */
  nextLook: LookCard | undefined;
  /** The model walks again soon after a look: a quick change is coming. */
  quickChange: QuickChange | undefined;
  hasWalkedAll: boolean;
  hasNoLooks: boolean;
  /** Active touch-up calls that name this model. */
  touchUps: Call[];
}

export interface MakeupFilter {
  station: string;
  dresser: string;
  query: string;
}

const stepView = (
  subjectId: ModelId | LookId,
  step: Step,
  progress: Progress | undefined,
): StepView => ({
  subjectId,
  step,
  label: STEP_LABELS[step],
  isDone: progress?.[step]?.done === true,
  at: progress?.[step]?.at ?? 0,
});

/** One card per model, soonest to walk first; models with nothing left to walk last. */
export function modelCards(input: MakeupInput): ModelCard[] {
  return cardMaker()(input);
}

/**
 * `modelCards`, remembering each model's card with what it was built from: a model
 * whose inputs are the very same objects as last time gets last time's card (the
 * store keeps the objects of unchanged rows), and a changed card keeps what did not
 * change: after a tap Svelte re-renders one step of one card.
 */
export function cardMaker(): (input: MakeupInput) => ModelCard[] {
  let last = new Map<ModelId, Made>();
  // What the running order and the show's position give every card: worked out again
  // only when they change, not at every tap on a step.
  let walks: (OrderParts & { order: MakeupInput['order']; nextIndex: number }) | undefined;
  /** The cards as last handed out: handed out again, the very array, when no card changed. */
  let sorted: ModelCard[] = [];
  return (input) => {
    if (walks?.order !== input.order || walks.nextIndex !== input.nextIndex)
      walks = { order: input.order, nextIndex: input.nextIndex, ...orderParts(input) };
    const { byModel, upcoming } = walks;
    let touchUps: Call[] | undefined;
    const next = new Map<ModelId, Made>();
    // A model added or gone changes the cards and their order.
    let isChanged = input.models.length !== last.size;
    let isReordered = isChanged;
    for (const model of input.models) {
      const looks = byModel.get(model.id) ?? NO_LOOKS;
      const up = upcoming.get(model.id);
      const kept = last.get(model.id);
      if (kept && isMadeFrom(kept, model, looks, up, input)) {
        next.set(model.id, kept);
        continue;
      }
      if (!kept) isReordered = isChanged = true;
      touchUps ??= input.activeCalls.filter((call) => call.kind === 'touch-up');
      // A changed card keeps the parts that did not change (its other steps and looks),
      // so Svelte touches only the step that was tapped.
      const card = keepUnchanged(kept?.card, modelCard(model, looks, up, touchUps, input));
      next.set(model.id, madeFrom(card, model, looks, up, input));
      if (card === kept?.card) continue;
      isChanged = true;
      if (kept && compareCards(kept.card, card) !== 0) isReordered = true;
    }
    last = next;
    if (!isChanged) return sorted;
    sorted = isReordered
      ? [...next.values()].map((made) => made.card).sort(compareCards)
      : sorted.map((card) => next.get(card.model)?.card ?? card);
    return sorted;
  };
}

/** A model's card with what it was made from, each the very object it was then. */
interface Made {
  card: ModelCard;
  model: Model;
  progress: Progress | undefined;
  looks: readonly NumberedLook[];
  lookProgress: (Progress | undefined)[];
  upLook: LookId | undefined;
  looksAway: number | undefined;
  nextIndex: number;
  quickChanges: MakeupInput['quickChanges'];
  activeCalls: MakeupInput['activeCalls'];
}

const NO_LOOKS: readonly NumberedLook[] = [];

function madeFrom(
  card: ModelCard,
  model: Model,
  looks: readonly NumberedLook[],
  up: { looksAway: number; look: NumberedLook } | undefined,
  input: MakeupInput,
): Made {
  return {
    card,
    model,
    progress: input.progress.get(model.id),
    looks,
    lookProgress: looks.map((entry) => input.progress.get(entry.look.id)),
    upLook: up?.look.look.id,
    looksAway: up?.looksAway,
    nextIndex: input.nextIndex,
    quickChanges: input.quickChanges,
    activeCalls: input.activeCalls,
  };
}

/** Made from these very objects (compared without building anything: it runs for every card at every tap). */
function isMadeFrom(
  made: Made,
  model: Model,
  looks: readonly NumberedLook[],
  up: { looksAway: number; look: NumberedLook } | undefined,
  input: MakeupInput,
): boolean {
  if (
    made.model !== model ||
    made.looks !== looks ||
    made.progress !== input.progress.get(model.id) ||
    made.upLook !== up?.look.look.id ||
    made.looksAway !== up?.looksAway ||
    made.nextIndex !== input.nextIndex ||
    made.quickChanges !== input.quickChanges ||
    made.activeCalls !== input.activeCalls
  )
    return false;
  for (let i = 0; i < looks.length; i++)
    if (made.lookProgress[i] !== input.progress.get((looks[i] as NumberedLook).look.id))
      return false;
  return true;
}

interface OrderParts {
  /** Each model's looks that walk, in order. */
  byModel: ReadonlyMap<ModelId, NumberedLook[]>;
  upcoming: ReturnType<typeof upInLooks>;
}

function orderParts(input: Pick<MakeupInput, 'order' | 'nextIndex'>): OrderParts {
  const walking = input.order.filter((entry) => !entry.look.cut);
  const byModel = new Map<ModelId, NumberedLook[]>();
  for (const entry of walking) {
    const looks = byModel.get(entry.look.modelId);
    if (looks) looks.push(entry);
    else byModel.set(entry.look.modelId, [entry]);
  }
  const upcoming = upInLooks(
    walking.map((entry) => entry.look),
    input.nextIndex,
  );
  return { byModel, upcoming };
}

function modelCard(
  model: Model,
  walking: readonly NumberedLook[],
  next: { looksAway: number; look: NumberedLook } | undefined,
  touchUps: readonly Call[],
  input: MakeupInput,
): ModelCard {
  const modelProgress = input.progress.get(model.id);
  const looks = walking.map((entry): LookCard => {
    const look = entry.look;
    const lookProgress = input.progress.get(look.id);
    const readiness = lookReadiness(look, modelProgress, lookProgress);
    return {
      id: look.id,
      number: entry.number,
      section: look.section,
      outfit: look.outfit,
      dresser: look.dresser,
      readiness,
      readinessLabel: READINESS_LABELS[readiness.state],
      steps: requiredSteps(look).look.map((step) => stepView(look.id, step, lookProgress)),
      isNext: next?.look.look.id === look.id,
      isPast: entry.index < input.nextIndex,
      quickChange: quickChangeInto(input.quickChanges, look.id),
    };
  });
  return {
    model: model.id,
    name: model.name,
    station: model.station,
    steps: (['hair', 'makeup'] as const).map((step) => stepView(model.id, step, modelProgress)),
    looks,
    next: next ? { number: next.look.number, looksAway: next.looksAway } : undefined,
    nextLook: looks.find((look) => look.isNext),
    quickChange: looks.find((look) => !look.isPast && look.quickChange)?.quickChange,
    hasWalkedAll: looks.length > 0 && !next,
    hasNoLooks: looks.length === 0,
    touchUps: touchUps.filter((call) => callConcernsModel(call, model.id, input.order)),
  };
}

/** Soonest first; then models with no look yet; models who have walked everything at the bottom. */
function compareCards(a: ModelCard, b: ModelCard): number {
  const rank = (card: ModelCard) => (card.next ? 0 : card.hasNoLooks ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.next && b.next && a.next.looksAway !== b.next.looksAway)
    return a.next.looksAway - b.next.looksAway;
  return byName(a.name, b.name);
}

/** As `localeCompare`, with the collator made once (the cards are sorted at every change). */
const byName = new Intl.Collator().compare;

/**
 * The cards a filter keeps. A dresser sees only their own looks (the model's hair and
 * makeup stay, as the dresser needs to know if the model is ready for them).
 */
export function filterCards(cards: readonly ModelCard[], filter: MakeupFilter): ModelCard[] {
  return cards
    .filter((card) => !filter.station || card.station === filter.station)
    .filter((card) => !filter.query.trim() || matchesName(card.name, filter.query))
    .map((card) =>
      filter.dresser
        ? { ...card, looks: card.looks.filter((look) => look.dresser === filter.dresser) }
        : card,
    )
    .filter((card) => !filter.dresser || card.looks.length > 0);
}

const distinctSorted = (values: Iterable<string>): string[] =>
  [...new Set([...values].map((value) => value.trim()).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );

export const stationOptions = (models: readonly Model[]): string[] =>
  distinctSorted(models.map((model) => model.station));

export const dresserOptions = (order: readonly NumberedLook[]): string[] =>
  distinctSorted(order.filter((entry) => !entry.look.cut).map((entry) => entry.look.dresser));

/** "Up next", "Up in 1 look", "Up in 6 looks". */
export function upInText(looksAway: number): string {
  if (looksAway <= 0) return 'Up next';
  return `Up in ${looksAway} ${looksAway === 1 ? 'look' : 'looks'}`;
}

/** The card's one-line state: how ready the model's next look is and what is left, or that they are done. */
export function summaryText(card: ModelCard): string {
  if (card.hasNoLooks) return 'No look in the running order';
  if (card.hasWalkedAll) return 'Walked all looks';
  const look = card.nextLook;
  if (!look) return '';
  const { readiness } = look;
  const missing = readiness.missing.map((step) => STEP_LABELS[step]).join(', ');
  return `${look.readinessLabel} ${readiness.done}/${readiness.total}${missing ? ` · to do: ${missing}` : ''}`;
}

/** The summary's state, for its icon and colour. */
export function summaryState(card: ModelCard): ReadinessState {
  if (card.hasWalkedAll) return 'walked';
  return card.nextLook?.readiness.state ?? 'waiting';
}

/** "Quick change: 1 look after look 15" for the model's coming quick change. */
export function quickChangeText(change: QuickChange): string {
  const between =
    change.looksBetween === 0
      ? 'straight after'
      : `${change.looksBetween} ${change.looksBetween === 1 ? 'look' : 'looks'} after`;
  return `Quick change into look ${change.to.number}: ${between} look ${change.from.number}`;
}

/** The words of the undo toast: "Hair done for Amara Okafor", "Dressed not done for look 7, Mei Tanaka". */
export function toggleMessage(
  step: Step,
  isNowDone: boolean,
  name: string,
  lookNumber?: number,
): string {
  const state = isNowDone ? 'done' : 'not done';
  const whom = lookNumber === undefined ? name : `look ${lookNumber}, ${name}`;
  return `${STEP_LABELS[step]} ${state} for ${whom}`;
}

export interface TouchUpRequest {
  call: Call;
  models: { id: ModelId; name: string; station: string; upIn: string }[];
}

/** Active touch-up calls, oldest first (the longest wait is served first), with the models they name. */
export function touchUpRequests(
  cards: readonly ModelCard[],
  activeCalls: readonly Call[],
): TouchUpRequest[] {
  return activeCalls
    .filter((call) => call.kind === 'touch-up')
    .sort((a, b) =>
      a.priority !== b.priority ? (a.priority === 'urgent' ? -1 : 1) : a.issuedAt - b.issuedAt,
    )
    .map((call) => ({
      call,
      models: cards
        .filter((card) => card.touchUps.some((touchUp) => touchUp.id === call.id))
        .map((card) => ({
          id: card.model,
          name: card.name,
          station: card.station,
          upIn: card.next
            ? `${upInText(card.next.looksAway)} (look ${card.next.number})`
            : card.hasWalkedAll
              ? 'Walked all looks'
              : '',
        })),
    }));
}

/** Counts for the header: how many models have hair and makeup both done, of those shown. */
export function readyCount(cards: readonly ModelCard[]): { hairAndMakeup: number; total: number } {
  return {
    hairAndMakeup: cards.filter((card) => card.steps.every((step) => step.isDone)).length,
    total: cards.length,
  };
}
