import { pulsesLeft } from '../../domain/call-attention';
import { CALL_KIND_LABELS } from '../../domain/calls';
import type { Position } from '../../domain/cues';
import type { LookId, ModelId, NoteId } from '../../domain/ids';
import type { Call, Model, Note, NoteKind, Progress, Run } from '../../domain/model';
import { displayReadiness, hasGone, modelName, readinessText } from '../../domain/look-display';
import type { Readiness } from '../../domain/readiness';
import type { NumberedLook } from '../../domain/running-order';
import { countdown, clockTime, formatDuration } from '../../domain/show-time';

// The relaxation wall: what a model glancing up from four metres away needs to know.
// Every display decision is here, as plain functions of plain data.

export type ModelCountdownState = 'walking' | 'next' | 'up' | 'done';

export interface ModelCountdown {
  modelId: ModelId;
  name: string;
  state: ModelCountdownState;
  /** Looks going out before theirs; 0 when next or walking, -1 when done. */
  looksAway: number;
  text: string;
}

export const looksAwayText = (looksAway: number): string =>
  looksAway <= 0 ? 'Next' : `Up in ${looksAway} ${looksAway === 1 ? 'look' : 'looks'}`;

const backText = (looksAway: number): string =>
  looksAway <= 0 ? 'Back next' : `Back in ${looksAway} ${looksAway === 1 ? 'look' : 'looks'}`;

/**
 * For every model in the running order: walking now, next, up in N looks, or done.
 * Walking now wins over a later look of theirs: they are on the runway.
 */
export function modelCountdowns(
  order: readonly NumberedLook[],
  modelsById: ReadonlyMap<ModelId, Model>,
  position: Position,
): ModelCountdown[] {
  const result = new Map<ModelId, ModelCountdown>();
  const walkingId = position.now?.look.modelId;
  for (const entry of order) {
    const id = entry.look.modelId;
    if (!id || result.has(id)) continue;
    const name = modelName(modelsById, id);
    if (id === walkingId) {
      result.set(id, { modelId: id, name, state: 'walking', looksAway: 0, text: 'Walking now' });
      continue;
    }
    const upcoming = order.find((e) => e.look.modelId === id && e.index >= position.nextIndex);
    if (!upcoming) {
      result.set(id, { modelId: id, name, state: 'done', looksAway: -1, text: 'Done' });
      continue;
    }
    const looksAway = upcoming.index - position.nextIndex;
    result.set(id, {
      modelId: id,
      name,
      state: looksAway === 0 ? 'next' : 'up',
      looksAway,
      text: looksAwayText(looksAway),
    });
  }
  return [...result.values()];
}

export interface WallRow {
  id: LookId;
  modelId: ModelId;
  number: number;
  modelName: string;
  section: string;
  readiness: Readiness;
  readinessText: string;
  /** Walking now / Next / Up in 3 looks; for a look gone, where its model stands now. */
  when: string;
  /** The same for a narrow column under an "Up in" heading: Now / Next / 3 looks. */
  whenShort: string;
  /** Looks going out before this one (0 for the next), for a column headed "up in"; -1 once gone or walking. */
  ahead: number;
  isNow: boolean;
  isNext: boolean;
  hasGone: boolean;
}

/** Every look that walks, with its progress and when it (or, once gone, its model) is up. */
export function wallRows(
  order: readonly NumberedLook[],
  modelsById: ReadonlyMap<ModelId, Model>,
  progress: ReadonlyMap<string, Progress>,
  position: Position,
): WallRow[] {
  const byModel = new Map(modelCountdowns(order, modelsById, position).map((c) => [c.modelId, c]));
  return order.map((entry) => {
    const isNow = entry.look.id === position.now?.look.id;
    const isGone = hasGone(entry, position);
    const isUpcoming = !isNow && !isGone;
    const readiness = displayReadiness(entry, progress, isUpcoming);
    let when: string;
    if (isNow) when = 'Walking now';
    else if (isUpcoming) when = looksAwayText(entry.index - position.nextIndex);
    else {
      const model = byModel.get(entry.look.modelId);
      when =
        !model || model.state === 'done'
          ? 'Done'
          : model.state === 'walking'
            ? 'Walking now'
            : backText(model.looksAway);
    }
    const ahead = entry.index - position.nextIndex;
    const whenShort = isNow
      ? 'Now'
      : isUpcoming
        ? ahead === 0
          ? 'Next'
          : `${ahead} ${ahead === 1 ? 'look' : 'looks'}`
        : when;
    return {
      id: entry.look.id,
      modelId: entry.look.modelId,
      whenShort,
      ahead: isUpcoming ? ahead : -1,
      number: entry.number,
      modelName: modelName(modelsById, entry.look.modelId),
      section: entry.look.section.trim(),
      readiness,
      // The look walking now has its GO (walked) already: "Walking now" says it all, no "Walked" chip.
      readinessText: isNow ? '' : readinessText(readiness, 1),
      when,
      isNow,
      isNext: entry.index === position.nextIndex,
      hasGone: isGone,
    };
  });
}

export interface WallGroup {
  section: string;
  /** The window starts inside this section: its header says so. */
  isContinued: boolean;
  rows: WallRow[];
}

export type HeadlineKind = 'countdown' | 'late' | 'live' | 'finished' | 'unset';

export interface WallHeadline {
  kind: HeadlineKind;
  /** Small words above: "Curtain in", "Live — walking now". */
  label: string;
  /** The big words: "1:23:45", "Look 12". */
  text: string;
  /** One more line, or ''. */
  detail: string;
  /** During a rehearsal before the curtain, the countdown to it, said in passing; else ''. */
  aside: string;
}

/**
 * The top of the wall: the countdown to the planned curtain, or once looks are going
 * out, where the show is ("Live — look 12 walking").
 */
export function wallHeadline(input: {
  curtain: number | undefined;
  now: number;
  position: Position;
  run: Run | undefined;
  lookCount: number;
  nextName: string;
}): WallHeadline {
  const { curtain, now, position, run, lookCount, nextName } = input;
  if (run && position.now) {
    const kindLabel = run.kind === 'live' ? 'Live' : 'Rehearsal';
    const left = curtain === undefined ? undefined : countdown(curtain, now);
    const aside =
      run.kind === 'rehearsal' && curtain !== undefined && left && !left.isOver
        ? `Curtain in ${left.text}`
        : '';
    if (!position.next)
      return {
        kind: 'finished',
        label: kindLabel,
        text: 'All looks have walked',
        detail: '',
        aside,
      };
    return {
      kind: 'live',
      // The run in one word above the countdown to the next GO; now and next follow in large type.
      label: kindLabel,
      text: `Look ${position.now.number}`,
      detail: `Next: look ${position.next.number}, ${nextName}`,
      aside,
    };
  }
  if (curtain === undefined) {
    return {
      kind: 'unset',
      label: 'Curtain',
      text: 'Time not set',
      detail: lookCount > 0 ? `${lookCount} looks in the running order` : '',
      aside: '',
    };
  }
  const left = countdown(curtain, now);
  if (left.isOver) {
    return {
      kind: 'late',
      label: 'Curtain is late by',
      text: formatDuration(now - curtain),
      detail: `Planned for ${clockTime(curtain)}`,
      aside: '',
    };
  }
  return {
    kind: 'countdown',
    label: 'Curtain in',
    text: left.text,
    detail: `Curtain at ${clockTime(curtain)}`,
    aside: '',
  };
}

/** `just now`, `4 min ago`, `1 h 5 min ago`. */
export function ageText(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min ago`;
}

export interface WallCall {
  id: Call['id'];
  kindLabel: string;
  text: string;
  isUrgent: boolean;
  age: string;
  /** Not acknowledged yet: highlighted. */
  isNew: boolean;
  /** Pulses left as it appears (0 once older than 5 s). */
  pulses: number;
  /** When it was issued (show time): a new call is shown at once on a turning wall. */
  issuedAt: number;
}

/** Active calls as the wall shows them (already sorted urgent first, then newest). */
export const wallCalls = (activeCalls: readonly Call[], now: number): WallCall[] =>
  activeCalls.map((call) => ({
    id: call.id,
    kindLabel: CALL_KIND_LABELS[call.kind],
    text: call.text.trim() || CALL_KIND_LABELS[call.kind],
    isUrgent: call.priority === 'urgent',
    age: ageText(call.issuedAt, now),
    isNew: call.acknowledgedAt === 0,
    pulses: pulsesLeft(call.issuedAt, now),
    issuedAt: call.issuedAt,
  }));

export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  briefing: 'Briefing',
  announcement: 'Announcement',
  change: 'Change',
  debrief: 'Debrief',
};

export interface WallNote {
  id: NoteId;
  kindLabel: string;
  text: string;
}

export const wallNotes = (pinned: readonly Note[]): WallNote[] =>
  pinned
    .filter((note) => note.text.trim())
    .map((note) => ({
      id: note.id,
      kindLabel: NOTE_KIND_LABELS[note.kind],
      text: note.text.trim(),
    }));
