import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import { cueId, showPosition, type Position } from '../../domain/cues';
import type { LookId, ModelId, RunId, SiteId } from '../../domain/ids';
import type { Cue, Look, Model, Progress, Step } from '../../domain/model';
import { quickChanges, walkingOrder, type NumberedLook } from '../../domain/running-order';
import { curtainView, goCountdown, isGoGuarded, lineupRange, quickChangeWarnings } from './curtain';

const site = 'site-a' as SiteId;
const runId = 'r-1' as RunId;
const show = { pacingSeconds: 45, quickChangeLooks: 4, quickChangeSeconds: 180 };

const names = [
  'Amara Okafor',
  'Lina Sørensen',
  'Mei Tanaka',
  'Sofia Marchetti',
  'Olivia Brooks',
  'Maya Schulz',
  'Zara Haddad',
  'Ines Duarte',
];
const models: Model[] = names.map((name, i) =>
  makeModel({
    id: `m-${i + 1}` as ModelId,
    name,
    station: '',
  }),
);
const modelsById = new Map(models.map((m) => [m.id, m]));

/** Looks by model number (1-based): `[1, 2, 5, 3, 5]` brings Olivia back two looks later. */
function looksFor(modelNumbers: number[], pacing: Record<number, number> = {}): Look[] {
  const ranks = generateNKeysBetween(null, null, modelNumbers.length);
  return modelNumbers.map((m, i) =>
    makeLook({
      id: `l-${i + 1}` as LookId,
      rank: ranks[i] as string,
      modelId: (models[m - 1] as Model).id,
      section: 'Day',
      outfit: `Outfit ${i + 1}`,
      pacingSeconds: pacing[i + 1] ?? 0,
    }),
  );
}

/** GO on the first `count` looks, one every 45 s from t = 100 s. */
function afterGos(order: readonly NumberedLook[], count: number): Position {
  const cues: Cue[] = order.slice(0, count).map((entry, i) => ({
    id: cueId(runId, entry.look.id),
    runId,
    lookId: entry.look.id,
    goAt: 100_000 + 45_000 * i,
    by: site,
  }));
  return showPosition(order, cues, runId);
}

const done = (steps: Step[]) =>
  Object.fromEntries(steps.map((step) => [step, { done: true, at: 1, by: site }]));
const progressOf = (entries: Record<string, Step[]>) =>
  new Map<string, Progress>(
    Object.entries(entries).map(([id, steps]) => [id, { id: id as ModelId, ...done(steps) }]),
  );

const allLooks = looksFor([1, 2, 3, 4, 5, 6, 5, 7, 8]);
const order = walkingOrder(allLooks);

describe('curtainView', () => {
  it('before the first GO offers look 1 with the five after it', () => {
    const view = curtainView(order, modelsById, new Map(), afterGos(order, 0));
    expect(view.now).toBeUndefined();
    expect(view.next).toMatchObject({ number: 1, modelName: 'Amara Okafor', outfit: 'Outfit 1' });
    expect(view.following.map((l) => l.number)).toEqual([2, 3, 4, 5, 6]);
    expect(view.goLabel).toBe('GO — look 1');
    expect(view.isAllWalked).toBe(false);
  });

  it('after GOs shows now and next with readiness', () => {
    const progress = progressOf({
      'm-2': ['hair', 'makeup'],
      'l-3': ['dressed'],
      'm-3': ['hair', 'makeup'],
      'l-4': ['dressed', 'checked', 'lineup'],
    });
    const view = curtainView(order, modelsById, progress, afterGos(order, 2));
    expect(view.now).toMatchObject({ number: 2, modelName: 'Lina Sørensen' });
    expect(view.next).toMatchObject({ number: 3, readinessText: 'Needs Checked', isReady: false });
    expect(view.following.map((l) => [l.number, l.readiness.state])).toEqual([
      [4, 'at-lineup'],
      [5, 'waiting'],
      [6, 'waiting'],
      [7, 'waiting'],
      [8, 'waiting'],
    ]);
    expect(view.following[0]?.isReady).toBe(true);
    expect(view.goLabel).toBe('GO — look 3');
  });

  it('runs out of following looks at the end and then says all have walked', () => {
    expect(
      curtainView(order, modelsById, new Map(), afterGos(order, 6)).following.map((l) => l.number),
    ).toEqual([8, 9]);
    const end = curtainView(order, modelsById, new Map(), afterGos(order, 9));
    expect(end).toMatchObject({ isAllWalked: true, goLabel: '', next: undefined });
    expect(end.now?.number).toBe(9);
  });

  it('is empty with no looks', () => {
    expect(curtainView([], modelsById, new Map(), afterGos([], 0))).toMatchObject({
      isEmpty: true,
      isAllWalked: false,
      goLabel: '',
    });
  });
});

describe('goCountdown', () => {
  it('is absent before the first GO', () => {
    expect(goCountdown(show, afterGos(order, 0), 0)).toBeUndefined();
  });

  it('counts down to the next GO from the last one, at the planned pacing', () => {
    const position = afterGos(order, 1); // look 1 went at 100 s
    expect(goCountdown(show, position, 130_000)).toEqual({
      sinceText: '0:30',
      sinceLabel: 'since look 1 went',
      plannedText: '0:45',
      label: 'Next GO in',
      text: '0:15',
      isOver: false,
    });
  });

  it('says how far over once late, and uses the look’s own pacing', () => {
    const slow = walkingOrder(looksFor([1, 2, 3], { 1: 60 }));
    const late = goCountdown(show, afterGos(slow, 1), 100_000 + 72_000);
    expect(late).toMatchObject({
      label: 'Over by',
      text: '0:12',
      isOver: true,
      plannedText: '1:00',
    });
  });

  it('stops counting to a next GO after the last look', () => {
    expect(goCountdown(show, afterGos(order, 9), 1_000_000)).toMatchObject({
      label: 'Last look out',
      text: '',
    });
  });
});

describe('quickChangeWarnings', () => {
  const changes = quickChanges(show, allLooks); // Olivia: look 5, back in look 7, 90 s later

  it('warns once the first look of the quick change is among the next six', () => {
    expect(quickChangeWarnings(changes, modelsById, new Map(), afterGos(order, 0), 4)).toEqual([]);
    const warnings = quickChangeWarnings(changes, modelsById, new Map(), afterGos(order, 0));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      text: 'QUICK CHANGE — Olivia Brooks back in look 7, 90\u00a0s after look 5',
      isReady: false,
      statusText: 'Look 7 not ready — needs Hair, Makeup +2',
    });
  });

  it('says when the look they come back in is ready, and drops it once that look has gone', () => {
    const progress = progressOf({ 'm-5': ['hair', 'makeup'], 'l-7': ['dressed', 'checked'] });
    expect(quickChangeWarnings(changes, modelsById, progress, afterGos(order, 5))[0]).toMatchObject(
      { isReady: true, statusText: 'Look 7 ready' },
    );
    expect(quickChangeWarnings(changes, modelsById, progress, afterGos(order, 7))).toEqual([]);
  });
});

describe('GO guard', () => {
  it('ignores a second tap within a second', () => {
    expect(isGoGuarded(0, 5_000)).toBe(false);
    expect(isGoGuarded(5_000, 5_400)).toBe(true);
    expect(isGoGuarded(5_000, 6_000)).toBe(false);
  });
});

describe('lineupRange', () => {
  it('calls the next look and the five after it', () => {
    expect(lineupRange(order, afterGos(order, 0))).toEqual({
      from: 1,
      to: 6,
      label: 'Call looks 1–6 to line-up',
    });
  });

  it('stops at the last look and reads well for one look', () => {
    expect(lineupRange(order, afterGos(order, 6))).toMatchObject({ from: 7, to: 9 });
    expect(lineupRange(order, afterGos(order, 8))).toEqual({
      from: 9,
      to: 9,
      label: 'Call look 9 to line-up',
    });
    expect(lineupRange(order, afterGos(order, 9))).toBeUndefined();
  });
});
