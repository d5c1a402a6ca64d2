import type { Position } from './cues';
import type { ModelId } from './ids';
import { STEP_LABELS, type Model, type Progress, type Step } from './model';
import { lookReadiness, type Readiness } from './readiness';
import type { NumberedLook } from './running-order';

// How a look and its readiness read on a screen: shared by the wall and the curtain.

/**
 * A look's readiness in a few words for a screen read from metres away: what is
 * still missing when it is under way ("Needs Makeup"), else the state itself.
 */
export function readinessText(readiness: Readiness, maxSteps = 2): string {
  switch (readiness.state) {
    case 'walked':
      return 'Walked';
    case 'at-lineup':
      return 'At line-up';
    case 'ready':
      return 'Ready';
    case 'waiting':
      return 'Not started';
    case 'in-progress':
      return `Needs ${stepList(readiness.missing, maxSteps)}`;
  }
}

/** `Hair, Makeup +2`: the first steps by name, the rest counted. */
export function stepList(steps: readonly Step[], max = steps.length): string {
  const named = steps.slice(0, Math.max(1, max)).map((step) => STEP_LABELS[step]);
  const rest = steps.length - named.length;
  return rest > 0 ? `${named.join(', ')} +${rest}` : named.join(', ');
}

export const modelName = (modelsById: ReadonlyMap<ModelId, Model>, id: ModelId): string =>
  modelsById.get(id)?.name.trim() || 'No model yet';

/** Has the look gone out in this run? Everything before the next look has (or was passed over). */
export const hasGone = (entry: NumberedLook, position: Position): boolean =>
  entry.index < position.nextIndex && entry.look.id !== position.now?.look.id;

/**
 * Readiness for a display. A look still to come in this run ignores a `walked` left
 * over from an earlier run (a rehearsal), so it shows what it still needs.
 */
export function displayReadiness(
  entry: NumberedLook,
  progress: ReadonlyMap<string, Progress>,
  isUpcoming: boolean,
): Readiness {
  const lookProgress = progress.get(entry.look.id);
  const ownProgress =
    isUpcoming && lookProgress?.walked ? { ...lookProgress, walked: undefined } : lookProgress;
  return lookReadiness(entry.look, progress.get(entry.look.modelId), ownProgress);
}
