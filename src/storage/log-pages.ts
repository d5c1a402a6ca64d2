import type { SiteId } from '../domain/ids';
import type { Op } from '../domain/op';

/**
 * A run of one site's ops with consecutive seqs, stored as one record. A kiosk that
 * catches up on 2,000 edits stores a few records, not 2,000: IndexedDB's cost is per
 * record far more than per byte. Pages of a site never overlap (an op is stored once).
 */
export interface LogPage {
  site: SiteId;
  first: number;
  last: number;
  ops: Op[];
}

/** The primary key of a page: `[site, first, last]`, so seq ranges are read from keys alone. */
export type PageKey = [string, number, number];

/** Ops (each seq of a site at most once, in any order) as pages of consecutive seqs. */
export function pagesOf(ops: readonly Op[]): LogPage[] {
  const sorted = [...ops].sort((a, b) =>
    a.site < b.site ? -1 : a.site > b.site ? 1 : a.seq - b.seq,
  );
  const pages: LogPage[] = [];
  for (const op of sorted) {
    const page = pages.at(-1);
    if (page && page.site === op.site && page.last + 1 === op.seq) {
      page.ops.push(op);
      page.last = op.seq;
    } else {
      pages.push({ site: op.site, first: op.seq, last: op.seq, ops: [op] });
    }
  }
  return pages;
}
