import { isActiveCall } from '../../domain/calls';
import { CONTENT_LOOKAHEAD, type ContentEntry } from '../../domain/content-view';
import type { ModelId } from '../../domain/ids';
import type { Call } from '../../domain/model';
import { ageText } from '../calls/calls';

// The content team's tablet as plain data: how many looks to keep clear (kept in the
// address, like the makeup tablet's station), and each model's line in words.
// Tested in content.test.ts.

export const LOOKAHEAD_MIN = 1;
export const LOOKAHEAD_MAX = 20;

/** The lookahead from the address (`#/content?clear=8`): the default when missing or not a number. */
export function lookaheadFrom(param: string | null): number {
  const value = Number.parseInt(param ?? '', 10);
  if (!Number.isFinite(value)) return CONTENT_LOOKAHEAD;
  return Math.min(LOOKAHEAD_MAX, Math.max(LOOKAHEAD_MIN, value));
}

const looks = (n: number) => `${n} ${n === 1 ? 'look' : 'looks'}`;

/** "about 4 min": the planned time, rounded down so a photographer never counts on more. */
function minutesText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes < 1 ? 'under a minute' : `about ${minutes} min`;
}

/** When the model walks next: "Look 19 in 13 looks · about 9 min", "Walked all looks". */
export function whenText(entry: ContentEntry): string {
  if (!entry.look) return 'No look in the running order';
  if (entry.looksAway === undefined) return `Walked all looks (last: look ${entry.look.number})`;
  if (entry.looksAway === 0) return `Look ${entry.look.number} is next`;
  const time = entry.secondsAway === undefined ? '' : ` · ${minutesText(entry.secondsAway)}`;
  return `Look ${entry.look.number} in ${looks(entry.looksAway)}${time}`;
}

/** The row of a model who is not free: the reason says how many looks, so this says which look and when. */
export function rowWhenText(entry: ContentEntry): string {
  if (entry.status !== 'soon' || !entry.look || entry.looksAway === undefined)
    return whenText(entry);
  if (entry.looksAway === 0) return `Look ${entry.look.number}`;
  const time = entry.secondsAway === undefined ? '' : ` · ${minutesText(entry.secondsAway)}`;
  return `Look ${entry.look.number}${time}`;
}

/** Why a model cannot be shot now, in words. */
export function reasonText(entry: ContentEntry): string {
  switch (entry.status) {
    case 'free':
      return 'Free now';
    case 'absent':
      return 'Not checked in';
    case 'preparing':
      return `Still to do: ${entry.missing.join(', ')}`;
    case 'walking':
      return 'On the runway or at the line-up';
    case 'soon':
      return entry.looksAway === 0 ? 'Walks next' : `Walks in ${looks(entry.looksAway ?? 0)}`;
  }
}

/** The photo call that asked this model to the content corner, if one is still active. */
export function activePhotoCall(calls: readonly Call[], modelId: ModelId): Call | undefined {
  return calls
    .filter(
      (call) =>
        call.kind === 'photo' &&
        isActiveCall(call) &&
        call.target.kind === 'models' &&
        call.target.modelIds.includes(modelId),
    )
    .sort((a, b) => b.issuedAt - a.issuedAt)[0];
}

/** "Called 3 min ago", "On the way (acknowledged)": where a photo call for the model stands. */
export function photoCallText(call: Call, now: number): string {
  return call.acknowledgedAt > 0
    ? `Called ${ageText(call.issuedAt, now)} · acknowledged`
    : `Called ${ageText(call.issuedAt, now)}`;
}

/** "3 of 5 free models shot": both the portrait and the look. */
export function shotCount(free: readonly ContentEntry[]): string {
  const shot = free.filter((entry) => entry.isModelShot && entry.isLookShot).length;
  return `${shot} of ${free.length} free ${free.length === 1 ? 'model' : 'models'} shot`;
}
