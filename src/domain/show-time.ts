import type { Show } from './model';

/** Epoch ms of a local `HH:MM` on the show's `YYYY-MM-DD`, or undefined when either is unset or malformed. */
export function showTimeAt(date: string, time: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2])).getTime();
  return Number.isFinite(at) ? at : undefined;
}

export const curtainAt = (show: Pick<Show, 'date' | 'curtainTime'>): number | undefined =>
  showTimeAt(show.date, show.curtainTime);

/** `1:02:03`, `12:03`, `0:09`: minutes and seconds always, hours when there are any. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** A countdown from an absolute target: never a decrementing counter. Past the target it counts up, as "over". */
export function countdown(target: number, now: number): { text: string; isOver: boolean } {
  const remaining = target - now;
  // Round up while counting down so "0:00" shows only at the target itself.
  return remaining > 0
    ? { text: formatDuration(Math.ceil(remaining / 1000) * 1000), isOver: false }
    : { text: `+${formatDuration(-remaining)}`, isOver: true };
}

/** `19:05` in the kiosk's local time. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** What a countdown or clock shows while the kiosk is still finding the venue clock. */
export const UNSETTLED_CLOCK = '–:––';
