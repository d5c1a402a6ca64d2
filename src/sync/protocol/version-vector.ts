import type { Op, VersionVector } from '../../domain/op';

// Pure arithmetic on version vectors `{site: highest seq held without gaps}`.

/** How many ops `mine` holds that `theirs` lacks (per site, counted by seq). */
export function lacking(mine: VersionVector, theirs: VersionVector): number {
  let count = 0;
  for (const [site, seq] of Object.entries(mine)) count += Math.max(0, seq - (theirs[site] ?? 0));
  return count;
}

/** True when `after` holds something `before` did not. */
export function hasAdvanced(before: VersionVector, after: VersionVector): boolean {
  return Object.entries(after).some(([site, seq]) => seq > (before[site] ?? 0));
}

/**
 * The vector raised by `ops` where they continue it without a gap, e.g. after a peer
 * sent us those ops (so it holds them). Ops beyond a gap do not count, as in storage.
 */
export function advancedBy(vv: VersionVector, ops: readonly Op[]): VersionVector {
  const next = { ...vv };
  const sorted = [...ops].sort((a, b) =>
    a.site === b.site ? a.seq - b.seq : a.site < b.site ? -1 : 1,
  );
  for (const op of sorted) if (op.seq === (next[op.site] ?? 0) + 1) next[op.site] = op.seq;
  return next;
}

/**
 * Both vectors at once: per site, the higher seq. What a kiosk holds only grows, so a
 * vector read from the database a moment ago never takes back what was learnt since.
 */
export function merged(a: VersionVector, b: VersionVector): VersionVector {
  const next = { ...a };
  for (const [site, seq] of Object.entries(b)) next[site] = Math.max(next[site] ?? 0, seq);
  return next;
}

/** Whether a peer at `theirs` already holds `op`. */
export const holds = (theirs: VersionVector, op: Op): boolean => (theirs[op.site] ?? 0) >= op.seq;
