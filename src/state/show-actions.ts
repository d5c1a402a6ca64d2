import { patchChanges } from '../domain/changes';
import { nextHolds } from '../domain/cues';
import type { Show } from '../domain/model';
import { kiosk } from './kiosk.svelte';
import { showClock } from './show-clock';

// Show-time actions: hold and resume the run going on, and the automatic-call rules.

function data() {
  const current = kiosk.data;
  if (!current) throw new Error('No show is open on this kiosk');
  return current;
}

/** Hold (`holding` true) or resume the run going on. A second tap of the same does nothing. */
export async function setHold(holding: boolean): Promise<void> {
  const run = data().run;
  if (!run) throw new Error('No run is going: the first GO starts one');
  const holds = nextHolds(run, holding, showClock.now());
  await kiosk.write(patchChanges('runs', run.id, { holds }));
}

export type RuleSettings = Pick<
  Show,
  | 'autoLineup'
  | 'lineupLooksBefore'
  | 'autoCurtainWarnings'
  | 'autoBriefingWarnings'
  | 'briefingTime'
  | 'warningMinutes'
  | 'autoQuickChange'
  | 'autoTouchUp'
  | 'touchUpLooks'
>;

export const updateRules = (patch: Partial<RuleSettings>) =>
  kiosk.write(patchChanges('shows', data().showId, patch));
