import { SITE_ID_SYNTAX, type SiteId } from './ids';

/**
 * Hybrid logical clock (Kulkarni et al. 2014). Encoded as a fixed-width string
 * `wall(15 digits).counter(6 digits).site` so that plain string comparison is the
 * total order "later physical time wins, then counter, then site as tie-break".
 */
export type Hlc = string & { readonly __hlc: true };

export interface HlcState {
  wall: number;
  counter: number;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
/** The largest counter the encoding holds; one more carries into the wall time. */
export const MAX_HLC_COUNTER = 10 ** COUNTER_DIGITS - 1;
/**
 * A remote clock further ahead than this is not followed: a kiosk with a wild clock must
 * not drag everyone. The same as the clock guard's hold (clock-guard.ts): an op further
 * ahead is held back there, and a peer a day ahead dragging every kiosk's clock would
 * get their own ops held everywhere else.
 */
export const MAX_DRIFT_MS = 5 * 60_000;

export function encodeHlc(wall: number, counter: number, site: SiteId): Hlc {
  // A counter wider than its digits would make a stamp every peer refuses as
  // malformed (and block every op behind it); carry into the wall time instead,
  // which keeps the order: one more millisecond sorts after any counter.
  if (counter > MAX_HLC_COUNTER) {
    wall += Math.floor(counter / (MAX_HLC_COUNTER + 1));
    counter %= MAX_HLC_COUNTER + 1;
  }
  return `${String(wall).padStart(WALL_DIGITS, '0')}.${String(counter).padStart(COUNTER_DIGITS, '0')}.${site}` as Hlc;
}

export function decodeHlc(hlc: Hlc): { wall: number; counter: number; site: SiteId } {
  const [wall = '0', counter = '0', ...site] = hlc.split('.');
  return { wall: Number(wall), counter: Number(counter), site: site.join('.') as SiteId };
}

const HLC_PATTERN = new RegExp(
  `^\\d{${WALL_DIGITS}}\\.\\d{${COUNTER_DIGITS}}\\.${SITE_ID_SYNTAX}$`,
);
export function isHlc(value: unknown): value is Hlc {
  return typeof value === 'string' && HLC_PATTERN.test(value);
}

/** The clock for a local event at physical time `now`. Mutates and returns the new stamp. */
export function tickHlc(state: HlcState, now: number, site: SiteId): Hlc {
  if (now > state.wall) {
    state.wall = now;
    state.counter = 0;
  } else {
    state.counter += 1;
  }
  carry(state);
  return encodeHlc(state.wall, state.counter, site);
}

/** Fold a remote stamp into the local clock so that later local events sort after it. */
export function receiveHlc(state: HlcState, remote: Hlc, now: number): void {
  const { wall, counter } = decodeHlc(remote);
  if (wall > now + MAX_DRIFT_MS) return;
  const maxWall = Math.max(state.wall, wall, now);
  if (maxWall === state.wall && maxWall === wall)
    state.counter = Math.max(state.counter, counter) + 1;
  else if (maxWall === state.wall) state.counter += 1;
  else if (maxWall === wall) state.counter = counter + 1;
  else state.counter = 0;
  state.wall = maxWall;
  carry(state);
}

/** Keep the counter within its digits: overflow moves the clock one millisecond on. */
function carry(state: HlcState): void {
  if (state.counter <= MAX_HLC_COUNTER) return;
  state.wall += Math.floor(state.counter / (MAX_HLC_COUNTER + 1));
  state.counter %= MAX_HLC_COUNTER + 1;
}
