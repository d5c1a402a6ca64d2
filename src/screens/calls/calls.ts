import { RULE_LABELS, type RuleName } from '../../domain/auto-calls';
import { pulsesLeft } from '../../domain/call-attention';
import {
  CALL_KIND_LABELS,
  composeCall,
  listedModels,
  modelsTargeted,
  type CallTemplate,
} from '../../domain/calls';
import type { ModelId } from '../../domain/ids';
import type { Call, CallKind, CallPriority, Model } from '../../domain/model';
import type { NumberedLook } from '../../domain/running-order';
import { foldName } from '../../domain/search';
import { clockTime } from '../../domain/show-time';

// Calls as plain data: how a call reads in a list, and how the composer turns what a
// person picked into a domain call template. Tested in calls.test.ts.

/** A glyph per kind, always shown next to the kind's words (never the glyph alone). */
export const CALL_ICONS: Record<CallKind, string> = {
  lineup: '▶',
  station: '◎',
  briefing: '☰',
  'touch-up': '✎',
  photo: '◉',
  custom: '✉',
  'quick-change': '⇄',
  curtain: '◷',
};

export interface CallView {
  id: Call['id'];
  kind: CallKind;
  kindLabel: string;
  icon: string;
  text: string;
  isUrgent: boolean;
  /** Who the call reaches, in words: "Everyone", "Looks 3–6 · 4 models", "Amara Okafor and Mei Tanaka". */
  targetText: string;
  /** "19:05 · 3 min ago". */
  issuedText: string;
  isAcknowledged: boolean;
  /** "Acknowledged by Curtain at 19:06", or "" while not acknowledged. */
  acknowledgedText: string;
  /** "Automatic · Line-up calls" for a call a rule made, '' for a person's. */
  autoLabel: string;
  /** Pulses left as it appears (domain/call-attention.ts). */
  pulses: number;
}

export interface CallContext {
  order: readonly NumberedLook[];
  models: readonly Model[];
  now: number;
}

/** "just now", "1 min ago", "1 h 05 min ago". */
export function ageText(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min ago`;
}

/** Names as a short list: "A", "A and B", "A, B and C", "A, B, C and 4 more". */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const countModels = (count: number) => `${count} ${count === 1 ? 'model' : 'models'}`;

export function targetText(call: Call, context: Pick<CallContext, 'order' | 'models'>): string {
  const target = call.target;
  if (target.kind === 'everyone') return 'Everyone';
  const ids = modelsTargeted(
    call,
    context.order,
    context.models.map((model) => model.id),
  );
  if (target.kind === 'looks') {
    const looks =
      target.from === target.to ? `Look ${target.from}` : `Looks ${target.from}–${target.to}`;
    return `${looks} · ${countModels(ids.length)}`;
  }
  const byId = new Map(context.models.map((model) => [model.id, model.name]));
  const listed = target.kind === 'models' ? listedModels(target) : [];
  const names = listed.map((id) => byId.get(id)).filter((name): name is string => Boolean(name));
  const missing = listed.length - names.length;
  if (names.length === 0)
    return missing > 0 ? `${countModels(missing)} (no longer in the show)` : 'Nobody';
  return listNames(names);
}

export function callView(call: Call, context: CallContext): CallView {
  const isAcknowledged = call.acknowledgedAt > 0;
  return {
    id: call.id,
    kind: call.kind,
    kindLabel: CALL_KIND_LABELS[call.kind],
    icon: CALL_ICONS[call.kind],
    text: call.text,
    isUrgent: call.priority === 'urgent',
    targetText: targetText(call, context),
    issuedText: `${clockTime(call.issuedAt)} · ${ageText(call.issuedAt, context.now)}`,
    isAcknowledged,
    acknowledgedText: isAcknowledged
      ? `Acknowledged${call.acknowledgedBy ? ` by ${call.acknowledgedBy}` : ''} at ${clockTime(call.acknowledgedAt)}`
      : '',
    autoLabel: call.rule ? `Automatic · ${RULE_LABELS[call.rule as RuleName] ?? 'rule'}` : '',
    pulses: isAcknowledged ? 0 : pulsesLeft(call.issuedAt, context.now),
  };
}

// ——— The composer ———

/** Everything the composer form holds; only the fields of the chosen kind are used. */
export interface ComposerDraft {
  kind: CallKind;
  from: number;
  to: number;
  minutes: number;
  place: string;
  station: string;
  what: string;
  text: string;
  modelIds: ModelId[];
}

export const COMPOSER_KINDS: readonly CallKind[] = [
  'lineup',
  'station',
  'briefing',
  'touch-up',
  'photo',
  'custom',
];

/** Whether a kind needs chosen models: required, optional (none = everyone) or not used. */
export function modelChoice(kind: CallKind): 'required' | 'optional' | 'none' {
  if (kind === 'station' || kind === 'touch-up') return 'required';
  if (kind === 'photo' || kind === 'custom') return 'optional';
  return 'none';
}

/** A fresh draft: a line-up of the next four looks, a briefing in 10 minutes. */
export function initialDraft(nextNumber: number, lookCount: number): ComposerDraft {
  const from = Math.max(1, Math.min(nextNumber, Math.max(1, lookCount)));
  return {
    kind: 'lineup',
    from,
    to: Math.max(from, Math.min(from + 3, lookCount)),
    minutes: 10,
    place: '',
    station: '',
    what: '',
    text: '',
    modelIds: [],
  };
}

export type DraftResult =
  { template: CallTemplate; problem?: undefined } | { template?: undefined; problem: string };

const isWholeNumber = (value: number) => Number.isInteger(value) && value >= 0;

/** The template the draft stands for, or what is still missing, in words a person can act on. */
export function draftTemplate(
  draft: ComposerDraft,
  models: readonly Model[],
  lookCount: number,
): DraftResult {
  const byId = new Map(models.map((model) => [model.id, model]));
  const modelIds = draft.modelIds.filter((id) => byId.has(id));
  const names = modelIds.map((id) => (byId.get(id) as Model).name);
  if (modelChoice(draft.kind) === 'required' && modelIds.length === 0)
    return { problem: 'Choose at least one model' };
  switch (draft.kind) {
    case 'lineup': {
      if (lookCount === 0) return { problem: 'The running order has no looks yet' };
      const isInRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= lookCount;
      if (!isInRange(draft.from) || !isInRange(draft.to))
        return { problem: `Look numbers go from 1 to ${lookCount}` };
      return { template: { kind: 'lineup', from: draft.from, to: draft.to } };
    }
    case 'station':
      if (!draft.station.trim()) return { problem: 'Say which station' };
      return { template: { kind: 'station', modelIds, names, station: draft.station.trim() } };
    case 'briefing':
      if (!isWholeNumber(draft.minutes) || draft.minutes > 240)
        return { problem: 'Minutes: a whole number from 0 (now) to 240' };
      return { template: { kind: 'briefing', minutes: draft.minutes, place: draft.place.trim() } };
    case 'touch-up':
      return { template: { kind: 'touch-up', modelIds, names, what: draft.what.trim() } };
    case 'photo':
      return { template: { kind: 'photo', modelIds, names, place: draft.place.trim() } };
    case 'custom':
      if (!draft.text.trim()) return { problem: 'Write the message' };
      return { template: { kind: 'custom', text: draft.text.trim(), modelIds } };
    default:
      // Quick-change and curtain calls are made by the rules (auto-calls.ts), not composed.
      return { problem: 'This kind of call is made automatically' };
  }
}

/** What the call will say and how urgent it is, before it is sent. */
export function preview(result: DraftResult): { text: string; priority: CallPriority } | undefined {
  if (!result.template) return undefined;
  const call = composeCall(result.template);
  return { text: call.text, priority: call.priority };
}

export interface ModelOption {
  id: ModelId;
  name: string;
  station: string;
  /** "Looks 3, 19" */
  looksText: string;
}

/** Models matching a search, in name order, with their station and look numbers to tell them apart. */
export function modelOptions(
  models: readonly Model[],
  order: readonly NumberedLook[],
  query: string,
): ModelOption[] {
  const needle = foldName(query);
  // One pass over the show, not one per model: 150 models × 300 looks on every keystroke.
  const numbersOf = new Map<string, number[]>();
  for (const entry of order) {
    if (entry.number <= 0) continue;
    const numbers = numbersOf.get(entry.look.modelId);
    if (numbers) numbers.push(entry.number);
    else numbersOf.set(entry.look.modelId, [entry.number]);
  }
  return models
    .filter((model) => !needle || foldName(model.name).includes(needle))
    .map((model) => {
      const numbers = numbersOf.get(model.id) ?? [];
      return {
        id: model.id,
        name: model.name,
        station: model.station,
        looksText:
          numbers.length === 0
            ? 'No look'
            : `${numbers.length === 1 ? 'Look' : 'Looks'} ${numbers.join(', ')}`,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
