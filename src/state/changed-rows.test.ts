import { RangeSet, type ObservabilitySet } from 'dexie';
import { describe, expect, it } from 'vitest';
import { changedRows } from './changed-rows';

const part = (table: string, suffix = '') => `idb://show-1/${table}/${suffix}`;
const keys = (...ids: string[]) => new RangeSet().addKeys(ids);

describe('the rows a Dexie write changed', () => {
  it('names the keys written and deleted in a table', () => {
    const parts: ObservabilitySet = {
      [part('progress')]: keys('m1', 'm2', 'l7'),
      [part('progress', ':dels')]: keys('m9'),
    };
    expect([...(changedRows(parts, 'show-1', 'progress') as string[])].sort()).toEqual([
      'l7',
      'm1',
      'm2',
      'm9',
    ]);
  });

  it('says nothing for another table or another database', () => {
    const parts: ObservabilitySet = { [part('progress')]: keys('m1') };
    expect(changedRows(parts, 'show-1', 'models')).toBeUndefined();
    expect(changedRows(parts, 'show-2', 'progress')).toBeUndefined();
    expect(changedRows({ [part('progress')]: new RangeSet() }, 'show-1', 'progress')).toBe(
      undefined,
    );
  });

  it('reads a range (a cleared table, a new database) as every row', () => {
    const cleared: ObservabilitySet = { [part('models')]: new RangeSet('a', 'z') };
    expect(changedRows(cleared, 'show-1', 'models')).toBe('all');
    const everything: ObservabilitySet = {
      [part('models', ':dels')]: new RangeSet(-Infinity, [[[]]]),
    };
    expect(changedRows(everything, 'show-1', 'models')).toBe('all');
  });

  it('reads parts structured-cloned from another window the same way', () => {
    const cloned = structuredClone({ [part('calls')]: keys('c1', 'c2', 'c3', 'c4', 'c5') });
    expect([...(changedRows(cloned, 'show-1', 'calls') as string[])].sort()).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
    ]);
  });
});
