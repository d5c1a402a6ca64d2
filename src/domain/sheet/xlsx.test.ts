import { DOMParser } from '@xmldom/xmldom';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseSheetRows, type ParseResult } from '../csv';
import { excelTime, makeXlsx } from './testing/make-xlsx';
import { LIMITS, readWorkbook, type Workbook, type XmlElement } from './xlsx';

// The browser hands in its DOMParser; in Node, xmldom stands in for it.
// (It throws on XML that is not well formed; quiet, since the tests make such XML on purpose.)
const parseXml = (text: string): XmlElement =>
  new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml')
    .documentElement as unknown as XmlElement;

function open(bytes: Uint8Array): Workbook {
  const result = readWorkbook(bytes, parseXml);
  if (!result.ok) throw new Error(`expected a workbook, got: ${result.message}`);
  return result.workbook;
}

function refusal(bytes: Uint8Array): string {
  const result = readWorkbook(bytes, parseXml);
  if (result.ok) throw new Error('expected the workbook to be refused');
  return result.message;
}

function messages(result: ParseResult): string[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => p.message);
}

const runningOrder = makeXlsx([
  {
    name: 'Running order',
    rows: [
      ['Maison Lumière — SS27', null, null, { date: 46355 }],
      [],
      ['Look #', 'Model name', 'Garment', 'Accessory', 'MUA', 'Call', 'Fitting'],
      [
        1,
        'Zoë Ñúñez',
        'Ivory coat\nwide trousers',
        'gloves\ncuff',
        'Red lip',
        { time: excelTime(14, 30) },
        { dateTime: 46355.5 },
      ],
      [
        2,
        { inline: 'Lina Sørensen' },
        'Silk slip dress',
        'belt, bag',
        true,
        { time: excelTime(9, 5) },
        null,
      ],
      [
        3,
        'zoë ñúñez ',
        { formulaText: 'Black tux' },
        '',
        'Bare',
        { time: excelTime(14, 30) },
        0.1 + 0.2,
      ],
    ],
  },
  {
    name: 'Fittings',
    rows: [
      ['Model', 'When'],
      ['Amara', { time: 0.75 }],
    ],
  },
]);

describe('reading a workbook', () => {
  it('lists the sheets in order and reads rows with the numbers Excel shows', () => {
    const workbook = open(runningOrder);
    expect(workbook.sheets).toEqual(['Running order', 'Fittings']);
    const rows = workbook.rows('Running order');
    expect(rows.map((row) => row.row)).toEqual([1, 3, 4, 5, 6]);
    expect(rows[0]?.cells).toEqual(['Maison Lumière — SS27', '', '', '2026-11-29']);
    expect(rows[2]?.cells).toEqual([
      '1',
      'Zoë Ñúñez',
      'Ivory coat\nwide trousers',
      'gloves\ncuff',
      'Red lip',
      '14:30',
      '2026-11-29 12:00',
    ]);
    expect(rows[3]?.cells.slice(1, 5)).toEqual([
      'Lina Sørensen',
      'Silk slip dress',
      'belt, bag',
      'TRUE',
    ]);
    expect(rows[4]?.cells[2]).toBe('Black tux');
    expect(rows[4]?.cells[6]).toBe('0.3');
    expect(workbook.rows('Fittings')[1]?.cells).toEqual(['Amara', '18:00']);
  });

  it('imports the running order through the CSV rules: aliases, accents, line breaks, call times', () => {
    const result = parseSheetRows(open(runningOrder).rows('Running order'), 'Running order');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.preview.sheet).toBe('Running order');
    expect(result.preview.ignoredColumns).toEqual(['Fitting']);
    expect(
      result.preview.rows.map((r) => [
        r.line,
        r.look,
        r.model,
        r.outfit,
        r.accessories,
        r.callTime,
      ]),
    ).toEqual([
      [4, 1, 'Zoë Ñúñez', 'Ivory coat\nwide trousers', ['gloves', 'cuff'], '14:30'],
      [5, 2, 'Lina Sørensen', 'Silk slip dress', ['belt', 'bag'], '09:05'],
      [6, 3, 'zoë ñúñez', 'Black tux', [], '14:30'],
    ]);
  });

  it('names problems by Excel row and column letter', () => {
    const workbook = open(
      makeXlsx([
        {
          name: 'Sheet1',
          rows: [
            ['Look', 'Model', 'Call time'],
            ['1a', 'Amara', { time: excelTime(10, 0) }],
            [2, '', 'noon'],
            [2, 'Lina', null],
          ],
        },
      ]),
    );
    expect(messages(parseSheetRows(workbook.rows('Sheet1'), 'Sheet1'))).toEqual([
      'Row 2, column "Look" (A): "1a" is not a look number',
      `Row 3, column "Model" (B): the model's name is missing`,
      'Row 3, column "Call time" (C): "noon" is not a time (write it as 14:30)',
      'Row 4, column "Look" (A): look 2 already on row 3',
    ]);
  });

  it('reads dates in the 1904 system of old Mac workbooks', () => {
    const workbook = open(makeXlsx([{ name: 'S', rows: [[{ date: 0 }]] }], { date1904: true }));
    expect(workbook.rows('S')[0]?.cells).toEqual(['1904-01-01']);
  });
});

describe('refusing what is not a workbook, with a message that says why', () => {
  it('refuses a file cut short', () => {
    expect(refusal(runningOrder.subarray(0, runningOrder.length - 40))).toMatch(
      /^This is not an Excel workbook we can open: it is cut short/,
    );
  });

  it('refuses a CSV renamed .xlsx, and an old .xls', () => {
    expect(refusal(strToU8('Look,Model\n1,Amara\n'))).toBe(
      'This is not an Excel workbook we can open: it is not a ZIP archive.',
    );
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(refusal(ole)).toMatch(/old Excel file \(\.xls\) or a password-protected workbook/);
  });

  it('refuses a ZIP that is not a workbook', () => {
    expect(refusal(zipSync({ 'word/document.xml': strToU8('<document/>') }))).toMatch(
      /no workbook in it/,
    );
  });

  it('refuses a zip bomb while unpacking it, whatever sizes it claims', () => {
    const huge = new Uint8Array(LIMITS.partBytes + 1_000_000);
    const bomb = zipSync({
      '_rels/.rels': strToU8('<Relationships/>'),
      'xl/workbook.xml': huge,
    });
    expect(bomb.length).toBeLessThan(100_000);
    expect(refusal(bomb)).toMatch(/xl\/workbook\.xml unpacks to/);
    // The same archive with its directory claiming a small size is stopped all the same.
    const lying = bomb.slice();
    const view = new DataView(lying.buffer);
    for (let at = 0; at < lying.length - 4; at++) {
      if (view.getUint32(at, true) === 0x02014b50 && lying[at + 46] === 0x78 /* x */) {
        view.setUint32(at + 24, 1000, true);
      }
    }
    expect(refusal(lying)).toMatch(/xl\/workbook\.xml unpacks to more than 30\.0 MB/);
  });

  it('refuses XML with a DOCTYPE (entity expansion) and XML that is not well formed', () => {
    const withDoctype = zipSync({
      'xl/workbook.xml': strToU8('<!DOCTYPE lol [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'),
    });
    expect(refusal(withDoctype)).toMatch(/declares a DOCTYPE/);
    const files = zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets>') });
    expect(refusal(files)).toMatch(/not an Excel workbook we can open/);
  });

  it('refuses a sheet too big for a running order before reading its rows', () => {
    const tall = makeXlsx([
      {
        name: 'Big',
        rows: [
          ['Look', 'Model'],
          [1, 'Amara'],
        ],
        firstRow: LIMITS.rows,
      },
    ]);
    expect(() => open(tall).rows('Big')).toThrow(
      'The sheet "Big" is too big for a running order (5001 rows; at most 5000 rows and 200 columns are read)',
    );
    const wide = makeXlsx([
      { name: 'Wide', rows: [[...Array<string>(LIMITS.columns).fill('x'), 'y']] },
    ]);
    expect(() => open(wide).rows('Wide')).toThrow('(201 columns;');
  });
});
