import type { RunKind, ShowPhase } from './model';

/**
 * The phase a show moves to when a GO starts a run of `kind`: a rehearsal run takes a
 * show out of setup, a live run makes it live. The phase and the run never contradict
 * each other ("Setup" beside "Rehearsal run going"). Undefined when the phase stays.
 */
export function phaseForRun(phase: ShowPhase, kind: RunKind): ShowPhase | undefined {
  if (kind === 'live') return phase === 'live' ? undefined : 'live';
  return phase === 'setup' || phase === 'finished' ? 'rehearsal' : undefined;
}
