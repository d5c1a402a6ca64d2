import { afterEach } from 'vitest';
import type { ShowId } from '../../domain/ids';
import type { Change } from '../../domain/op';
import type { SyncEngineOptions } from '../synchronizer/engine';
import { ReplicaSet } from './replica-set';

// For a test file of attacks on kiosks: linked, settled replica sets of one show, each
// destroyed after its test.

/**
 * `show(names, engineOptions, links)`: a set of these replicas, linked (every pair, or
 * only the pairs in `links`) and settled.
 */
export function replicaSets(
  showId: ShowId,
  secret: string,
): (
  names: string[],
  engineOptions?: SyncEngineOptions,
  links?: ReadonlyArray<readonly [string, string]>,
) => Promise<ReplicaSet> {
  let sets: ReplicaSet[] = [];
  afterEach(async () => {
    await Promise.all(sets.map((set) => set.destroy()));
    sets = [];
  });
  return async (names, engineOptions = {}, links) => {
    const set = new ReplicaSet({ showId, secret, engineOptions });
    sets.push(set);
    await set.add(...names);
    if (links) for (const [a, b] of links) set.connect(a, b);
    else set.connect();
    await set.settle();
    return set;
  };
}

/** A change to a look's outfit. */
export const outfit = (value: string, look = 'l-1'): Change => ({
  table: 'looks',
  key: look,
  field: 'outfit',
  value,
});
