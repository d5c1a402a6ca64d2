import type { Hlc } from './hlc';
import { DELETED, type Json, type Op } from './op';

/**
 * A stored row: its fields plus the winning clock of each field. Rows may be
 * partial (fields arrive one op at a time, in any order); readers fill defaults.
 */
export interface StoredRow {
  id: string;
  _clocks: Record<string, Hlc>;
  [field: string]: Json | Record<string, Hlc> | undefined;
}

/** Fields an op may never write: the key and the bookkeeping. */
const RESERVED = new Set(['id', '_clocks']);
export const isWritableField = (field: string): boolean => !RESERVED.has(field) && field !== '';

/**
 * Last writer wins per field, by clock (the clock ends in the site id, so equal
 * clocks are the same write). Returns the new row, or null when the op changes
 * nothing: an older write, or one already applied. Pure; never mutates `row`.
 */
export function applyOp(
  row: StoredRow | undefined,
  op: Pick<Op, 'key' | 'field' | 'value' | 'hlc'> & Partial<Op>,
): StoredRow | null {
  if (!isWritableField(op.field)) return null;
  const current = row?._clocks[op.field];
  if (current !== undefined && current >= op.hlc) return null;
  const base: StoredRow = row ?? { id: op.key, _clocks: {} };
  return { ...base, [op.field]: op.value, _clocks: { ...base._clocks, [op.field]: op.hlc } };
}

/** Merge two versions of one row (snapshots), field by field, by the same rule as ops. */
export function mergeRows(a: StoredRow, b: StoredRow): StoredRow {
  const merged: StoredRow = { ...a, _clocks: { ...a._clocks } };
  for (const [field, clock] of Object.entries(b._clocks)) {
    const mine = merged._clocks[field];
    if (mine === undefined || clock > mine) {
      merged[field] = b[field];
      merged._clocks[field] = clock;
    }
  }
  return merged;
}

export const isDeleted = (row: StoredRow | undefined): boolean => row?.[DELETED] === true;
