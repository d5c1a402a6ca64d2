import { describe, expect, it } from 'vitest';
import { chimeNotes, playChime } from './chime';

/** Just enough of an AudioContext to record what a chime schedules. */
function recordingContext() {
  const started: { at: number; frequency: number; type: string }[] = [];
  const param = () => ({ setValueAtTime: () => {}, exponentialRampToValueAtTime: () => {} });
  const context = {
    currentTime: 10,
    destination: {},
    createGain: () => ({ gain: param(), connect: (next: unknown) => next }),
    createOscillator: () => {
      const oscillator = {
        type: 'sine',
        frequency: {
          value: 0,
          setValueAtTime: (value: number) => (oscillator.frequency.value = value),
        },
        connect: (next: unknown) => next,
        start: (at: number) =>
          started.push({ at, frequency: oscillator.frequency.value, type: oscillator.type }),
        stop: () => {},
      };
      return oscillator;
    },
  };
  return { context: context as unknown as BaseAudioContext, started };
}

describe('chime', () => {
  it('rings two soft notes for a call and six bright ones for an urgent call', () => {
    expect(chimeNotes('normal').map((n) => n.type)).toEqual(['sine', 'sine']);
    expect(chimeNotes('urgent')).toHaveLength(6);
    expect(chimeNotes('urgent').every((n) => n.type === 'triangle')).toBe(true);
  });

  it('is short, so a run of calls never becomes a noise', () => {
    for (const kind of ['normal', 'urgent'] as const) {
      const { context } = recordingContext();
      expect(playChime(context, kind)).toBeLessThan(1.3);
    }
  });

  it('schedules its notes from the context clock, rising', () => {
    const { context, started } = recordingContext();
    playChime(context, 'normal');
    expect(started.map((s) => s.at)).toEqual([10.02, 10.2]);
    expect(started[1]!.frequency).toBeGreaterThan(started[0]!.frequency);
  });
});
