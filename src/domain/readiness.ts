import type { Look, LookStep, ModelStep, Progress, Step } from './model';

export type ReadinessState = 'waiting' | 'in-progress' | 'ready' | 'at-lineup' | 'walked';

export interface Readiness {
  state: ReadinessState;
  done: number;
  total: number;
  /** The preparation steps still open, in the order they are usually done. */
  missing: Step[];
}

export const READINESS_LABELS: Record<ReadinessState, string> = {
  waiting: 'Not started',
  'in-progress': 'In progress',
  ready: 'Ready',
  'at-lineup': 'At line-up',
  walked: 'Walked',
};

const isDone = (progress: Progress | undefined, step: Step): boolean =>
  progress?.[step]?.done === true;

/** The steps a look needs before it is ready: accessories only when it has some. */
export function requiredSteps(look: Look): { model: ModelStep[]; look: LookStep[] } {
  const lookSteps: LookStep[] =
    look.accessories.length > 0 ? ['dressed', 'accessories', 'checked'] : ['dressed', 'checked'];
  return { model: ['hair', 'makeup'], look: lookSteps };
}

/** How ready a look is, from its model's hair and makeup and its own steps. */
export function lookReadiness(
  look: Look,
  modelProgress: Progress | undefined,
  lookProgress: Progress | undefined,
): Readiness {
  const steps = requiredSteps(look);
  const missing: Step[] = [
    ...steps.model.filter((step) => !isDone(modelProgress, step)),
    ...steps.look.filter((step) => !isDone(lookProgress, step)),
  ];
  const total = steps.model.length + steps.look.length;
  const done = total - missing.length;
  let state: ReadinessState =
    done === 0 ? 'waiting' : missing.length === 0 ? 'ready' : 'in-progress';
  if (isDone(lookProgress, 'lineup')) state = 'at-lineup';
  if (isDone(lookProgress, 'walked')) state = 'walked';
  return { state, done, total, missing };
}
