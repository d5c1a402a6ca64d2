import { describe, expect, it } from 'vitest';
import { cueId, showPosition } from '../../domain/cues';
import { encodeHlc } from '../../domain/hlc';
import type { LookId, ModelId, RunId, SiteId } from '../../domain/ids';
import { openChanges, recordLookEdit } from '../../domain/look-changes';
import type { Model } from '../../domain/model';
import { walkingOrder } from '../../domain/running-order';
import { makeLook, makeModel } from '../../domain/test-factories';
import { curtainChangeLines, deskChangesOfLook, desksOfTablet } from './look-changes';

const producer = 'producer' as SiteId;
const REHEARSAL = 1_800_000_000_000;
const mei = makeModel({ id: 'm-mei' as ModelId, name: 'Mei Tanaka', station: 'Chair 2' });
const amara = makeModel({ id: 'm-amara' as ModelId, name: 'Amara Okafor', station: 'Chair 1' });
const modelsById = new Map<ModelId, Model>([
  [mei.id, mei],
  [amara.id, amara],
]);
const look = (n: number, modelId: ModelId) =>
  makeLook({
    id: `l-${n}` as LookId,
    rank: `a${n}`,
    modelId,
    outfit: 'Camel trench',
    accessories: ['Belt'],
    dresser: 'Marc',
    makeup: 'Bare skin',
  });
const looks = [look(1, amara.id), look(2, mei.id), look(3, amara.id)];
const order = walkingOrder(looks);
const edit = (minutes: number) => ({
  hlc: encodeHlc(REHEARSAL + minutes * 60_000, 0, producer),
  at: REHEARSAL + minutes * 60_000,
  by: producer,
});
// Look 2: no belt, and a red lip.
const open = openChanges(
  recordLookEdit(looks[1]!, { accessories: [], makeup: 'Red lip' }, edit(5), REHEARSAL),
);

describe('last-minute changes on a tablet', () => {
  it('a dresser’s rail sees the dresser’s changes, a station hair and makeup, an unfiltered tablet all', () => {
    expect(desksOfTablet({ station: '', dresser: 'Marc' })).toEqual(['dresser']);
    expect(desksOfTablet({ station: 'Chair 2', dresser: '' })).toEqual(['hair', 'makeup']);
    expect(desksOfTablet({ station: '', dresser: '' })).toEqual(['dresser', 'hair', 'makeup']);
    expect(desksOfTablet({ station: 'Chair 2', dresser: 'Marc' })).toEqual([
      'dresser',
      'hair',
      'makeup',
    ]);
  });

  it('groups a look’s changes by desk, each naming who must see them', () => {
    const groups = deskChangesOfLook(open, looks[1]!, mei, ['dresser', 'hair', 'makeup']);
    expect(groups.map(({ desk, audience, lines }) => ({ desk, audience, lines }))).toEqual([
      { desk: 'dresser', audience: 'Dresser (Marc)', lines: ['No Belt'] },
      { desk: 'makeup', audience: 'Makeup (Chair 2)', lines: ['Makeup: Bare skin → Red lip'] },
    ]);
    expect(deskChangesOfLook(open, looks[1]!, mei, ['hair'])).toEqual([]);
    expect(deskChangesOfLook(open, looks[0]!, amara, ['dresser', 'hair', 'makeup'])).toEqual([]);
  });
});

describe('last-minute changes at the curtain', () => {
  const run = 'r-1' as RunId;
  const cue = (n: number) => ({
    id: cueId(run, `l-${n}` as LookId),
    runId: run,
    lookId: `l-${n}` as LookId,
    goAt: REHEARSAL + n * 45_000,
    by: producer,
  });

  it('shows the next look’s unseen changes, with who has not seen them', () => {
    const lines = curtainChangeLines(open, showPosition(order, [cue(1)], run), modelsById);
    expect(lines.map(({ where, text, waiting }) => ({ where, text, waiting }))).toEqual([
      { where: 'Next · look 2', text: 'No Belt', waiting: 'Dresser (Marc) has not seen it' },
      {
        where: 'Next · look 2',
        text: 'Makeup: Bare skin → Red lip',
        waiting: 'Makeup (Chair 2) has not seen it',
      },
    ]);
  });

  it('then as now while it walks, and no more once it has gone by', () => {
    expect(
      curtainChangeLines(open, showPosition(order, [cue(1), cue(2)], run), modelsById).map(
        (line) => line.where,
      ),
    ).toEqual(['Now · look 2', 'Now · look 2']);
    expect(
      curtainChangeLines(open, showPosition(order, [cue(1), cue(2), cue(3)], run), modelsById),
    ).toEqual([]);
  });
});
