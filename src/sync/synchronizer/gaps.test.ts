import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';
import { GapHold, MAX_PARKED_PER_SITE } from './gaps';

const op = (site: string, seq: number): Op => ({
  site: site as SiteId,
  seq,
  hlc: encodeHlc(1000 + seq, 0, site as SiteId),
  table: 'looks',
  key: 'l-1',
  field: 'outfit',
  value: `${site} ${seq}`,
});
const seqs = (ops: readonly Op[]) => ops.map((o) => `${o.site}${o.seq}`);

describe('ops above a gap', () => {
  it('wait until the ops below them come, then go in log order', () => {
    const gaps = new GapHold();
    const first = gaps.take([op('bob', 3), op('bob', 4)], { bob: 1 });
    expect(first.ready).toEqual([]);
    expect(seqs(first.parked)).toEqual(['bob3', 'bob4']);
    expect(seqs(gaps.take([op('bob', 2)], { bob: 1 }).ready)).toEqual(['bob2', 'bob3', 'bob4']);
    expect(gaps.count).toBe(0);
  });

  it('let through at once what continues the log, or is held already', () => {
    const gaps = new GapHold();
    expect(seqs(gaps.take([op('bob', 1), op('bob', 2), op('carol', 1)], {}).ready)).toEqual([
      'bob1',
      'carol1',
      'bob2',
    ]);
    expect(seqs(gaps.take([op('bob', 1)], { bob: 5 }).ready)).toEqual(['bob1']);
  });

  it('count again as parked when they come again: a snapshot head parked early still backs its floor', () => {
    const gaps = new GapHold();
    gaps.take([op('bob', 7)], { bob: 1 });
    expect(seqs(gaps.take([op('bob', 7)], { bob: 1 }).parked)).toEqual(['bob7']);
    expect(gaps.count).toBe(1);
  });

  it('go on once a snapshot fills the gap below them', () => {
    const gaps = new GapHold();
    gaps.take([op('bob', 7)], { bob: 1 });
    expect(gaps.flush({ bob: 3 })).toEqual([]);
    expect(seqs(gaps.flush({ bob: 6 }))).toEqual(['bob7']);
  });

  it('are bounded per author: beyond, they are refused (catch-up offers them again in order)', () => {
    const gaps = new GapHold();
    const many = Array.from({ length: MAX_PARKED_PER_SITE + 5 }, (_, i) => op('mallory', i + 10));
    const { refused } = gaps.take(many, {});
    expect(refused).toHaveLength(5);
    expect(gaps.count).toBe(MAX_PARKED_PER_SITE);
  });
});
