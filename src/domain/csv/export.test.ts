import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../test-factories';
import type { LookId, ModelId } from '../ids';
import type { Look, Model } from '../model';
import { runningOrderToCsv, type ExportEntry } from './export';
import { escapeFormula, unescapeFormula } from './formula';
import { cleanName, nameKey } from './names';
import { parseRunningOrder } from './parse';
import { planImport } from './plan';

function model(id: string, name: string, station = ''): Model {
  return makeModel({
    id: id as ModelId,
    name,
    station,
  });
}

function look(id: string, modelId: string, fields: Partial<Look> = {}): Look {
  return makeLook({
    id: id as LookId,
    rank: 'a0',
    modelId: modelId as ModelId,
    ...fields,
  });
}

const amara = model('m-amara', 'Amara Okafor', 'Chair 1');
const lena = model('m-lena', 'Lena Fischer');

describe('exporting the running order', () => {
  it('writes the fixed header and one CRLF line per look', () => {
    const csv = runningOrderToCsv([
      {
        number: 1,
        model: amara,
        look: look('l-1', amara.id, {
          section: 'Opening',
          outfit: 'Ivory coat',
          accessories: ['gloves', 'silver cuff'],
          shoes: 'Boots',
          hair: 'Bun',
          makeup: 'Red lip',
          dresser: 'Jonas',
          walkNotes: 'Slow',
        }),
      },
      { number: 2, model: lena, look: look('l-2', lena.id) },
    ]);
    expect(csv).toBe(
      'Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes,Station\r\n' +
        '1,Amara Okafor,Opening,Ivory coat,gloves | silver cuff,Boots,Bun,Red lip,Jonas,Slow,Chair 1\r\n' +
        '2,Lena Fischer,,,,,,,,,',
    );
  });

  it('leaves cut looks out', () => {
    const csv = runningOrderToCsv([
      { number: 1, model: amara, look: look('l-1', amara.id, { outfit: 'kept' }) },
      { number: 2, model: lena, look: look('l-2', lena.id, { outfit: 'cut one', cut: true }) },
    ]);
    expect(csv).toContain('kept');
    expect(csv).not.toContain('cut one');
  });

  it('quotes cells holding commas, quotes and line breaks', () => {
    const csv = runningOrderToCsv([
      {
        number: 1,
        model: amara,
        look: look('l-1', amara.id, { outfit: 'Skirt, "pleated"', walkNotes: 'one\ntwo' }),
      },
    ]);
    expect(csv).toContain(',"Skirt, ""pleated""",');
    expect(csv).toContain(',"one\ntwo",');
  });

  it('writes an empty model cell for a look whose model is gone, which the import then refuses', () => {
    const csv = runningOrderToCsv([{ number: 1, model: undefined, look: look('l-1', 'm-gone') }]);
    expect(csv.split('\r\n')[1]).toBe('1,,,,,,,,,,');
    expect(parseRunningOrder(csv).ok).toBe(false);
  });

  it('defuses cells that a spreadsheet would run as formulas, but not plain numbers', () => {
    const csv = runningOrderToCsv([
      {
        number: 1,
        model: model('m-x', '=HYPERLINK("http://evil")'),
        look: look('l-1', 'm-x', {
          section: '+44 20 7946',
          outfit: '-3',
          shoes: '@SUM(A1)',
          hair: '-',
          makeup: '+1.5',
          dresser: "'=already",
        }),
      },
    ]);
    const cells = csv.split('\r\n')[1];
    expect(cells).toBe(
      `1,"'=HYPERLINK(""http://evil"")",'+44 20 7946,-3,,'@SUM(A1),'-,+1.5,''=already,,`,
    );
  });
});

describe('formula defusing', () => {
  it.each([
    ['a tab', '\t=cmd|"/c calc"!A1'],
    ['a carriage return', '\r=1+1'],
    ['a full-width equals sign', '＝HYPERLINK("http://evil")'],
    ['a full-width plus sign', '＋1'],
    ['a full-width minus', '－1'],
    ['a full-width at sign', '＠SUM(A1)'],
  ])('defuses a cell that starts with %s', (_, value) => {
    expect(escapeFormula(value)).toBe(`'${value}`);
  });

  it('writes a tab- or CR-led cell with its guard, quoted where the CR needs it', () => {
    const csv = runningOrderToCsv([
      { number: 1, model: amara, look: look('l-1', amara.id, { outfit: '\t=1+1', shoes: '\r=2' }) },
    ]);
    const cells = csv.split('\r\n').slice(1).join('\r\n');
    expect(cells).toContain(",'\t=1+1,");
    expect(cells).toContain(',"\'\r=2",');
  });

  it('leaves tabs and full-width signs inside a cell alone', () => {
    expect(escapeFormula('Ivory\tcoat ＝ long')).toBe('Ivory\tcoat ＝ long');
  });

  it.each([
    '=1+1',
    '+x',
    '-x',
    '@x',
    "'=x",
    "''@x",
    'plain',
    "'quoted",
    '-12.5',
    '+3e4',
    '',
    '\t=x',
    '\r@x',
    '＝x',
    "'＝x",
    '＠x',
  ])('gives back %j after escaping and unescaping', (value) => {
    expect(unescapeFormula(escapeFormula(value))).toBe(value);
  });
});

// What round-trips: looks that are not cut and have a model; text trimmed, with `\n`
// (never `\r`) for line breaks; model names as `cleanName` gives them and distinct
// case-insensitively; accessories trimmed, non-empty, free of `|`, `,` and line breaks.
const CHARS = [
  'a',
  'B',
  'é',
  ' ',
  ',',
  ';',
  '"',
  "'",
  '\n',
  '|',
  '=',
  '+',
  '-',
  '@',
  '1',
  '.',
  '#',
];
const text = fc
  .array(fc.constantFrom(...CHARS), { maxLength: 12 })
  .map((chars) => chars.join('').trim());
const accessory = text
  .map((item) => item.replace(/[|,\n]/g, ' ').trim())
  .filter((item) => item !== '');
const modelName = text.map(cleanName).filter((name) => name !== '');

const runningOrder = fc
  .uniqueArray(fc.record({ name: modelName, station: text }), {
    minLength: 1,
    maxLength: 6,
    selector: (m) => nameKey(m.name),
  })
  .chain((people) =>
    fc
      .uniqueArray(
        fc.record({
          number: fc.integer({ min: 1, max: 999 }),
          who: fc.nat({ max: people.length - 1 }),
          section: text,
          outfit: text,
          accessories: fc.array(accessory, { maxLength: 4 }),
          shoes: text,
          hair: text,
          makeup: text,
          dresser: text,
          walkNotes: text,
          cut: fc.boolean(),
        }),
        { minLength: 1, maxLength: 15, selector: (l) => l.number },
      )
      .map((rows) => {
        const models = people.map((p, i) => model(`m-${i}`, p.name, p.station));
        const entries: ExportEntry[] = rows
          .sort((a, b) => a.number - b.number)
          .map(({ number, who, ...fields }, i) => {
            const owner = models[who];
            return { number, model: owner, look: look(`l-${i}`, owner?.id ?? '', fields) };
          });
        return { models, entries };
      }),
  )
  .filter(({ entries }) => entries.some((e) => !e.look.cut));

describe('export then import', () => {
  it('gives back the same looks, matched to the same models', () => {
    fc.assert(
      fc.property(runningOrder, ({ models, entries }) => {
        const result = parseRunningOrder(runningOrderToCsv(entries));
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
        const plan = planImport(result.preview.rows, { models, looks: [] });

        const kept = entries.filter((e) => !e.look.cut);
        expect(plan.newModels).toEqual([]);
        expect(plan.stationUpdates).toBe(0);
        expect(plan.looks.map((p) => ({ number: p.number, ...withoutIdAndRank(p.look) }))).toEqual(
          kept.map((e) => ({ number: e.number, ...withoutIdAndRank(e.look) })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('recreates the same models, stations included, in an empty show', () => {
    fc.assert(
      fc.property(runningOrder, ({ entries }) => {
        const result = parseRunningOrder(runningOrderToCsv(entries));
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
        const plan = planImport(result.preview.rows, { models: [], looks: [] });

        const kept = entries.filter((e) => !e.look.cut);
        expect(plan.looks.map((p) => [p.model.name, p.model.station])).toEqual(
          kept.map((e) => [e.model?.name, e.model?.station]),
        );
      }),
      { numRuns: 200 },
    );
  });
});

/** What a running-order file carries: no ids, no ranks, and no photos (they stay on the kiosk). */
function withoutIdAndRank(
  look: Look,
): Omit<Look, 'id' | 'rank' | 'modelId' | 'photo'> & { modelId: string } {
  const { id: _id, rank: _rank, photo: _photo, ...rest } = look;
  return rest;
}
