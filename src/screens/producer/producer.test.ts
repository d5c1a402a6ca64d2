import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import type { LookId, ModelId, RunId, SiteId } from '../../domain/ids';
import type { Cue, Look, Model, Run } from '../../domain/model';
import { DerivedOrder, quickChangesByLook } from '../../domain/derived-order';
import { quickChanges, runningOrder, walkingOrder } from '../../domain/running-order';
import {
  accessoriesText,
  backupFileName,
  csvFileName,
  cueSummary,
  deleteModelQuestion,
  driftText,
  dropIndex,
  isDropMove,
  keyboardMoveTarget,
  lookRows,
  looksByModel,
  looksText,
  moveAnnouncement,
  parseAccessories,
  parseSeconds,
  parseShowNumber,
  runTitle,
  runToShow,
  sortedModels,
} from './producer';

function look(id: string, rank: string, modelId: string, extra: Partial<Look> = {}): Look {
  return makeLook({
    id: id as LookId,
    rank,
    modelId: modelId as ModelId,
    ...extra,
  });
}

function model(id: string, name: string, extra: Partial<Model> = {}): Model {
  return makeModel({
    id: id as ModelId,
    name,
    station: '',
    ...extra,
  });
}

const amara = model('m1', 'Amara');
const lina = model('m2', 'Lina');
const mei = model('m3', 'Mei');
const modelsById = new Map([amara, lina, mei].map((m) => [m.id as string, m]));
const show = { pacingSeconds: 45, quickChangeLooks: 3, quickChangeSeconds: 120 };

describe('running order rows', () => {
  const looks = [
    look('a', 'a1', 'm1', { outfit: 'Coat' }),
    look('b', 'a2', 'm2', { outfit: 'Slip dress', cut: true }),
    look('c', 'a3', 'm3'),
    look('d', 'a4', 'm1'),
  ];
  const rows = lookRows(
    runningOrder(looks),
    modelsById,
    quickChangesByLook(quickChanges(show, looks)),
  );

  it('numbers walking looks and labels cut ones "cut", keeping their place', () => {
    expect(rows.map((row) => row.numberLabel)).toEqual(['1', 'cut', '2', '3']);
    expect(rows.map((row) => row.position)).toEqual([0, 1, 2, 3]);
    expect(rows[1]?.name).toBe('Cut look (Slip dress)');
    expect(rows[2]?.name).toBe('Look 2');
  });

  it('flags the look a model comes back into quickly, in words', () => {
    expect(rows[3]?.quickChange?.from.number).toBe(1);
    expect(rows[3]?.quickChangeText).toBe('Quick change from look 1 (1 look between, 1:30)');
    expect(rows[0]?.quickChange).toBeUndefined();
  });

  it('knows the first and last rows, for the move buttons', () => {
    expect(rows.map((row) => [row.isFirst, row.isLast])).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [false, true],
    ]);
  });

  it('keeps the rows an edit did not touch, so only the edited row re-renders', () => {
    const derived = new DerivedOrder();
    const before = derived.update(show, looks);
    const rowsBefore = lookRows(before.order, modelsById, before.quickChangeInto);
    const edited = looks.map((l) => (l.id === 'c' ? { ...l, outfit: 'Trench' } : l));
    const after = derived.update(show, edited);
    const rowsAfter = lookRows(after.order, modelsById, after.quickChangeInto, rowsBefore);
    expect(rowsAfter.map((row, i) => row === rowsBefore[i])).toEqual([true, true, false, true]);
    expect(rowsAfter[2]?.entry.look.outfit).toBe('Trench');
  });

  it('gives new rows to the looks a move changes places of', () => {
    const derived = new DerivedOrder();
    const before = derived.update(show, looks);
    const rowsBefore = lookRows(before.order, modelsById, before.quickChangeInto);
    // Look 2 (c) and look 3 (d) swap places.
    const moved = looks.map((l) => (l.id === 'c' ? { ...l, rank: 'a45' } : l));
    const after = derived.update(show, moved);
    const rowsAfter = lookRows(after.order, modelsById, after.quickChangeInto, rowsBefore);
    expect(rowsAfter.map((row) => row.entry.look.id)).toEqual(['a', 'b', 'd', 'c']);
    expect(rowsAfter.map((row, i) => row === rowsBefore[i])).toEqual([true, true, false, false]);
    // Amara now walks looks 1 and 2: the quick change follows her.
    expect(rowsAfter[2]?.quickChangeText).toBe('Quick change from look 1 (back to back, 0:45)');
  });

  it("lists each model's looks by number, cut looks left out", () => {
    const byModel = looksByModel(runningOrder(looks));
    expect(looksText(byModel.get('m1' as ModelId))).toBe('Looks 1, 3');
    expect(looksText(byModel.get('m2' as ModelId))).toBe('No look yet');
    expect(looksText(byModel.get('m3' as ModelId))).toBe('Look 2');
  });
});

describe('moving looks', () => {
  it('moves a row one place with the arrow keys, and to the ends with Home and End', () => {
    expect(keyboardMoveTarget('ArrowUp', 4, 10)).toBe(3);
    expect(keyboardMoveTarget('ArrowDown', 4, 10)).toBe(5);
    expect(keyboardMoveTarget('Home', 4, 10)).toBe(0);
    expect(keyboardMoveTarget('End', 4, 10)).toBe(9);
  });

  it('does nothing past either end or for other keys', () => {
    expect(keyboardMoveTarget('ArrowUp', 0, 10)).toBeUndefined();
    expect(keyboardMoveTarget('ArrowDown', 9, 10)).toBeUndefined();
    expect(keyboardMoveTarget('Home', 0, 10)).toBeUndefined();
    expect(keyboardMoveTarget('Enter', 4, 10)).toBeUndefined();
  });

  it.each([
    // from, over, isAfter, toIndex among the other looks
    [4, 1, false, 1],
    [4, 1, true, 2],
    [1, 4, false, 3],
    [1, 4, true, 4],
    [4, 4, false, 4],
    [4, 5, false, 4],
    [4, 3, true, 4],
  ])(
    'a row from %i dropped on row %i (after: %s) goes to index %i',
    (from, over, isAfter, toIndex) => {
      expect(dropIndex(from, over, isAfter)).toBe(toIndex);
    },
  );

  it("knows a drop on the row's own edges moves nothing", () => {
    expect(isDropMove(4, 4, false)).toBe(false);
    expect(isDropMove(4, 5, false)).toBe(false);
    expect(isDropMove(4, 3, true)).toBe(false);
    expect(isDropMove(4, 3, false)).toBe(true);
  });

  it('announces the move with a 1-based position', () => {
    expect(moveAnnouncement('Look 5', 3)).toBe('Look 5 moved to position 4');
  });
});

describe('editing', () => {
  it('reads accessories separated by commas or pipes, and writes them with commas', () => {
    expect(parseAccessories('Gold cuff | tote bag, sunglasses ')).toEqual([
      'Gold cuff',
      'tote bag',
      'sunglasses',
    ]);
    expect(parseAccessories('  ')).toEqual([]);
    expect(accessoriesText(['Gold cuff', 'Tote bag'])).toBe('Gold cuff, Tote bag');
  });

  it('takes whole seconds, empty as 0, and refuses anything else', () => {
    expect(parseSeconds('60')).toBe(60);
    expect(parseSeconds('')).toBe(0);
    expect(parseSeconds('1.5')).toBeUndefined();
    expect(parseSeconds('-3')).toBeUndefined();
    expect(parseSeconds('abc')).toBeUndefined();
  });

  it('keeps show numbers within sense', () => {
    expect(parseShowNumber('pacingSeconds', '45')).toBe(45);
    expect(parseShowNumber('pacingSeconds', '0')).toBeUndefined();
    expect(parseShowNumber('quickChangeLooks', '0')).toBe(0);
    expect(parseShowNumber('quickChangeSeconds', '99999')).toBeUndefined();
  });

  it('asks before deleting a model, saying their looks go too', () => {
    expect(deleteModelQuestion(amara, 2)).toBe('Delete Amara and their 2 looks?');
    expect(deleteModelQuestion(amara, 1)).toBe('Delete Amara and their look?');
    expect(deleteModelQuestion(model('x', ''), 0)).toBe('Delete this model?');
  });

  it('sorts the roster by name, unnamed models last', () => {
    expect(sortedModels([mei, model('m9', ''), amara, lina]).map((m) => m.name)).toEqual([
      'Amara',
      'Lina',
      'Mei',
      '',
    ]);
  });
});

describe('file names', () => {
  it('makes a plain file name from the show title', () => {
    expect(csvFileName('Maison Lumière — Spring/Summer 27')).toBe(
      'maison-lumiere-spring-summer-27-running-order.csv',
    );
    expect(csvFileName('  ')).toBe('show-running-order.csv');
  });

  it('dates the backup', () => {
    expect(backupFileName('SS27', new Date(2027, 2, 1, 19, 5).getTime())).toBe(
      'ss27-backup-2027-03-01-1905.json',
    );
  });
});

describe('debrief', () => {
  const looks = [
    look('a', 'a1', 'm1'),
    look('b', 'a2', 'm2', { pacingSeconds: 60 }),
    look('c', 'a3', 'm3'),
    look('d', 'a4', 'm1'),
  ];
  const walking = walkingOrder(looks);
  const runId = 'r1' as RunId;
  const run: Run = { id: runId, kind: 'rehearsal', startedAt: 1_000_000, endedAt: 0 };
  const cue = (lookId: string, goAt: number): Cue => ({
    id: `r1:${lookId}`,
    runId,
    lookId: lookId as LookId,
    goAt,
    by: 's' as SiteId,
  });

  it('plans each look from the first GO and the pacing, and compares with the actual GO', () => {
    const summary = cueSummary(
      run,
      [cue('a', 1_000_000), cue('b', 1_050_000), cue('c', 1_105_000)],
      walking,
      show,
      modelsById,
    );
    expect(summary.rows.map((row) => [row.number, row.plannedAt, row.actualAt])).toEqual([
      [1, 1_000_000, 1_000_000],
      [2, 1_045_000, 1_050_000],
      [3, 1_105_000, 1_105_000],
      [4, 1_150_000, 0],
    ]);
    expect(summary.rows.map((row) => row.driftMs)).toEqual([0, 5000, 0, undefined]);
    expect(summary).toMatchObject({
      cuedCount: 3,
      total: 4,
      actualMs: 105_000,
      plannedMs: 105_000,
      driftMs: 0,
    });
    expect(summary.rows[1]?.modelName).toBe('Lina');
  });

  it('ignores cues of other runs', () => {
    const other: Cue = { ...cue('a', 2_000_000), runId: 'r2' as RunId };
    const summary = cueSummary(run, [other], walking, show, modelsById);
    expect(summary.cuedCount).toBe(0);
    expect(summary.rows.every((row) => row.plannedAt === 0)).toBe(true);
  });

  it('says how far off plan a look went, in words', () => {
    expect(driftText(12_000)).toBe('+0:12 late');
    expect(driftText(-5_000)).toBe('−0:05 early');
    expect(driftText(400)).toBe('on time');
    expect(driftText(undefined)).toBe('—');
  });

  it('debriefs the run going on, else the last one', () => {
    const first: Run = { id: 'r0' as RunId, kind: 'rehearsal', startedAt: 10, endedAt: 20 };
    const second: Run = { id: 'r2' as RunId, kind: 'rehearsal', startedAt: 30, endedAt: 40 };
    const live: Run = { id: 'r3' as RunId, kind: 'live', startedAt: 50, endedAt: 0 };
    expect(runToShow([first, second], undefined)).toBe(second);
    expect(runToShow([first, second, live], live)).toBe(live);
    expect(runToShow([], undefined)).toBeUndefined();
    expect(runTitle(second, [first, second, live])).toBe('Rehearsal 2');
    expect(runTitle(live, [first, second, live])).toBe('Live show');
  });
});
