import { describe, expect, it } from 'vitest';
import { fieldForHeader, headerKey, mapHeader } from './columns';

describe('header names', () => {
  it.each([
    ['Look', 'look'],
    ['Look #', 'look'],
    ['LOOK NO.', 'look'],
    ['look_number', 'look'],
    ['  Look   Number ', 'look'],
    ['#', 'look'],
    ['Model', 'model'],
    ['Model name', 'model'],
    ['model-name', 'model'],
    ['Outfit', 'outfit'],
    ['Garment', 'outfit'],
    ['Garments', 'outfit'],
    ['Accessories', 'accessories'],
    ['Shoes', 'shoes'],
    ['Hair', 'hair'],
    ['Makeup', 'makeup'],
    ['Make-up', 'makeup'],
    ['Make up', 'makeup'],
    ['MUA', 'makeup'],
    ['Dresser', 'dresser'],
    ['Section', 'section'],
    ['Sequence', 'section'],
    ['Notes', 'notes'],
    ['Station', 'station'],
  ] as const)('reads "%s" as the %s column', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('ignores case, spaces, underscores, dashes, dots and hashes when comparing', () => {
    expect(headerKey(' Look_No.-#')).toBe('lookno');
    expect(headerKey('Model\u00a0Name')).toBe('modelname');
  });

  it('does not recognise columns it has no alias for', () => {
    expect(fieldForHeader('Fitting')).toBeUndefined();
    expect(fieldForHeader('')).toBeUndefined();
  });
});

describe('mapping a header row', () => {
  it('numbers columns from 1 and lists unknown ones as ignored', () => {
    const mapping = mapHeader(['Look #', 'Fitting', ' Model ', '', 'Photo']);
    expect(mapping.columns).toEqual([
      { field: 'look', header: 'Look #', number: 1 },
      { field: 'model', header: 'Model', number: 3 },
    ]);
    expect(mapping.ignored).toEqual(['Fitting', 'Photo']);
    expect(mapping.problems).toEqual([]);
  });

  it('reports each missing required column', () => {
    const mapping = mapHeader(['Outfit', 'Shoes']);
    expect(mapping.problems.map((p) => p.reason)).toEqual([
      'the header has no Look column (call it "Look" or "Look #")',
      'the header has no Model column (call it "Model" or "Model name")',
    ]);
  });

  it('refuses two columns for the same field rather than guess', () => {
    const mapping = mapHeader(['Look', 'Model', 'Look #']);
    expect(mapping.problems).toEqual([
      {
        column: { header: 'Look #', number: 3 },
        reason: 'a second Look column, besides "Look" (1)',
      },
    ]);
  });
});
