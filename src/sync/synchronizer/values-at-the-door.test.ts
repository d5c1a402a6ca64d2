import type { ShowMessage } from '../protocol/messages';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import { parseSnapshotTables } from '../protocol/messages';
import { ReplicaSet } from '../testing/replica-set';
import type { BadMessage } from './engine';

// A peer that has joined the show may still send values of the wrong shape (an older
// or broken kiosk, or a hostile one). Each is refused at the door with the peer, table
// and field named, and nothing of it is stored or previewed.

const showId = 'spring-26' as ShowId;
const secret = 'velvet curtain lantern orbit';

let set: ReplicaSet | undefined;
afterEach(() => set?.destroy());

/** alice and bob linked; bob sends alice raw messages; alice notes what she refuses. */
async function aliceAndBob() {
  set = new ReplicaSet({ showId, secret });
  await set.add('alice', 'bob');
  set.connect();
  await set.settle();
  const alice = set.get('alice');
  const bob = set.get('bob');
  const refused: string[] = [];
  const previewed: unknown[] = [];
  alice.engine.on('bad-message', (event: BadMessage) => refused.push(event.reason));
  alice.engine.on('preview', (event) => previewed.push(event));
  const send = (message: unknown) =>
    bob.engine.sendTo(alice.transport.self, message as ShowMessage);
  return { set, alice, send, refused, previewed };
}

const hlc = '001760000000000.000000.bob';
const aimedAtNobody = {
  site: 'bob',
  hlc,
  table: 'calls',
  key: 'c-1',
  field: 'target',
  value: { kind: 'models' },
};

describe('values at the door', () => {
  it('refuses an op whose value does not fit its field, naming the peer, table and field', async () => {
    const { set, alice, send, refused } = await aliceAndBob();
    send({ type: 'ops', ops: [{ ...aimedAtNobody, seq: 1 }], more: false });
    await set.settle();
    expect(refused).toEqual([
      "ops batch from peer bob: op 0: calls 'c-1' field 'target' has no 'modelIds'",
    ]);
    expect((await set.rows('alice')).calls).toEqual([]);
    expect(await alice.store.versions()).toEqual({});
  });

  it('refuses a preview of such a value and shows none of it', async () => {
    const { set, send, refused, previewed } = await aliceAndBob();
    send({
      type: 'preview',
      ops: [{ ...aimedAtNobody, table: 'looks', field: 'accessories', value: 'gloves' }],
    });
    await set.settle();
    expect(refused).toEqual([
      "preview from peer bob: op 0: looks 'c-1' field 'accessories' must be a list",
    ]);
    expect(previewed).toEqual([]);
  });

  it('refuses a snapshot holding a row with such a value, whole', async () => {
    const { set, send, refused } = await aliceAndBob();
    const clocks = { text: hlc, target: hlc };
    send({
      type: 'snapshot',
      id: 1,
      part: 0,
      last: true,
      tables: {
        looks: [{ id: 'l-1', outfit: 'Coat', _clocks: { outfit: hlc } }],
        calls: [
          { id: 'c-0', text: 'Line-up', target: { kind: 'everyone' }, _clocks: clocks },
          { id: 'c-1', text: 'Line-up', target: { kind: 'models' }, _clocks: clocks },
        ],
      },
      versions: { bob: 1 },
    });
    await set.settle();
    expect(refused).toEqual([
      "snapshot part from peer bob: calls row 1: field 'target' has no 'modelIds'",
    ]);
    const rows = await set.rows('alice');
    expect([rows.looks, rows.calls]).toEqual([[], []]);
  });
});

describe('values in a backup file', () => {
  it('refuses the file at the first row holding a value that does not fit, and says which', () => {
    const clocks = { text: hlc, target: hlc };
    expect(
      parseSnapshotTables({
        calls: [
          { id: 'c-0', text: 'Line-up', target: { kind: 'everyone' }, _clocks: clocks },
          { id: 'c-1', text: 'Line-up', target: { kind: 'models' }, _clocks: clocks },
        ],
      }),
    ).toEqual({
      ok: false,
      problem: {
        kind: 'bad-row',
        table: 'calls',
        index: 1,
        problem: { kind: 'bad-value', field: 'target', why: "has no 'modelIds'" },
      },
    });
  });
});
