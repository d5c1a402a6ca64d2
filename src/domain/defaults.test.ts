import { describe, expect, it } from 'vitest';
import { toEntity } from './defaults';

describe('rows as entities', () => {
  it('fills the fields a partial row has not received yet', () => {
    const look = toEntity('looks', { id: 'l-1', outfit: 'Coat', _clocks: {} });
    expect(look).toMatchObject({
      id: 'l-1',
      outfit: 'Coat',
      accessories: [],
      cut: false,
      pacingSeconds: 0,
    });
    expect(look).not.toHaveProperty('_clocks');
  });

  it('falls back to the default for a value of the wrong type', () => {
    expect(toEntity('looks', { id: 'l-1', accessories: 'Belt', cut: 'yes' })).toMatchObject({
      accessories: [],
      cut: false,
    });
  });

  it("keeps a change record's values and well-formed acknowledgements, and drops the rest", () => {
    const change = toEntity('lookChanges', {
      id: 'l-3/accessories/x',
      field: 'accessories',
      before: ['Belt'],
      after: [3],
      ackDresser: { at: 5, by: 'tablet' },
      ackHair: 'seen',
      _clocks: {},
    });
    expect(change).toMatchObject({
      before: ['Belt'],
      after: '',
      ackDresser: { at: 5, by: 'tablet' },
    });
    expect(change).not.toHaveProperty('ackHair');
    expect(change).not.toHaveProperty('ackMakeup');
  });

  it('keeps well-formed progress steps and drops the rest', () => {
    const progress = toEntity('progress', {
      id: 'm-1',
      hair: { done: true, at: 5, by: 's' },
      makeup: 'done',
      _clocks: {},
    });
    expect(progress).toEqual({ id: 'm-1', hair: { done: true, at: 5, by: 's' } });
  });
});
