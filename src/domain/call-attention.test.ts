import { describe, expect, it } from 'vitest';
import {
  callsToAnnounce,
  chimeFor,
  FRESH_MS,
  isPulsing,
  PULSE_MS,
  pulsesLeft,
} from './call-attention';
import type { CallId } from './ids';
import { makeCall } from './test-factories';

const call = (id: string, issuedAt: number, priority: 'normal' | 'urgent' = 'normal') =>
  makeCall({ id: id as CallId, issuedAt, priority });

describe('call attention', () => {
  it('announces nothing on the first look at a show, then each new call once', () => {
    const first = callsToAnnounce([call('a', 1000)], undefined, 1000);
    expect(first.announce).toEqual([]);
    const second = callsToAnnounce([call('a', 1000), call('b', 2000)], first.seen, 2000);
    expect(second.announce.map((c) => c.id)).toEqual(['b']);
    expect(callsToAnnounce([call('a', 1000), call('b', 2000)], second.seen, 2500).announce).toEqual(
      [],
    );
  });

  it('does not announce a call issued long ago that arrives late, nor one cleared and reopened', () => {
    const { seen } = callsToAnnounce([call('a', 0)], undefined, 0);
    expect(callsToAnnounce([call('old', 0)], seen, FRESH_MS + 1).announce).toEqual([]);
    const gone = callsToAnnounce([], seen, 10);
    expect(callsToAnnounce([call('a', 0)], gone.seen, 20).announce).toEqual([]);
  });

  it('rings the urgent chime when any new call is urgent', () => {
    expect(chimeFor([call('a', 0), call('b', 0, 'urgent')])).toBe('urgent');
    expect(chimeFor([call('a', 0)])).toBe('normal');
    expect(chimeFor([])).toBeUndefined();
  });

  it('pulses for five seconds, then stops', () => {
    expect(isPulsing(1000, 1000 + PULSE_MS - 1)).toBe(true);
    expect(isPulsing(1000, 1000 + PULSE_MS)).toBe(false);
  });
});

describe('pulses left', () => {
  it('is five for a call just made, fewer for one a few seconds old, none after five seconds', () => {
    expect(pulsesLeft(1000, 1000)).toBe(5);
    expect(pulsesLeft(1000, 3500)).toBe(3);
    expect(pulsesLeft(1000, 6000)).toBe(0);
    expect(pulsesLeft(5000, 1000)).toBe(5); // a clock a little behind never pulses longer
  });
});
