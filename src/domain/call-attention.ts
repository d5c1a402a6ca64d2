import type { Call } from './model';

// How a new call gets attention: a chime where sound is on, and a pulse on screen.
// The pulse runs at most once a second for at most five seconds, then the call stays
// highlighted until someone acknowledges it (see CallCard's CSS).

/** The pulse lasts this long after a call is first seen, at one pulse per PULSE_PERIOD_MS. */
export const PULSE_MS = 5000;
export const PULSE_PERIOD_MS = 1000;
/** A call issued longer ago than this is not new (a kiosk opening mid-show stays quiet). */
export const FRESH_MS = 30_000;

/**
 * The calls to announce: active calls not seen before and issued recently. The first
 * look at a show (`seen` undefined) announces nothing; it only learns what is there.
 */
export function callsToAnnounce(
  active: readonly Call[],
  seen: ReadonlySet<string> | undefined,
  now: number,
): { announce: Call[]; seen: Set<string> } {
  const next = new Set<string>(active.map((call) => call.id));
  if (!seen) return { announce: [], seen: next };
  const announce = active.filter(
    (call) => !seen.has(call.id) && Math.abs(now - call.issuedAt) <= FRESH_MS,
  );
  // Keep ids of calls gone from the list, so a call cleared and reopened does not chime again.
  for (const id of seen) next.add(id);
  return { announce, seen: next };
}

/** The chime for a batch of new calls: urgent if any is urgent. */
export const chimeFor = (calls: readonly Call[]): 'normal' | 'urgent' | undefined =>
  calls.length === 0
    ? undefined
    : calls.some((call) => call.priority === 'urgent')
      ? 'urgent'
      : 'normal';

/** Is the call new enough to pulse (seen for less than PULSE_MS)? Its highlight stays until acknowledged. */
export const isPulsing = (firstSeenAt: number, now: number): boolean =>
  now - firstSeenAt < PULSE_MS;

/** How many pulses a call's card still shows when it appears (0 for a call older than PULSE_MS). */
export function pulsesLeft(issuedAt: number, now: number): number {
  const left = PULSE_MS - Math.max(0, now - issuedAt);
  return left <= 0 ? 0 : Math.min(PULSE_MS / PULSE_PERIOD_MS, Math.ceil(left / PULSE_PERIOD_MS));
}
