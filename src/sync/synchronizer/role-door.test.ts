import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { ShowId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { Change, PendingOp } from '../../domain/op';
import type { ShowMessage } from '../protocol/messages';
import { ReplicaSet } from '../testing/replica-set';

// Roles at the door, on the memory transport: "producer" is admitted as the producer,
// "tablet" with the role each test gives it. The tablet writes straight into its store
// and pushes (no local guard there): what a tablet with devtools can do.

const showId = 'roles-door' as ShowId;
const secret = 'mirror ribbon velvet lantern';

let sets: ReplicaSet[] = [];
afterEach(async () => {
  await Promise.all(sets.map((set) => set.destroy()));
  sets = [];
});

async function show(tabletRole: Role | null, ...others: string[]): Promise<ReplicaSet> {
  const set = new ReplicaSet({
    showId,
    secret,
    admitAs: (name) => (name === 'tablet' ? tabletRole : 'producer'),
    // The role door alone: the signature door before it has its own tests (signed-pages.test.ts).
    engineOptions: { signedPages: false },
  });
  sets.push(set);
  await set.add('producer', 'tablet', ...others);
  set.connect();
  await set.settle();
  return set;
}

const outfit = (value: string): Change => ({
  table: 'looks',
  key: 'l-1',
  field: 'outfit',
  value,
});
const hairDone = (at: number): Change => ({
  table: 'progress',
  key: 'm-1',
  field: 'hair',
  value: { done: true, at, by: 'x' },
});

const looksOn = async (set: ReplicaSet, name: string) => (await set.rows(name)).looks;

describe('roles at the door', () => {
  it.each(['wall', 'curtain', 'makeup', 'content'] as const)(
    'refuses a running-order change from a %s kiosk, counts it against the kiosk and says why',
    async (role) => {
      const set = await show(role);
      const tablet = set.get('tablet');
      await set.edit('tablet', [outfit('Forged coat')]);
      await set.settle();
      expect(await looksOn(set, 'producer')).toEqual([]);
      const { guards } = set.get('producer').engine.status;
      expect(guards.refused['out-of-role']).toBe(1);
      expect(guards.refusedAuthors).toEqual([
        {
          site: tablet.site,
          changes: 1,
          last: `a ${role} kiosk may not write the outfit of looks`,
        },
      ]);
    },
  );

  it('says which message from which peer it refused, once per batch', async () => {
    const logs: string[] = [];
    const set = new ReplicaSet({
      showId,
      secret,
      admitAs: (name) => (name === 'tablet' ? 'makeup' : 'producer'),
      engineOptions: { log: (message) => logs.push(message) },
    });
    sets.push(set);
    await set.add('producer', 'tablet');
    set.connect();
    await set.settle();
    const tablet = set.get('tablet');
    await set.edit('tablet', [outfit('Forged coat'), { ...outfit('Forged'), key: 'l-2' }]);
    await set.settle();
    const refusals = logs.filter((line) => line.startsWith('refused an ops batch'));
    expect(refusals).toEqual([
      `refused an ops batch from peer tablet: op looks l-1 outfit by ${tablet.site} seq 1: a makeup kiosk may not write the outfit of looks (and 1 more of its ops)`,
    ]);
  });

  it.each(['wall', 'curtain', 'makeup', 'content'] as const)(
    'never shows a preview from a %s kiosk outside its role',
    async (role) => {
      const set = await show(role);
      const tablet = set.get('tablet');
      const shown: PendingOp[] = [];
      set.get('producer').engine.on('preview', ({ ops }) => shown.push(...ops));
      const pending: PendingOp = {
        site: tablet.site,
        hlc: encodeHlc(set.clock.now(), 0, tablet.site),
        ...outfit('Flash'),
      };
      tablet.engine.previewLocal([pending]);
      await set.settle();
      expect(shown).toEqual([]);
      expect(set.get('producer').engine.status.guards.refusedAuthors[0]).toMatchObject({
        site: tablet.site,
        changes: 1,
      });
    },
  );

  it('applies what a makeup tablet may write, and shows its previews', async () => {
    const set = await show('makeup');
    const tablet = set.get('tablet');
    const shown: PendingOp[] = [];
    set.get('producer').engine.on('preview', ({ ops }) => shown.push(...ops));
    const [change] = [hairDone(1)];
    tablet.engine.previewLocal([
      { site: tablet.site, hlc: encodeHlc(set.clock.now(), 0, tablet.site), ...change! },
    ]);
    await set.edit('tablet', [change!]);
    await set.settle();
    expect(shown).toHaveLength(1);
    expect((await set.rows('producer')).progress).toMatchObject([
      { id: 'm-1', hair: change!.value },
    ]);
    expect(set.get('producer').engine.status.guards.refusedAuthors).toEqual([]);
  });

  it('counts a refused change once, however often catch-up offers it again', async () => {
    const set = await show('makeup', 'wall');
    set.network.partition([['tablet', 'wall'], ['producer']]);
    await set.edit('tablet', [outfit('Forged coat')]);
    await set.settle();
    set.network.heal();
    set.connect();
    for (let i = 0; i < 3; i++) {
      set.clock.advance(3_000);
      for (const replica of set.replicas) replica.engine.exchange();
      await set.settle();
    }
    for (const name of ['producer', 'wall']) {
      expect(await looksOn(set, name)).toEqual([]);
      expect(set.get(name).engine.status.guards.refusedAuthors[0]?.changes).toBe(1);
    }
  });

  it('refuses the ops a removed tablet writes after its removal, and keeps those before', async () => {
    const set = await show('makeup');
    const tablet = set.get('tablet');
    await set.edit('tablet', [hairDone(1)]);
    await set.settle();
    set.authority.remove(tablet.site, 1);
    await set.edit('tablet', [hairDone(2)]);
    await set.settle();
    expect((await set.rows('producer')).progress).toMatchObject([{ hair: { at: 1 } }]);
    const { guards } = set.get('producer').engine.status;
    expect(guards.refused.removed).toBe(1);
    expect(guards.refusedAuthors[0]?.last).toBe(`the producer removed ${tablet.site}`);
  });

  it('holds the ops of a kiosk not admitted yet, unrefused, and applies them once it is', async () => {
    const set = await show(null);
    const tablet = set.get('tablet');
    await set.edit('tablet', [hairDone(1)]);
    await set.settle();
    expect((await set.rows('producer')).progress).toEqual([]);
    expect(set.get('producer').engine.status.guards.refusedAuthors).toEqual([]);
    set.authority.admit(tablet.site, 'makeup', tablet.identity.publicKeyInfo);
    await set.settle();
    expect((await set.rows('producer')).progress).toMatchObject([{ id: 'm-1', hair: { at: 1 } }]);
    expect(await set.get('producer').store.versions()).toMatchObject({ [tablet.site]: 1 });
  });

  it('merges the fields of a snapshot row whose winning writes are in role, and refuses the one that is not', async () => {
    const set = await show('makeup');
    const producer = set.get('producer');
    const tablet = set.get('tablet');
    tablet.engine.sendTo(producer.transport.self, { type: 'snapshot-offer', id: 3 });
    await set.settle();
    const at = set.clock.now();
    const row = {
      id: 'l-1',
      outfit: 'Forged coat',
      photo: 'p-abc',
      _clocks: { outfit: encodeHlc(at, 0, tablet.site), photo: encodeHlc(at, 1, tablet.site) },
    };
    tablet.engine.sendTo(producer.transport.self, {
      type: 'snapshot',
      id: 3,
      part: 0,
      last: true,
      tables: { looks: [row] },
      versions: {},
    } as unknown as ShowMessage);
    await set.settle();
    expect(await looksOn(set, 'producer')).toEqual([
      { id: 'l-1', photo: 'p-abc', _clocks: { photo: row._clocks.photo } },
    ]);
    expect(producer.engine.status.guards.refusedAuthors[0]).toMatchObject({
      site: tablet.site,
      changes: 1,
      last: 'a makeup kiosk may not write the outfit of looks',
    });
  });
});
