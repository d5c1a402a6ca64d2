import { describe, expect, it } from 'vitest';
import { silenceKey } from '../../domain/auto-calls';
import { defaultShow } from '../../domain/defaults';
import type { RunId, ShowId } from '../../domain/ids';
import type { Run } from '../../domain/model';
import { dueRows, parseMinutes, ruleRows } from './auto-calls-panel';

const show = {
  ...defaultShow('s' as ShowId),
  date: '2027-03-01',
  curtainTime: '20:00',
  autoLineup: true,
};
const run: Run = { id: 'r-1' as RunId, kind: 'live', startedAt: 1, endedAt: 0 };

describe('automatic calls panel', () => {
  it('lists every rule with its tuning, on or off, and whether it is silenced for this run', () => {
    const rows = ruleRows({ ...show, autoSilenced: [silenceKey('lineup', 'r-1')] }, run);
    expect(rows.map((r) => [r.label, r.isOn, r.isSilenced])).toEqual([
      ['Line-up calls', true, true],
      ['Curtain warnings', false, false],
      ['Briefing warnings', false, false],
      ['Quick-change alerts', false, false],
      ['Touch-up reminders', false, false],
    ]);
    expect(rows[0]?.summary).toBe(
      'Each look is called to the line-up when the look 6 ahead of it goes.',
    );
    expect(rows[2]?.canSilence).toBe(false); // no briefing time: nothing to silence
  });

  it('says when the next calls are due, marking forecasts', () => {
    const rows = dueRows(
      [
        {
          id: 'c',
          text: 'Look 9 to the line-up now — Lina',
          dueAt: 65_000,
          isEstimated: true,
        } as never,
      ],
      0,
    );
    expect(rows[0]?.when).toMatch(/^≈ \d\d:\d\d · in 1:05$/);
  });

  it('reads warning minutes as typed, and says what is wrong', () => {
    expect(parseMinutes('5, 30 15,10')).toEqual({ minutes: [30, 15, 10, 5] });
    expect(parseMinutes('30, half')).toEqual({
      problem: '“half” is not a whole number of minutes from 1 to 240',
    });
    expect(parseMinutes(' ')).toHaveProperty('problem');
  });
});
