import { describe, expect, it } from 'vitest';
import { makeLook } from './test-factories';
import { cueId, currentRun, heldBetween, heldSince, isHeld, nextHolds, showPosition } from './cues';
import type { LookId, ModelId, RunId, SiteId } from './ids';
import type { Cue, Look, Run } from './model';
import { walkingOrder } from './running-order';

const look = (id: string, rank: string): Look =>
  makeLook({ id: id as LookId, rank, modelId: 'm' as ModelId });
const order = walkingOrder([look('1', 'a1'), look('2', 'a2'), look('3', 'a3')]);
const run = 'r-1' as RunId;
const cue = (lookId: string, goAt: number, runId = run): Cue => ({
  id: cueId(runId, lookId as LookId),
  runId,
  lookId: lookId as LookId,
  goAt,
  by: 's' as SiteId,
});

describe('show position', () => {
  it('has the first look next before any GO', () => {
    const position = showPosition(order, [], undefined);
    expect(position.now).toBeUndefined();
    expect(position.next?.look.id).toBe('1');
  });

  it('has the last cued look walking and the one after it next', () => {
    const position = showPosition(order, [cue('1', 100), cue('2', 200)], run);
    expect(position.now?.look.id).toBe('2');
    expect(position.nowGoAt).toBe(200);
    expect(position.next?.look.id).toBe('3');
  });

  it('counts only the cues of the run going on', () => {
    expect(showPosition(order, [cue('1', 100, 'r-old' as RunId)], run).next?.look.id).toBe('1');
  });

  it('never sends a look twice when one went out of order', () => {
    const position = showPosition(order, [cue('2', 100), cue('1', 200)], run);
    expect(position.next?.look.id).toBe('3');
  });

  it('has the later look walking when two GOs carry the same millisecond', () => {
    // Look ids sort the other way from the running order, as random ids may.
    const reversed = walkingOrder([look('z', 'a1'), look('y', 'a2'), look('x', 'a3')]);
    for (const cues of [
      [cue('y', 100), cue('z', 100)],
      [cue('z', 100), cue('y', 100)],
    ]) {
      const position = showPosition(reversed, cues, run);
      expect(position.now?.look.id).toBe('y');
      expect(position.next?.look.id).toBe('x');
    }
  });

  it('has nothing next once every look has gone', () => {
    const position = showPosition(order, [cue('1', 1), cue('2', 2), cue('3', 3)], run);
    expect(position.next).toBeUndefined();
    expect(position.nextIndex).toBe(3);
  });
});

describe('current run', () => {
  it('is the latest started one not ended', () => {
    const runs: Run[] = [
      { id: 'r-a' as RunId, kind: 'rehearsal', startedAt: 1, endedAt: 5 },
      { id: 'r-b' as RunId, kind: 'live', startedAt: 10, endedAt: 0 },
    ];
    expect(currentRun(runs)?.id).toBe('r-b');
    expect(currentRun(runs.slice(0, 1))).toBeUndefined();
  });
});

describe('holds', () => {
  const held = (holds: number[][]) => ({ holds });

  it('holds and resumes, and a second tap of the same changes nothing', () => {
    const holding = nextHolds(undefined, true, 1000);
    expect(holding).toEqual([[1000, 0]]);
    expect(isHeld(held(holding))).toBe(true);
    expect(heldSince(held(holding))).toBe(1000);
    expect(nextHolds(held(holding), true, 2000)).toEqual([[1000, 0]]);
    const resumed = nextHolds(held(holding), false, 4000);
    expect(resumed).toEqual([[1000, 4000]]);
    expect(isHeld(held(resumed))).toBe(false);
    expect(nextHolds(held(resumed), false, 5000)).toEqual([[1000, 4000]]);
  });

  it('counts hold time inside a window, a hold still going up to now', () => {
    const run = held([
      [1000, 4000],
      [10_000, 0],
    ]);
    expect(heldBetween(run, 0, Infinity, 12_000)).toBe(3000 + 2000);
    expect(heldBetween(run, 2000, 11_000, 12_000)).toBe(2000 + 1000);
  });

  it('ignores malformed holds from another kiosk', () => {
    expect(
      heldBetween(
        {
          holds: [
            ['x', 1],
            [5, 'y'],
            [0, 3],
          ] as unknown as number[][],
        },
        0,
        10,
        10,
      ),
    ).toBe(0);
    expect(isHeld({ holds: 'nope' as unknown as number[][] })).toBe(false);
  });
});
