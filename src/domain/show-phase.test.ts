import { describe, expect, it } from 'vitest';
import { phaseForRun } from './show-phase';

describe('phaseForRun', () => {
  it('moves a show in setup to rehearsal when a rehearsal run starts', () => {
    expect(phaseForRun('setup', 'rehearsal')).toBe('rehearsal');
    expect(phaseForRun('finished', 'rehearsal')).toBe('rehearsal');
  });

  it('leaves the phase alone when it already agrees with the run', () => {
    expect(phaseForRun('rehearsal', 'rehearsal')).toBeUndefined();
    expect(phaseForRun('live', 'live')).toBeUndefined();
  });

  it('makes the show live when a live run starts', () => {
    expect(phaseForRun('rehearsal', 'live')).toBe('live');
  });
});
