import { describe, expect, it } from 'vitest';
import broken from '../../../tests/fixtures/running-order-broken.csv?raw';
import semicolonBom from '../../../tests/fixtures/running-order-semicolon-bom.csv?raw';
import { parseRunningOrder, type ParseResult, type RunningOrderPreview } from './parse';

const lf = (...lines: string[]): string => lines.join('\n') + '\n';
const crlf = (...lines: string[]): string => lines.join('\r\n') + '\r\n';

function preview(result: ParseResult): RunningOrderPreview {
  if (!result.ok) throw new Error(`expected a clean file, got ${JSON.stringify(result.problems)}`);
  return result.preview;
}

function messages(result: ParseResult): string[] {
  if (result.ok) throw new Error('expected problems, got a clean file');
  return result.problems.map((p) => p.message);
}

describe('reading a clean running order', () => {
  it('reads a comma file into rows with every field trimmed', () => {
    const { rows, delimiter } = preview(
      parseRunningOrder(
        lf(
          'Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes,Station',
          '1, Amara Okafor ,Opening,Ivory coat,gloves | cuff,Boots,Bun,Red lip,Jonas,Slow,Chair 1',
        ),
      ),
    );
    expect(delimiter).toBe(',');
    expect(rows).toEqual([
      {
        line: 2,
        look: 1,
        model: 'Amara Okafor',
        section: 'Opening',
        outfit: 'Ivory coat',
        accessories: ['gloves', 'cuff'],
        shoes: 'Boots',
        hair: 'Bun',
        makeup: 'Red lip',
        dresser: 'Jonas',
        notes: 'Slow',
        station: 'Chair 1',
        callTime: '',
      },
    ]);
  });

  it('reads a BOM, semicolons, CRLF and quoted cells with line breaks and semicolons', () => {
    const result = preview(
      parseRunningOrder(
        '\uFEFF' +
          crlf(
            'Look;Model;Outfit;Notes',
            '1;Amara;"Skirt; knit";"Pause at the end,\r\nthen turn"',
            '2;"Lena ""LF"" Fischer";Suit;',
          ),
      ),
    );
    expect(result.delimiter).toBe(';');
    expect(result.rows.map((r) => [r.line, r.look, r.model, r.outfit, r.notes])).toEqual([
      [2, 1, 'Amara', 'Skirt; knit', 'Pause at the end,\nthen turn'],
      [4, 2, 'Lena "LF" Fischer', 'Suit', ''],
    ]);
  });

  it('detects semicolons on the header line even when the accessories hold commas', () => {
    const result = preview(
      parseRunningOrder(
        lf(
          'Look;Model;Accessories',
          '1;Amara;belt, bag, gloves',
          '2;Lena;cuff,ring',
          '3;Sofia;a,b,c,d,e,f,g',
        ),
      ),
    );
    expect(result.delimiter).toBe(';');
    expect(result.rows.map((r) => r.accessories)).toEqual([
      ['belt', 'bag', 'gloves'],
      ['cuff', 'ring'],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    ]);
  });

  it('splits accessories on "|" and ",", trims them and drops empty items', () => {
    const { rows } = preview(
      parseRunningOrder(lf('Look,Model,Accessories', '1,Amara,"  belt | bag,, gloves |  | "')),
    );
    expect(rows[0]?.accessories).toEqual(['belt', 'bag', 'gloves']);
  });

  it('matches headers whatever their case, spacing and alias', () => {
    const result = preview(
      parseRunningOrder(
        lf(
          ' LOOK NO. ;model_name;Garments;Make-up;Sequence;Fitting;Photo',
          '1;Amara;Coat;Red lip;Opening;done;yes',
        ),
      ),
    );
    expect(result.rows[0]).toMatchObject({
      look: 1,
      model: 'Amara',
      outfit: 'Coat',
      makeup: 'Red lip',
      section: 'Opening',
    });
    expect(result.ignoredColumns).toEqual(['Fitting', 'Photo']);
    expect(result.columns.map((c) => [c.field, c.header, c.number])).toEqual([
      ['look', 'LOOK NO.', 1],
      ['model', 'model_name', 2],
      ['outfit', 'Garments', 3],
      ['makeup', 'Make-up', 4],
      ['section', 'Sequence', 5],
    ]);
  });

  it('skips blank lines and rows whose cells are all blank, keeping physical line numbers', () => {
    const { rows } = preview(
      parseRunningOrder(lf('', 'Look,Model', '', '1,Amara', ',', ' , ', '', '2,Lena', '')),
    );
    expect(rows.map((r) => [r.line, r.look])).toEqual([
      [4, 1],
      [8, 2],
    ]);
  });

  it('treats a lone CR as a line break too', () => {
    const { rows } = preview(parseRunningOrder('Look,Model\r1,Amara\r2,Lena'));
    expect(rows.map((r) => [r.line, r.model])).toEqual([
      [2, 'Amara'],
      [3, 'Lena'],
    ]);
  });

  it('ignores cells beyond the header and reads missing trailing cells as empty', () => {
    const { rows } = preview(
      parseRunningOrder(lf('Look,Model,Shoes', '1,Amara,Boots,extra,more', '2,Lena')),
    );
    expect(rows.map((r) => [r.look, r.shoes])).toEqual([
      [1, 'Boots'],
      [2, ''],
    ]);
  });

  it('collapses spaces inside model names', () => {
    const { rows } = preview(parseRunningOrder(lf('Look,Model', '1,"  Amara \n  Okafor "')));
    expect(rows[0]?.model).toBe('Amara Okafor');
  });

  it('takes the defusing apostrophe off cells that start with a formula character', () => {
    const { rows } = preview(
      parseRunningOrder(lf('Look,Model,Notes', "1,Amara,'=SUM(A1)", "2,Lena,'abc")),
    );
    expect(rows.map((r) => r.notes)).toEqual(['=SUM(A1)', "'abc"]);
  });
});

describe('problems with the file', () => {
  it('points at the right physical line after a quoted cell spanning several lines', () => {
    const result = parseRunningOrder(
      lf(
        'Look,Model,Notes',
        '1,Amara,"one',
        'two',
        'three"',
        '2,,',
        '3,Lena,"x',
        'y"',
        '12b,Sofia,',
      ),
    );
    expect(messages(result)).toEqual([
      `Line 5, column "Model" (2): the model's name is missing`,
      `Line 8, column "Look" (1): "12b" is not a look number`,
    ]);
  });

  it('reports a missing model with its line and column', () => {
    const result = parseRunningOrder(lf('Look;Model name', '1;Amara', '2;   '));
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 3,
          column: 'Model name',
          columnNumber: 2,
          reason: "the model's name is missing",
          message: `Line 3, column "Model name" (2): the model's name is missing`,
        },
      ],
    });
  });

  it.each(['12b', '0', '-3', '1.5', '1e3', 'twelve', '99999999999999999999'])(
    'refuses "%s" as a look number',
    (look) => {
      expect(messages(parseRunningOrder(lf('Look #,Model', `${look},Amara`)))).toEqual([
        `Line 2, column "Look #" (1): "${look}" is not a look number`,
      ]);
    },
  );

  it('reports an empty look number', () => {
    expect(messages(parseRunningOrder(lf('Model,Look', 'Amara,')))).toEqual([
      `Line 2, column "Look" (2): the look number is missing`,
    ]);
  });

  it('reports a duplicate look number naming the line that had it first', () => {
    const result = parseRunningOrder(lf('Look,Model', '12,Amara', '5,Lena', '012,Sofia'));
    expect(messages(result)).toEqual([`Line 4, column "Look" (1): look 12 already on line 2`]);
  });

  it('reports every bad row, sorted by line', () => {
    const result = parseRunningOrder(lf('Look,Model', 'x,', '1,Amara', '1,', 'y,Lena'));
    expect(messages(result)).toEqual([
      `Line 2, column "Look" (1): "x" is not a look number`,
      `Line 2, column "Model" (2): the model's name is missing`,
      `Line 4, column "Look" (1): look 1 already on line 3`,
      `Line 4, column "Model" (2): the model's name is missing`,
      `Line 5, column "Look" (1): "y" is not a look number`,
    ]);
  });

  it('reports a missing required column on the header line', () => {
    expect(messages(parseRunningOrder(lf('Look,Outfit', '1,Coat')))).toEqual([
      'Line 1: the header has no Model column (call it "Model" or "Model name")',
    ]);
    expect(messages(parseRunningOrder(lf('Nr,Name', '1,Amara')))).toEqual([
      'Line 1: the header has no Look column (call it "Look" or "Look #")',
      'Line 1: the header has no Model column (call it "Model" or "Model name")',
    ]);
  });

  it('reads cells pasted from a spreadsheet, which come separated by tabs', () => {
    const result = preview(
      parseRunningOrder(
        lf('Look\tModel\tAccessories', '1\tAmara\tbelt, bag', '2\t"Lina\nSørensen"\tcuff'),
      ),
    );
    expect(result.delimiter).toBe('\t');
    expect(result.rows.map((r) => [r.line, r.look, r.model, r.accessories])).toEqual([
      [2, 1, 'Amara', ['belt', 'bag']],
      [3, 2, 'Lina Sørensen', ['cuff']],
    ]);
  });

  it('reads call times as a spreadsheet writes them, one per model, and names a bad one', () => {
    const result = preview(
      parseRunningOrder(
        lf('Look,Model,Call time', '1,Amara,9.05', '2,Lina,2:30 PM', '3,Amara,09:05:00', '4,Mei,'),
      ),
    );
    expect(result.rows.map((r) => r.callTime)).toEqual(['09:05', '14:30', '09:05', '']);
    expect(
      messages(
        parseRunningOrder(lf('Look,Model,Call', '1,Amara,soon', '2,Lina,14:00', '3,Lina,15:00')),
      ),
    ).toEqual([
      'Line 2, column "Call" (3): "soon" is not a time (write it as 14:30)',
      'Line 4, column "Call" (3): Lina is called at 14:00 on line 3, not 15:00',
    ]);
  });

  it('reports an unclosed quote where it opens', () => {
    const result = parseRunningOrder(
      lf('Look,Model,Notes', '1,Amara,"fine', 'still fine"', '2,Lena,"never closed', '3,Sofia,'),
    );
    expect(messages(result)).toEqual([
      'Line 4, column "Notes" (3): this quote is never closed, so the rest of the file would be one cell',
    ]);
  });

  it('reports a stray quote inside a quoted cell', () => {
    const result = parseRunningOrder(
      lf('Look,Model,Notes', '1,"Amara "Ace" Okafor",x', '2,Lena,y'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({
      line: 2,
      column: 'Model',
      columnNumber: 2,
      reason: 'a quote inside a quoted cell must be doubled ("")',
    });
  });

  it('reports a station that differs between two looks of the same model', () => {
    const result = parseRunningOrder(
      lf('Look,Model,Station', '1,Amara,Chair 2', '2,Lena,', '3,amara,chair 2', '4,AMARA,Chair 5'),
    );
    expect(messages(result)).toEqual([
      `Line 5, column "Station" (3): AMARA is at station "Chair 2" on line 2, not "Chair 5"`,
    ]);
  });

  it('reports an empty file and a header without looks', () => {
    expect(messages(parseRunningOrder(''))).toEqual(['Line 1: the file is empty']);
    expect(messages(parseRunningOrder('\uFEFF \r\n'))).toEqual(['Line 1: the file is empty']);
    expect(messages(parseRunningOrder(lf('Look,Model', '', ',')))).toEqual([
      'Line 1: there are no looks below the header',
    ]);
  });
});

describe('the fixtures used by the end-to-end tests', () => {
  it('keeps its BOM and CRLF line endings on disk', () => {
    expect(semicolonBom.startsWith('\uFEFF')).toBe(true);
    expect(semicolonBom).toContain('\r\n');
  });

  it('reads the semicolon file with a BOM as 8 clean looks of 6 models', () => {
    const result = preview(parseRunningOrder(semicolonBom));
    expect(result.delimiter).toBe(';');
    expect(result.ignoredColumns).toEqual(['Fitting']);
    expect(result.rows.map((r) => r.look)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10]);
    expect(new Set(result.rows.map((r) => r.model.toLowerCase())).size).toBe(6);
    expect(result.rows[2]?.notes).toBe(
      'QUICK CHANGE: coat off at the curtain.\nJonas waits stage left.',
    );
    expect(result.rows[3]?.outfit).toBe('Pleated skirt; cropped knit');
    expect(result.rows[0]?.accessories).toEqual(['Leather gloves', 'silver cuff']);
    expect(result.rows[2]?.accessories).toEqual(['Belt', 'sunglasses']);
  });

  it('finds exactly the problems the fixture README promises in the broken file', () => {
    expect(messages(parseRunningOrder(broken))).toEqual([
      `Line 5, column "Model" (2): the model's name is missing`,
      `Line 7, column "Look" (1): "12b" is not a look number`,
      `Line 9, column "Look" (1): look 3 already on line 8`,
    ]);
  });
});
