// What the sync guards say about other kiosks, per kiosk, for the kiosks panel: a
// clock far ahead (its changes are held back until the show reaches their time), and
// a kiosk dropped for a while for sending bad messages. Pure, and small enough to
// travel to the other windows with the rest of the status (made from the engine's
// guards by guard-warnings.ts).

export interface KioskWarnings {
  /** Authors whose changes are held back, by site. */
  clocks: Array<{ site: string; aheadMs: number; held: number }>;
  /** Kiosks dropped for a while, by site, until when (show time), and why. */
  dropped: Array<{ site: string; until: number; reason: string }>;
  /** Authors some of whose changes were refused (outside their role, after their removal), by site. */
  refused?: Array<{ site: string; changes: number; last: string }>;
}

export const noWarnings = (): KioskWarnings => ({ clocks: [], dropped: [], refused: [] });

/** "2 h 5 min", "3 days", "40 s": how far, read at a glance. */
export function spanText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 730) return `${days} days`;
  return `${Math.round(days / 365)} years`;
}

/** "Clock 2 h 5 min ahead: 14 changes held back until then". */
export function clockAheadText(aheadMs: number, held: number): string {
  const changes = held === 1 ? '1 change' : `${held} changes`;
  return `Clock ${spanText(aheadMs)} ahead: ${changes} held back until then`;
}

/** "Refused 2 changes outside its role (a makeup kiosk may not write the outfit of looks)". */
export function refusedText(changes: number, last: string): string {
  const count = changes === 1 ? '1 change' : `${changes} changes`;
  const what = last.startsWith('the producer removed') ? 'after its removal' : 'outside its role';
  return `Refused ${count} ${what} (${last})`;
}

/** "Dropped for 30 s more: ops batch from peer …: op 3: …". */
export function droppedText(until: number, reason: string, now: number): string {
  return `Dropped for ${spanText(until - now)} more: ${reason}`;
}
