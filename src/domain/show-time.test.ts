import { describe, expect, it } from 'vitest';
import { cueId, showPosition } from './cues';
import type { LookId, ModelId, RunId, SiteId } from './ids';
import type { Cue, Run } from './model';
import { walkingOrder } from './running-order';
import { countdown, curtainAt, forecast, formatDuration, showTimeAt } from './show-time';
import { makeLook } from './test-factories';

describe('show time', () => {
  it('reads a local date and time', () => {
    expect(showTimeAt('2026-11-26', '20:30')).toBe(new Date(2026, 10, 26, 20, 30).getTime());
    expect(curtainAt({ date: '2026-11-26', curtainTime: '' })).toBeUndefined();
    expect(showTimeAt('26/11/2026', '20:30')).toBeUndefined();
  });

  it('formats durations with hours only when there are some', () => {
    expect(formatDuration(9_000)).toBe('0:09');
    expect(formatDuration(62_000)).toBe('1:02');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('counts down from an absolute target and up once past it', () => {
    expect(countdown(10_000, 500)).toEqual({ text: '0:10', isOver: false });
    expect(countdown(10_000, 9_001)).toEqual({ text: '0:01', isOver: false });
    expect(countdown(10_000, 75_000)).toEqual({ text: '+1:05', isOver: true });
  });
});

describe('forecast', () => {
  // Four looks at 60 s pacing, the curtain at 20:00 on 2027-03-01.
  const show = { pacingSeconds: 60, date: '2027-03-01', curtainTime: '20:00' };
  const curtain = new Date(2027, 2, 1, 20, 0).getTime();
  const order = walkingOrder(
    ['1', '2', '3', '4'].map((id, i) =>
      makeLook({ id: id as LookId, rank: `a${i}`, modelId: 'm' as ModelId }),
    ),
  );
  const runId = 'r-1' as RunId;
  const cue = (lookId: string, goAt: number): Cue => ({
    id: cueId(runId, lookId as LookId),
    runId,
    lookId: lookId as LookId,
    goAt,
    by: 's' as SiteId,
  });
  const live = (startedAt: number, holds: number[][] = []): Run => ({
    id: runId,
    kind: 'live',
    startedAt,
    endedAt: 0,
    holds,
  });
  const at = (cues: Cue[], run: Run | undefined, now: number) =>
    forecast({ show, order, position: showPosition(order, cues, run?.id), run, now });

  it('before the show, finishes four paced looks after the curtain, on plan', () => {
    const result = at([], undefined, curtain - 600_000);
    expect(result?.expectedFinish).toBe(curtain + 240_000);
    expect(result?.planText).toBe('on plan');
    expect(result?.finishText).toBe('Finish ≈ 20:04');
  });

  it('is behind plan by as much as the live curtain was late', () => {
    const start = curtain + 150_000;
    const result = at([cue('1', start)], live(start), start + 1000);
    expect(result?.behindMs).toBe(150_000);
    expect(result?.planText).toBe('2:30 behind');
    expect(result?.isBehind).toBe(true);
  });

  it('is ahead of plan when looks go out faster than paced', () => {
    const result = at(
      [cue('1', curtain), cue('2', curtain + 20_000), cue('3', curtain + 40_000)],
      live(curtain),
      curtain + 41_000,
    );
    // Look 4 is due 60 s after look 3 and walks its 60 s: 20:02:40 against 20:04.
    expect(result?.expectedFinish).toBe(curtain + 160_000);
    expect(result?.planText).toBe('1:20 ahead');
  });

  it('moves the finish back for as long as a hold lasts', () => {
    const run = live(curtain, [[curtain + 30_000, 0]]);
    const result = at([cue('1', curtain)], run, curtain + 150_000);
    expect(result?.isHeld).toBe(true);
    expect(result?.holdText).toBe('On hold 2:00');
    // Held 30 s into look 1's 60 s: the pacing stops with the hold, so 30 s are left after
    // it, then three looks to go.
    expect(result?.expectedFinish).toBe(curtain + 150_000 + 30_000 + 180_000);
    const resumed = at(
      [cue('1', curtain)],
      live(curtain, [[curtain + 30_000, curtain + 90_000]]),
      curtain + 91_000,
    );
    expect(resumed?.expectedFinish).toBe(curtain + 60_000 + 60_000 + 180_000);
    expect(resumed?.planText).toBe('1:00 behind');
  });

  it('plans a rehearsal from its own start', () => {
    const start = curtain - 3_600_000;
    const result = at([cue('1', start)], { ...live(start), kind: 'rehearsal' }, start + 5000);
    expect(result?.plannedFinish).toBe(start + 240_000);
    expect(result?.planText).toBe('on plan');
  });

  it('finishes when the last look comes back once all have walked', () => {
    const cues = [
      cue('1', curtain),
      cue('2', curtain + 60_000),
      cue('3', curtain + 120_000),
      cue('4', curtain + 180_000),
    ];
    expect(at(cues, live(curtain), curtain + 900_000)?.expectedFinish).toBe(curtain + 240_000);
  });
});
