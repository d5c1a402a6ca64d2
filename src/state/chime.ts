// The call chime, synthesised with Web Audio: no sound file to fetch, cache or lose.
// A normal call rings two soft rising notes; an urgent one three brighter notes,
// twice. Short (under 1.3 s), so a run of calls never turns into a noise.

export type ChimeKind = 'normal' | 'urgent';

export interface ChimeNote {
  /** Seconds after the start. */
  at: number;
  frequency: number;
  duration: number;
  type: OscillatorType;
  gain: number;
}

const E5 = 659.25;
const A5 = 880;
const CS6 = 1108.73;
const E6 = 1318.51;

/** The notes of a chime: pure data, so the two kinds can be told apart in a test. */
export function chimeNotes(kind: ChimeKind): ChimeNote[] {
  if (kind === 'normal')
    return [
      { at: 0, frequency: E5, duration: 0.35, type: 'sine', gain: 0.35 },
      { at: 0.18, frequency: A5, duration: 0.5, type: 'sine', gain: 0.35 },
    ];
  const phrase = (start: number): ChimeNote[] =>
    [A5, CS6, E6].map((frequency, i) => ({
      at: start + i * 0.12,
      frequency,
      duration: 0.22,
      type: 'triangle',
      gain: 0.45,
    }));
  return [...phrase(0), ...phrase(0.6)];
}

/** Play a chime on `context` (which must be running). Returns its length in seconds. */
export function playChime(context: BaseAudioContext, kind: ChimeKind): number {
  const start = context.currentTime + 0.02;
  let end = 0;
  for (const note of chimeNotes(kind)) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = note.type;
    oscillator.frequency.setValueAtTime(note.frequency, start + note.at);
    // A quick attack and an exponential decay: a bell, not a beep (no click at either end).
    gain.gain.setValueAtTime(0.0001, start + note.at);
    gain.gain.exponentialRampToValueAtTime(note.gain, start + note.at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + note.at + note.duration);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + note.at);
    oscillator.stop(start + note.at + note.duration + 0.02);
    end = Math.max(end, note.at + note.duration);
  }
  return end;
}
