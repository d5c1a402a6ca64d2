import { applyOp, type StoredRow } from './merge';
import type { Op } from './op';

// Undoing the losing copy of a fork (two different ops under one site and seq; the
// sync layer decides which copy wins). Per field, last-writer-wins keeps only the
// winning clock, so where the loser decided a field, what it replaced is found again
// among the other ops on that field: the field falls back to the best of them, as if
// the loser had never come. Ops compacted out of the log are not there to fall back
// to: a field decided by the loser and by nothing still logged is cleared.

/** The cell an op writes: one field of one row. */
export const cellOf = (op: Pick<Op, 'table' | 'key' | 'field'>): string =>
  `${op.table}\u0000${op.key}\u0000${op.field}`;

/**
 * `row` with `loser` taken back: where it decided its field, the field falls back to
 * the best of `others` (the logged ops on that field, the loser not among them).
 * Returns `row` itself when the loser did not decide its field.
 */
export function undoLoser(
  row: StoredRow | undefined,
  loser: Op,
  others: readonly Op[],
): StoredRow | undefined {
  if (!row || row._clocks[loser.field] !== loser.hlc) return row;
  const best = others.reduce<Op | undefined>(
    (found, op) => (found === undefined || op.hlc > found.hlc ? op : found),
    undefined,
  );
  const clocks = { ...row._clocks };
  const cleared: StoredRow = { ...row, _clocks: clocks };
  delete clocks[loser.field];
  delete (cleared as Record<string, unknown>)[loser.field];
  return best ? (applyOp(cleared, best) ?? cleared) : cleared;
}
