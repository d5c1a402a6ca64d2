import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../test-factories';
import type { LookId, ModelId } from '../ids';
import type { Look, Model } from '../model';
import { DELETED } from '../op';
import { parseRunningOrder, type RunningOrderPreview, type RunningOrderRow } from './parse';
import { describeImport, planImport, type ImportIds } from './plan';

function model(name: string, extra: Partial<Model> = {}): Model {
  return makeModel({
    id: `m-${name.toLowerCase().replace(/\s+/g, '-')}` as ModelId,
    name,
    agency: 'Elite',
    notes: 'keep me',
    callTime: '14:00',
    station: '',
    ...extra,
  });
}

function look(id: string, modelId: ModelId): Look {
  return makeLook({
    id: id as LookId,
    rank: 'a0',
    modelId,
    outfit: 'old',
  });
}

/** Ids counting up, so plans can be compared. */
function countingIds(): ImportIds {
  let models = 0;
  let looks = 0;
  return {
    modelId: () => `m-new-${++models}` as ModelId,
    lookId: () => `l-new-${++looks}` as LookId,
  };
}

function parsed(...lines: string[]): RunningOrderPreview {
  const result = parseRunningOrder(lines.join('\n'));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.preview;
}

const rowsOf = (...lines: string[]): RunningOrderRow[] => parsed(...lines).rows;

const amara = model('Amara Okafor');
const lena = model('Lena Fischer', { station: 'Chair 2' });

describe('planning an import', () => {
  it('matches models by name whatever the case and spacing, and keeps their other fields', () => {
    const plan = planImport(
      rowsOf('Look,Model', '1,  amara   OKAFOR ', '2,LENA fischer'),
      { models: [amara, lena], looks: [] },
      countingIds(),
    );
    expect(plan.newModels).toEqual([]);
    expect(plan.matchedModels).toEqual([amara, lena]);
    expect(plan.looks.map((l) => [l.number, l.model.id, l.isNewModel])).toEqual([
      [1, amara.id, false],
      [2, lena.id, false],
    ]);
    expect(plan.changes.filter((c) => c.table === 'models')).toEqual([]);
  });

  it('creates a model once for a name it does not know, even when it walks twice', () => {
    const plan = planImport(
      rowsOf('Look,Model', '1,Sofia  Marquez', '2,Amara Okafor', '3,sofia marquez'),
      { models: [amara], looks: [] },
      countingIds(),
    );
    expect(plan.newModels).toEqual([
      makeModel({
        id: 'm-new-1' as ModelId,
        name: 'Sofia Marquez',
        station: '',
      }),
    ]);
    expect(plan.looks.map((l) => [l.number, l.model.id, l.isNewModel])).toEqual([
      [1, 'm-new-1', true],
      [2, amara.id, false],
      [3, 'm-new-1', true],
    ]);
    const sofiaChanges = plan.changes.filter((c) => c.key === 'm-new-1');
    expect(sofiaChanges).toContainEqual({
      table: 'models',
      key: 'm-new-1',
      field: 'name',
      value: 'Sofia Marquez',
    });
  });

  it('gives new models their station and changes the station of matched ones only when it differs', () => {
    const plan = planImport(
      rowsOf(
        'Look,Model,Station',
        '1,Amara Okafor,Chair 1',
        '2,Lena Fischer,Chair 2',
        '3,Sofia,Chair 3',
        '4,Amara Okafor,',
      ),
      { models: [amara, lena], looks: [] },
      countingIds(),
    );
    expect(plan.newModels[0]?.station).toBe('Chair 3');
    expect(plan.matchedModels.map((m) => m.station)).toEqual(['Chair 1', 'Chair 2']);
    expect(plan.stationUpdates).toBe(1);
    expect(plan.changes.filter((c) => c.table === 'models' && c.key !== 'm-new-1')).toEqual([
      { table: 'models', key: amara.id, field: 'station', value: 'Chair 1' },
    ]);
  });

  it('leaves a station alone when the file does not give one', () => {
    const plan = planImport(rowsOf('Look,Model', '1,Lena Fischer'), {
      models: [lena],
      looks: [],
    });
    expect(plan.matchedModels[0]?.station).toBe('Chair 2');
    expect(plan.stationUpdates).toBe(0);
  });

  it('replaces the running order: every existing look gets a tombstone', () => {
    const old = [look('l-old-1', amara.id), look('l-old-2', lena.id)];
    const plan = planImport(rowsOf('Look,Model', '1,Amara Okafor'), {
      models: [amara, lena],
      looks: old,
    });
    expect(plan.replacedLooks).toEqual(old);
    expect(plan.changes.slice(0, 2)).toEqual([
      { table: 'looks', key: 'l-old-1', field: DELETED, value: true },
      { table: 'looks', key: 'l-old-2', field: DELETED, value: true },
    ]);
  });

  it('creates looks in look-number order with increasing ranks and the notes as walk notes', () => {
    const plan = planImport(
      rowsOf(
        'Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes',
        '10,Amara Okafor,Finale,Gown,veil|gloves,Heels,Updo,Glam,Mia,"Last out,\nlead the walk"',
        '2,Lena Fischer,Opening,Suit,tie,Oxfords,Slick,Natural,Omar,',
        '7,Amara Okafor,Evening,Tux,,Loafers,Slick,Matte,Mia,',
      ),
      { models: [amara, lena], looks: [] },
      countingIds(),
    );
    expect(plan.looks.map((l) => l.number)).toEqual([2, 7, 10]);
    const ranks = plan.looks.map((l) => l.look.rank);
    expect([...ranks].sort()).toEqual(ranks);
    expect(new Set(ranks).size).toBe(3);
    expect(plan.looks[2]?.look).toEqual({
      id: 'l-new-3',
      rank: ranks[2],
      modelId: amara.id,
      section: 'Finale',
      outfit: 'Gown',
      accessories: ['veil', 'gloves'],
      shoes: 'Heels',
      hair: 'Updo',
      makeup: 'Glam',
      dresser: 'Mia',
      walkNotes: 'Last out,\nlead the walk',
      pacingSeconds: 0,
      cut: false,
    });
    const lookFields = plan.changes.filter((c) => c.key === 'l-new-3').map((c) => c.field);
    expect(lookFields.sort()).toEqual(
      [
        'rank',
        'modelId',
        'section',
        'outfit',
        'accessories',
        'shoes',
        'hair',
        'makeup',
        'dresser',
        'walkNotes',
        'pacingSeconds',
        'cut',
      ].sort(),
    );
  });

  it('writes deletes first, then models, then looks', () => {
    const plan = planImport(
      rowsOf('Look,Model', '1,Noah'),
      { models: [], looks: [look('l-old', amara.id)] },
      countingIds(),
    );
    const order = plan.changes.map((c) => (c.field === DELETED ? 'delete' : c.table));
    expect(order[0]).toBe('delete');
    expect(order.lastIndexOf('models')).toBeLessThan(order.indexOf('looks', 1));
  });

  it('matches the first of two existing models with the same name', () => {
    const twin = model('amara okafor', { id: 'm-twin' as ModelId });
    const plan = planImport(rowsOf('Look,Model', '1,Amara Okafor'), {
      models: [amara, twin],
      looks: [],
    });
    expect(plan.looks[0]?.model.id).toBe(amara.id);
  });
});

describe('describing an import', () => {
  it('says how many looks, new and matched models, replaced looks, the delimiter and ignored columns', () => {
    const preview = parsed(
      'Look;Model;Fitting;Photo',
      '1;Amara Okafor;x;y',
      '2;Sofia;;',
      '3;Noah;;',
    );
    const plan = planImport(preview.rows, {
      models: [amara],
      looks: [look('l-1', amara.id), look('l-2', amara.id)],
    });
    expect(describeImport(preview, plan)).toBe(
      '3 looks, 2 new models, 1 matched model; 2 existing looks will be replaced. ' +
        'Delimiter: semicolon. Ignored columns: "Fitting", "Photo".',
    );
  });

  it('speaks in the singular and mentions station changes', () => {
    const preview = parsed('Look,Model,Station', '1,Amara Okafor,Chair 9');
    const plan = planImport(preview.rows, { models: [amara], looks: [look('l-1', amara.id)] });
    expect(describeImport(preview, plan)).toBe(
      '1 look, 0 new models, 1 matched model; 1 existing look will be replaced. ' +
        '1 matched model gets a new station. Delimiter: comma.',
    );
  });

  it('says when there is nothing to replace', () => {
    const preview = parsed('Look,Model', '1,Amara Okafor', '2,Lena Fischer');
    const plan = planImport(preview.rows, { models: [], looks: [] });
    expect(describeImport(preview, plan)).toBe(
      '2 looks, 2 new models, 0 matched models; no existing looks to replace. Delimiter: comma.',
    );
  });
});
