import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import type { SiteId } from './ids';
import { applyOp, type StoredRow } from './merge';
import type { Op } from './op';
import { cellOf, undoLoser } from './fork-undo';

const op = (site: string, seq: number, wall: number, value: string, field = 'outfit'): Op => ({
  site: site as SiteId,
  seq,
  hlc: encodeHlc(wall, 0, site as SiteId),
  table: 'looks',
  key: 'l-1',
  field,
  value,
});
const rowOf = (...ops: Op[]): StoredRow | undefined =>
  ops.reduce<StoredRow | undefined>((row, next) => applyOp(row, next) ?? row, undefined);

describe('undoing the losing copy of a fork', () => {
  const earlier = op('producer', 1, 1000, 'Black coat');
  const loser = op('chair3', 4, 2000, 'Red coat');

  it('gives the field back to the best other op when the loser decided it', () => {
    const row = rowOf(earlier, loser);
    expect(undoLoser(row, loser, [earlier])).toEqual(rowOf(earlier));
  });

  it('leaves the row alone when a later op decided the field anyway', () => {
    const later = op('producer', 2, 3000, 'Grey coat');
    const row = rowOf(earlier, loser, later);
    expect(undoLoser(row, loser, [earlier, later])).toBe(row);
  });

  it('clears a field that only the loser wrote (nothing to fall back to)', () => {
    const notes = op('producer', 3, 500, 'Fitting at 4', 'notes');
    const row = rowOf(notes, loser);
    expect(undoLoser(row, loser, [])).toEqual(rowOf(notes));
  });

  it('names a cell by table, row and field', () => {
    expect(cellOf(loser)).not.toBe(cellOf({ ...loser, field: 'notes' }));
    expect(cellOf(loser)).toBe(cellOf(earlier));
  });
});
