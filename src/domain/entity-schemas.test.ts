import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeCall, type CallTemplate } from './calls';
import { rowChanges } from './changes';
import { parseRunningOrder, planImport, runningOrderToCsv } from './csv';
import { nextHolds } from './cues';
import { readEntity, toEntity } from './defaults';
import { demoShow } from './demo';
import { entityProblem, fieldValueProblem, rowValueProblem } from './entity-schemas';
import type { ModelId, RunId, ShowId, SiteId } from './ids';
import { applyOp, type StoredRow } from './merge';
import { TABLES, type Call, type Run, type TableName } from './model';
import type { Change } from './op';
import { makeLook, makeModel } from './test-factories';

// Values checked at the door: each table's fields refuse a badly shaped value with a
// reason that names what is wrong, and every value the app itself writes passes.

/** [table, field, a badly shaped value, what the refusal says] */
const BAD: [TableName, string, unknown, string][] = [
  ['shows', 'title', 42, 'must be text'],
  ['shows', 'kind', 'opera', 'must be one of runway, shoot'],
  ['shows', 'phase', 'over', 'must be one of setup, rehearsal, live, finished'],
  ['shows', 'pacingSeconds', '45', 'must be a number'],
  ['shows', 'quickChangeLooks', -3, 'must not be negative'],
  ['shows', 'autoLineup', 'yes', 'must be true or false'],
  ['shows', 'warningMinutes', 30, 'must be a list'],
  ['shows', 'warningMinutes', [30, 'ten'], 'has item 2 that must be a number'],
  ['shows', 'autoSilenced', [{}], 'has item 1 that must be text'],
  ['models', 'name', null, 'must be text'],
  ['models', 'checkedInAt', true, 'must be a number'],
  ['models', 'photo', ['data:'], 'must be text'],
  ['looks', 'accessories', 'gloves', 'must be a list'],
  ['looks', 'accessories', ['gloves', 3], 'has item 2 that must be text'],
  ['looks', 'cut', 0, 'must be true or false'],
  ['looks', 'modelId', { id: 'm-1' }, 'must be text'],
  ['looks', 'pacingSeconds', -1, 'must not be negative'],
  ['progress', 'hair', true, 'must be a step {done, at, by}'],
  ['progress', 'dressed', { done: true, by: 'k1' }, "has no 'at'"],
  ['progress', 'walked', { done: 'yes', at: 1, by: 'k1' }, "has 'done' that must be true or false"],
  ['calls', 'target', { kind: 'models' }, "has no 'modelIds'"],
  ['calls', 'target', { kind: 'models', modelIds: 'm-1' }, "has 'modelIds' that must be a list"],
  ['calls', 'target', { kind: 'looks', from: 3 }, "has no 'to'"],
  ['calls', 'target', { kind: 'stations' }, 'must be everyone, models with their ids, or looks'],
  ['calls', 'target', 'everyone', 'must be everyone, models with their ids, or looks'],
  ['calls', 'priority', 'high', 'must be one of normal, urgent'],
  ['calls', 'kind', 'fire', 'must be one of lineup, station'],
  ['calls', 'issuedAt', 'now', 'must be a number'],
  ['calls', 'expiresAt', null, 'must be a number'],
  ['runs', 'kind', 'dress', 'must be one of rehearsal, live'],
  ['runs', 'holds', [[1, 2], 3], 'has item 2 that must be a list'],
  ['runs', 'holds', [['a']], 'has item 1 of item 1 that must be a number'],
  ['cues', 'goAt', '19:30', 'must be a number'],
  ['cues', 'lookId', 7, 'must be text'],
  ['notes', 'kind', 'gossip', 'must be one of briefing, announcement, change, debrief'],
  ['notes', 'pinned', 'true', 'must be true or false'],
  ['kiosks', 'role', 'admin', 'must be one of producer, wall, curtain, makeup'],
  ['kiosks', 'lastSeen', -5, 'must not be negative'],
  ['looks', '_deleted', 'yes', 'must be true or false (a delete)'],
  ['lookChanges', 'field', 'belt', 'must be one of outfit, accessories'],
  ['lookChanges', 'after', ['gloves', 3], 'must be text or a list of texts'],
  ['lookChanges', 'ackDresser', { at: 1 }, "has no 'by'"],
  ['shotMarks', 'at', 'now', 'must be a number'],
  ['shoutOuts', 'hidden', 'no', 'must be true or false'],
  ['shoutOuts', 'text', { html: '<b>' }, 'must be text'],
];

describe('a field value at the door', () => {
  it.each(BAD)('refuses %s %s = %j: %s', (table, field, value, reason) => {
    expect(fieldValueProblem(table, field, value)).toContain(reason);
  });

  it('covers every table', () => {
    expect(new Set(BAD.map(([table]) => table))).toEqual(new Set(TABLES));
  });

  it.each([
    ['calls', 'target', { kind: 'models', modelIds: ['m-1', 'm-2'] }],
    ['calls', 'target', { kind: 'looks', from: 3, to: 5 }],
    ['calls', 'target', { kind: 'everyone' }],
    ['progress', 'makeup', { done: false, at: 0, by: '' }],
    ['looks', '_deleted', true],
    ['runs', 'holds', [[10, 0]]],
  ] as const)('lets %s %s = %j through', (table, field, value) => {
    expect(fieldValueProblem(table, field, value)).toBeUndefined();
  });

  it('lets through a field this version does not know: a newer kiosk of the show may write it', () => {
    expect(fieldValueProblem('looks', 'fabric', { weave: 'twill' })).toBeUndefined();
    expect(fieldValueProblem('progress', 'nails', 'done')).toBeUndefined();
  });

  it('names the first misfit of a whole row', () => {
    const row = { id: 'c-1', _clocks: {}, text: 'Line-up', target: { kind: 'models' } };
    expect(rowValueProblem('calls', row)).toEqual({
      field: 'target',
      why: "has no 'modelIds'",
    });
    expect(rowValueProblem('calls', { ...row, target: { kind: 'everyone' } })).toBeUndefined();
  });
});

describe('a stored row read for the screens', () => {
  it('refuses a badly shaped value: the field shows its default, and the refusal says which and why', () => {
    const { entity, refused } = readEntity('calls', {
      id: 'c-1',
      _clocks: {},
      text: 'Amara to chair 2',
      target: { kind: 'models' },
      priority: 'urgent',
    });
    expect(entity.target).toEqual({ kind: 'everyone' });
    expect(entity.text).toBe('Amara to chair 2');
    expect(entity.priority).toBe('urgent');
    expect(refused).toEqual([{ field: 'target', why: "has no 'modelIds'" }]);
    expect(entityProblem('calls', entity)).toBeUndefined();
  });

  it('refuses a badly shaped step and keeps the good ones', () => {
    const { entity, refused } = readEntity('progress', {
      id: 'm-1',
      _clocks: {},
      hair: { done: true, at: 5, by: 'k1' },
      makeup: { done: 'nearly' },
    });
    expect(entity).toEqual({ id: 'm-1', hair: { done: true, at: 5, by: 'k1' } });
    expect(refused.map((problem) => problem.field)).toEqual(['makeup']);
  });

  it('gives every table an entity that fits, whatever was stored', () => {
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ kind: fc.constantFrom('models', 'looks', 'everyone') }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.dictionary(
          fc.constantFrom('title', 'kind', 'target', 'accessories', 'hair', 'holds', 'role', 'x'),
          junk,
        ),
        (table, fields) => {
          const { entity } = readEntity(table, { ...fields, id: 'row-1', _clocks: {} });
          expect(entityProblem(table, entity)).toBeUndefined();
        },
      ),
    );
  });
});

// ---- every value the app itself makes passes ----------------------------------------

/** Rows as a store holds them after `changes`. */
function rowsAfter(changes: readonly Change[]): Map<string, { table: TableName; row: StoredRow }> {
  const rows = new Map<string, { table: TableName; row: StoredRow }>();
  changes.forEach((change, i) => {
    const id = `${change.table}/${change.key}`;
    const hlc = `${String(1_760_000_000_000 + i).padStart(15, '0')}.000000.k1` as never;
    const row = applyOp(rows.get(id)?.row, { ...change, hlc });
    if (row) rows.set(id, { table: change.table, row });
  });
  return rows;
}

/** Every change fits its field, and every row read back is a whole entity with nothing refused. */
function expectAllFit(changes: readonly Change[]): void {
  for (const change of changes)
    expect(
      fieldValueProblem(change.table, change.field, change.value),
      `${change.table} ${change.field}`,
    ).toBeUndefined();
  for (const { table, row } of rowsAfter(changes).values()) {
    const { entity, refused } = readEntity(table, row);
    expect(refused).toEqual([]);
    expect(entityProblem(table, entity)).toBeUndefined();
  }
}

const words = fc.string({ maxLength: 12 });
const modelIds = fc.array(
  fc.string({ minLength: 1, maxLength: 6 }).map((id) => id as ModelId),
  { maxLength: 4 },
);
const callTemplate: fc.Arbitrary<CallTemplate> = fc.oneof(
  fc.record({
    kind: fc.constant('lineup' as const),
    from: fc.integer({ min: 1, max: 300 }),
    to: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('station' as const),
    modelIds,
    names: fc.array(words),
    station: words,
  }),
  fc.record({
    kind: fc.constant('briefing' as const),
    minutes: fc.integer({ min: 0, max: 120 }),
    place: words,
  }),
  fc.record({
    kind: fc.constant('touch-up' as const),
    modelIds,
    names: fc.array(words),
    what: words,
  }),
  fc.record({
    kind: fc.constant('photo' as const),
    modelIds,
    names: fc.array(words),
    place: words,
  }),
  fc.record({ kind: fc.constant('custom' as const), text: words, modelIds }),
);

describe('every entity the app makes', () => {
  it('passes: the demo show', () => {
    expectAllFit(demoShow('demo' as ShowId, 'k1' as SiteId, 1_760_000_000_000));
  });

  it('passes: each table’s defaults', () => {
    for (const table of TABLES)
      expect(entityProblem(table, toEntity(table, { id: 'x' }))).toBe(undefined);
  });

  it('passes: calls composed from any template, issued, acknowledged and cleared', () => {
    fc.assert(
      fc.property(callTemplate, fc.nat(), words, (template, at, by) => {
        const call: Call = {
          ...toEntity('calls', { id: 'c-1' }),
          ...composeCall(template),
          issuedAt: at,
          issuedBy: 'k1' as SiteId,
          acknowledgedAt: at + 1,
          acknowledgedBy: by,
          clearedAt: at + 2,
        };
        expectAllFit(rowChanges('calls', call));
      }),
    );
  });

  it('passes: runs held and resumed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { maxLength: 6 }), (steps) => {
        let run: Run = { id: 'r-1' as RunId, kind: 'live', startedAt: 1, endedAt: 0, holds: [] };
        let at = 1;
        steps.forEach((step, i) => {
          at += step;
          run = { ...run, holds: nextHolds(run, i % 2 === 0, at) };
        });
        expectAllFit(rowChanges('runs', run));
      }),
    );
  });

  it('passes: a running order exported to CSV and imported again', () => {
    const look = fc.record({
      section: words,
      outfit: words,
      accessories: fc.array(
        words.map((item) => item.replace(/[|,\n\r]/g, ' ').trim()),
        { maxLength: 3 },
      ),
      shoes: words,
      dresser: words,
      pacingSeconds: fc.nat({ max: 600 }),
      name: fc.constantFrom('Amara Okafor', 'Mei Tanaka', 'Zara Haddad'),
      station: words,
    });
    fc.assert(
      fc.property(fc.array(look, { minLength: 1, maxLength: 8 }), (looks) => {
        const csv = runningOrderToCsv(
          looks.map((fields, i) => ({
            number: i + 1,
            model: makeModel({
              id: `m-${fields.name}` as ModelId,
              name: fields.name,
              station: fields.station,
            }),
            look: makeLook({ id: `l-${i}` as never, ...fields }),
          })),
        );
        const parsed = parseRunningOrder(csv);
        if (!parsed.ok) return; // a refused file writes nothing
        const plan = planImport(parsed.preview.rows, { models: [], looks: [] });
        expectAllFit(plan.changes);
      }),
    );
  });
});
