import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { renewEvery } from './live-renewal';

class Db extends Dexie {
  rows!: Dexie.Table<{ id: number }, number>;
  constructor() {
    super(`renewal-${Math.random()}`);
    this.version(1).stores({ rows: 'id' });
  }
}

/** Write a row and wait until Dexie has announced the write (it does so after the commit). */
async function write(db: Db, id: number): Promise<void> {
  const announced = new Promise<void>((resolve) => {
    const listener = () => {
      Dexie.on('storagemutated').unsubscribe(listener);
      resolve();
    };
    Dexie.on('storagemutated', listener);
  });
  await db.rows.put({ id });
  await announced;
}

describe('renewing live queries', () => {
  it('renews after every so many committed writes, and stops when told', async () => {
    const db = new Db();
    let renewed = 0;
    const stop = renewEvery(3, () => renewed++);
    for (let id = 1; id <= 7; id++) await write(db, id);
    expect(renewed).toBe(2);
    stop();
    for (let id = 8; id <= 12; id++) await write(db, id);
    expect(renewed).toBe(2);
  });
});
