import { describe, expect, it } from 'vitest';
import type { ShowId, SiteId } from '../domain/ids';
import type { Change } from '../domain/op';
import { ShowDb } from '../storage/db';
import {
  applyRemoteOps,
  applySnapshot,
  compactLog,
  opsSince,
  takeSnapshot,
  versionVector,
  writeChanges,
} from '../storage/oplog';

// Storage behaviour the sync engine relies on, pinned where it once went wrong.

const alice = 'alice' as SiteId;
let dbs = 0;
const newDb = (name: string) =>
  new ShowDb(`catch-up-${++dbs}-${name}-${Math.random().toString(36).slice(2)}` as ShowId);
const outfit = (i: number): Change => ({
  table: 'looks',
  key: `l-${i % 10}`,
  field: 'outfit',
  value: `outfit ${i}`,
});

describe('catch-up storage', () => {
  it('counts ops that arrived early once a snapshot fills the gap below them', async () => {
    const aliceDb = newDb('alice');
    const charlieDb = newDb('charlie');
    const bobDb = newDb('bob');
    const ops = await writeChanges(
      aliceDb,
      alice,
      Array.from({ length: 60 }, (_, i) => outfit(i)),
      1000,
    );
    // charlie holds alice 1..55 and compacts them away; bob heard 56..60 live, but nothing before.
    await applyRemoteOps(charlieDb, ops.slice(0, 55), 2000);
    await compactLog(charlieDb, 0);
    await applyRemoteOps(bobDb, ops.slice(55), 2000);
    expect(await versionVector(bobDb)).toEqual({});

    await applySnapshot(bobDb, await takeSnapshot(charlieDb), 3000);

    expect(await versionVector(bobDb)).toEqual({ alice: 60 });
    expect(await opsSince(aliceDb, await versionVector(bobDb), 100)).toEqual({
      kind: 'ops',
      ops: [],
      more: false,
    });
    await Promise.all([aliceDb.delete(), bobDb.delete(), charlieDb.delete()]);
  });

  it('skips ops already held, in the log or below the floor, and stores the rest once', async () => {
    const aliceDb = newDb('alice');
    const bobDb = newDb('bob');
    const ops = await writeChanges(
      aliceDb,
      alice,
      Array.from({ length: 20 }, (_, i) => outfit(i)),
      1000,
    );
    await applyRemoteOps(bobDb, ops.slice(0, 10), 2000);
    await compactLog(bobDb, 5);
    const result = await applyRemoteOps(bobDb, [...ops, ...ops.slice(12, 15)], 2000);
    expect(result).toEqual({ stored: 10, duplicates: 13 });
    expect(await versionVector(bobDb)).toEqual({ alice: 20 });
    await Promise.all([aliceDb.delete(), bobDb.delete()]);
  });
});
