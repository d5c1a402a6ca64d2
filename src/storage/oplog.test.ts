import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { newShowId, type SiteId } from '../domain/ids';
import type { Change } from '../domain/op';
import { ShowDb } from './db';
import { versionVector, writeChanges } from './oplog';

// The Dexie side of the op log: how a local write lands. What the sync engine relies
// on is the OpStore contract (dexie-op-store.contract.test.ts).

const alice = 'alice' as SiteId;
const opened: ShowDb[] = [];

function freshDb(): ShowDb {
  const db = new ShowDb(newShowId());
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});

describe('op log', () => {
  it('writes the op, the row and the version in one go', async () => {
    const db = freshDb();
    const {
      ops: [op],
    } = await writeChanges(db, alice, [outfit('l-1', 'Coat')], 1000);
    expect(op).toMatchObject({
      site: alice,
      seq: 1,
      table: 'looks',
      key: 'l-1',
      field: 'outfit',
      value: 'Coat',
    });
    expect(await db.looks.get('l-1')).toMatchObject({
      outfit: 'Coat',
      _clocks: { outfit: op?.hlc },
    });
    expect(await versionVector(db)).toEqual({ alice: 1 });
  });

  it('writes nothing when a change fails half-way', async () => {
    const db = freshDb();
    const bad = { table: 'nonsense', key: 'x', field: 'y', value: 1 } as unknown as Change;
    await expect(writeChanges(db, alice, [outfit('l-1', 'Coat'), bad], 1000)).rejects.toThrow(
      /Unknown table/,
    );
    expect(await db.looks.count()).toBe(0);
    expect(await db.log.count()).toBe(0);
  });
});
