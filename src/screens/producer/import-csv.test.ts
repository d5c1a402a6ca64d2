import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import broken from '../../../tests/fixtures/running-order-broken.csv?raw';
import semicolonBom from '../../../tests/fixtures/running-order-semicolon-bom.csv?raw';
import type { LookId, ModelId } from '../../domain/ids';
import type { Look, Model } from '../../domain/model';
import {
  canImport,
  decodeCsvBytes,
  fileTooLarge,
  importButtonLabel,
  importView,
  isWorkbookFile,
  MAX_CSV_BYTES,
  sheetImportView,
} from './import-csv';

const lena: Model = makeModel({
  id: 'm-lena' as ModelId,
  name: 'Lena Fischer',
  station: 'Chair 2',
});

const oldLook: Look = makeLook({
  id: 'l-old' as LookId,
  rank: 'a0',
  modelId: lena.id,
  outfit: 'old',
});

describe('the import dialog', () => {
  it('shows nothing to import before a file is chosen or text pasted', () => {
    const view = importView('  \n', { models: [], looks: [] });
    expect(view).toEqual({ kind: 'empty' });
    expect(canImport(view)).toBe(false);
    expect(importButtonLabel(view)).toBe('Import looks');
  });

  it('previews the semicolon fixture with new-model badges and a summary', () => {
    const view = importView(semicolonBom, { models: [lena], looks: [oldLook] });
    if (view.kind !== 'ready') throw new Error(JSON.stringify(view));
    expect(importButtonLabel(view)).toBe('Import 8 looks');
    expect(view.summary).toBe(
      '8 looks, 5 new models, 1 matched model; 1 existing look will be replaced. ' +
        'Delimiter: semicolon. Ignored columns: "Fitting".',
    );
    expect(view.rows.slice(0, 4)).toEqual([
      {
        number: 1,
        modelName: 'Amara Okafor',
        isNewModel: true,
        section: 'Opening',
        outfit: 'Ivory wool coat',
        accessories: 'Leather gloves, silver cuff',
      },
      {
        number: 2,
        modelName: 'Lena Fischer',
        isNewModel: false,
        section: 'Opening',
        outfit: 'Charcoal suit',
        accessories: 'Tie bar',
      },
      {
        number: 3,
        modelName: 'Amara Okafor',
        isNewModel: true,
        section: 'Opening',
        outfit: 'Trench dress',
        accessories: 'Belt, sunglasses',
      },
      {
        number: 4,
        modelName: 'Sofia Marquez',
        isNewModel: true,
        section: 'Daywear',
        outfit: 'Pleated skirt; cropped knit',
        accessories: 'Beret, tote bag',
      },
    ]);
    expect(view.rows[7]?.modelName).toBe('Lena Fischer');
  });

  it('lists the problems of the broken fixture and offers nothing to import', () => {
    const view = importView(broken, { models: [], looks: [] });
    expect(view).toEqual({
      kind: 'problems',
      messages: [
        `Line 5, column "Model" (2): the model's name is missing`,
        `Line 7, column "Look" (1): "12b" is not a look number`,
        `Line 9, column "Look" (1): look 3 already on line 8`,
      ],
    });
    expect(canImport(view)).toBe(false);
  });

  it('says "1 look" for a single look', () => {
    expect(importButtonLabel(importView('Look,Model\n1,Amara', { models: [], looks: [] }))).toBe(
      'Import 1 look',
    );
  });

  it('refuses a file far too big to be a running order', () => {
    expect(fileTooLarge(MAX_CSV_BYTES)).toBeUndefined();
    expect(fileTooLarge(3_200_000)).toEqual({
      kind: 'problems',
      messages: ['The file is 3.2 MB; a running order is far smaller. Is it the right file?'],
    });
  });
});

describe('reading file bytes', () => {
  it('reads UTF-8 and drops its BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Look;Modèle')]);
    expect(decodeCsvBytes(bytes)).toBe('Look;Modèle');
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    // "José" as Excel's plain CSV writes it on Windows.
    expect(decodeCsvBytes(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]))).toBe('José');
  });
});

describe('the import dialog with a workbook', () => {
  const rows = [
    { row: 1, cells: ['Running order SS27'] },
    { row: 3, cells: ['Look #', 'Model name', 'Call'] },
    { row: 4, cells: ['1', 'Lena Fischer', '14:30'] },
    { row: 5, cells: ['2', 'Zoë Ñúñez', '09:05'] },
  ];

  it("previews a sheet as it does a CSV, naming the sheet, and sets the matched model's call time", () => {
    const view = sheetImportView(rows, 'Line-up', { models: [lena], looks: [oldLook] });
    if (view.kind !== 'ready') throw new Error(JSON.stringify(view));
    expect(view.rows.map((row) => [row.number, row.modelName, row.isNewModel])).toEqual([
      [1, 'Lena Fischer', false],
      [2, 'Zoë Ñúñez', true],
    ]);
    expect(view.summary).toContain('Sheet: "Line-up".');
    expect(view.summary).not.toContain('Delimiter');
    expect(view.changes).toContainEqual(
      expect.objectContaining({ table: 'models', key: lena.id, field: 'callTime', value: '14:30' }),
    );
  });

  it('shows the problems of a sheet by Excel row, with nothing to write', () => {
    const view = sheetImportView([...rows, { row: 9, cells: ['2', 'Amara'] }], 'Line-up', {
      models: [],
      looks: [oldLook],
    });
    expect(view).toEqual({
      kind: 'problems',
      messages: ['Row 9, column "Look #" (A): look 2 already on row 5'],
    });
    expect(canImport(view)).toBe(false);
  });

  it('tells a workbook by its name or type', () => {
    expect(isWorkbookFile({ name: 'Show.XLSX', type: '' })).toBe(true);
    expect(
      isWorkbookFile({
        name: 'show',
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    ).toBe(true);
    expect(isWorkbookFile({ name: 'show.csv', type: 'text/csv' })).toBe(false);
  });
});

describe('an empty or header-only file', () => {
  it('says a header-only file has no looks, and imports nothing', async () => {
    const { importView, canImport } = await import('./import-csv');
    const view = importView('Look,Model,Outfit\n', { models: [], looks: [] });
    expect(view).toMatchObject({
      kind: 'problems',
      messages: [expect.stringMatching(/no looks below the header/)],
    });
    expect(canImport(view)).toBe(false);
  });

  it('names an empty file', async () => {
    const { emptyFile } = await import('./import-csv');
    expect(emptyFile('order.csv', ' \n')).toMatchObject({
      kind: 'problems',
      messages: [expect.stringMatching(/order\.csv is empty/)],
    });
    expect(emptyFile('order.csv', 'Look,Model')).toBeUndefined();
  });
});
