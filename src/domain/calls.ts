import type { ModelId } from './ids';
import type { Call, CallKind, CallPriority, CallTarget } from './model';
import type { NumberedLook } from './running-order';

/** A call is active from issue until cleared. */
export const isActiveCall = (call: Call): boolean => call.issuedAt > 0 && call.clearedAt === 0;

/** Does `call` concern the model? Targeted by name, or through one of their looks' numbers. */
export function callConcernsModel(
  call: Call,
  modelId: ModelId,
  order: readonly NumberedLook[],
): boolean {
  const target = call.target;
  if (target.kind === 'everyone') return true;
  if (target.kind === 'models') return listedModels(target).includes(modelId);
  if (target.kind !== 'looks') return false;
  return order.some(
    (entry) =>
      entry.look.modelId === modelId && entry.number >= target.from && entry.number <= target.to,
  );
}

/**
 * The models a `models` target lists. Values are checked at the door (entity-schemas.ts);
 * this still never throws on a target without its list, so one bad call cannot take a
 * screen down with it.
 */
export const listedModels = (target: Extract<CallTarget, { kind: 'models' }>): ModelId[] =>
  Array.isArray(target.modelIds) ? target.modelIds : [];

/** The models a call reaches, in running order, each once. */
export function modelsTargeted(
  call: Call,
  order: readonly NumberedLook[],
  allModelIds: readonly ModelId[],
): ModelId[] {
  if (call.target.kind === 'everyone') return [...allModelIds];
  return allModelIds.filter((id) => callConcernsModel(call, id, order));
}

/** Urgent first, then newest first. */
export function compareCalls(a: Call, b: Call): number {
  if (a.priority !== b.priority) return a.priority === 'urgent' ? -1 : 1;
  return b.issuedAt - a.issuedAt;
}

export type CallTemplate =
  | { kind: 'lineup'; from: number; to: number }
  | { kind: 'station'; modelIds: ModelId[]; names: string[]; station: string }
  | { kind: 'briefing'; minutes: number; place: string }
  | { kind: 'touch-up'; modelIds: ModelId[]; names: string[]; what: string }
  | { kind: 'photo'; modelIds: ModelId[]; names: string[]; place: string }
  | { kind: 'custom'; text: string; modelIds: ModelId[] };

export const CALL_KIND_LABELS: Record<CallKind, string> = {
  lineup: 'Line-up',
  station: 'To a station',
  briefing: 'Briefing',
  'touch-up': 'Touch-up',
  photo: 'Photo call',
  custom: 'Message',
  'quick-change': 'Quick change',
  curtain: 'Curtain',
};

const listNames = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The words and target of a call made from a template, in the show's own words. */
export function composeCall(template: CallTemplate): {
  kind: CallKind;
  text: string;
  target: CallTarget;
  priority: CallPriority;
} {
  switch (template.kind) {
    case 'lineup': {
      const from = Math.min(template.from, template.to);
      const to = Math.max(template.from, template.to);
      const which = from === to ? `Look ${from}` : `Looks ${from}–${to}`;
      return {
        kind: 'lineup',
        text: `${which} to the line-up now`,
        target: { kind: 'looks', from, to },
        priority: 'urgent',
      };
    }
    case 'station':
      return {
        kind: 'station',
        text: `${listNames(template.names)} to ${template.station || 'your station'}`,
        target: { kind: 'models', modelIds: template.modelIds },
        priority: 'normal',
      };
    case 'briefing': {
      const when = template.minutes <= 0 ? 'now' : `in ${template.minutes} min`;
      return {
        kind: 'briefing',
        text: `Briefing ${when}${template.place ? ` — ${template.place}` : ''}, everyone`,
        target: { kind: 'everyone' },
        priority: template.minutes <= 0 ? 'urgent' : 'normal',
      };
    }
    case 'touch-up':
      return {
        kind: 'touch-up',
        text: `Touch-up: ${listNames(template.names)}${template.what ? ` — ${template.what}` : ''}`,
        target: { kind: 'models', modelIds: template.modelIds },
        priority: 'normal',
      };
    case 'photo':
      return {
        kind: 'photo',
        text: `Photo call: ${template.modelIds.length ? listNames(template.names) : 'everyone'}${template.place ? ` — ${template.place}` : ''}`,
        target: template.modelIds.length
          ? { kind: 'models', modelIds: template.modelIds }
          : { kind: 'everyone' },
        priority: 'normal',
      };
    case 'custom':
      return {
        kind: 'custom',
        text: template.text.trim(),
        target: template.modelIds.length
          ? { kind: 'models', modelIds: template.modelIds }
          : { kind: 'everyone' },
        priority: 'normal',
      };
  }
}
