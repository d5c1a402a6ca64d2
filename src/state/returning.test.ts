import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { type ShowId } from '../domain/ids';
import { peerIdFor } from '../domain/peer-ids';
import { LocalDb } from '../storage/local';
import { linkedBefore, rememberLinked } from './returning';

let dbs = 0;
const local = () => new LocalDb(`returning-${++dbs}-${Math.random().toString(36).slice(2, 8)}`);
const show = 'spring26' as ShowId;
const alice = peerIdFor(show, 'alice');
const bob = peerIdFor(show, 'bob');

describe('the kiosks a returning kiosk dials first', () => {
  it('are the ones it was linked to in this show, most recent first', async () => {
    const db = local();
    await rememberLinked(db, show, [alice]);
    await rememberLinked(db, show, [bob]);
    expect(await linkedBefore(db, show)).toEqual([bob, alice]);
    expect(await linkedBefore(db, 'autumn27' as ShowId)).toEqual([]);
  });

  it('include those an earlier version remembered by the show code, under their ids of today', async () => {
    const db = local();
    await db.settings.put({
      key: `linked:${show}`,
      value: ['bk-spring26-alice', alice, 'bk-autumn27-carol', peerIdFor('autumn27', 'dan'), 7],
    });
    expect(await linkedBefore(db, show)).toEqual([alice]);
  });
});
