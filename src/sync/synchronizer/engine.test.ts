import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Change, PendingOp } from '../../domain/op';
import type {
  AuthFailure,
  BadMessage,
  PeerRejection,
  SyncEngine,
  SyncEngineOptions,
} from './engine';
import { Outbox } from '../windows/outbox';
import { ReplicaSet } from '../testing/replica-set';
import type { PeerId } from '../network/transport';
import type { ShowMessage } from '../protocol/messages';

/** A message as sent, with a sealed envelope's body read (as the peer reads it once its seal checks). */
const unsealed = (message: unknown): unknown => {
  const { type, body } = message as { type?: unknown; body?: unknown };
  return type === 'sealed' && typeof body === 'string' ? JSON.parse(body) : message;
};

const showId = 'spring-26' as ShowId;
const showSecret = 'velvet curtain lantern orbit';
const wrongSecret = 'velvet curtains lantern orbit';

const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});
const manyEdits = (count: number, prefix: string): Change[] =>
  Array.from({ length: count }, (_, i) => outfit(`${prefix}-${i % 400}`, `${prefix} outfit ${i}`));

let sets: ReplicaSet[] = [];
function replicaSet(
  options: Partial<ConstructorParameters<typeof ReplicaSet>[0]> = {},
): ReplicaSet {
  const set = new ReplicaSet({ showId, secret: showSecret, ...options });
  sets.push(set);
  return set;
}
afterEach(async () => {
  await Promise.all(sets.map((set) => set.destroy()));
  sets = [];
});

/** What an engine reports of one peer. */
const statusOf = (engine: SyncEngine, peer: string) =>
  engine.status.peers.find((status) => status.peerId === peer);

/** alice, bob (and whoever else is named) started and linked. */
async function connected(...names: string[]) {
  return connectedWith({}, ...names);
}

/**
 * Kiosks whose engines take `engineOptions`: `{ signedPages: false }` where a test hands
 * them rows or ops by hand, to test what stands behind the signature check.
 */
async function connectedWith(engineOptions: SyncEngineOptions, ...names: string[]) {
  const set = replicaSet({ engineOptions });
  await set.add(...names);
  set.connect();
  await set.settle();
  return set;
}

describe('SyncEngine handshake', () => {
  it('authenticates alice and bob when they share the passphrase', async () => {
    const set = await connected('alice', 'bob');
    const [peer] = set.get('alice').engine.status.peers;
    expect(peer).toMatchObject({
      peerId: 'bob',
      siteId: set.get('bob').site,
      name: 'bob',
      role: 'makeup',
      authenticated: true,
      badMessages: 0,
    });
    expect(set.get('bob').engine.status.authenticatedPeers).toBe(1);
  });

  it('exchanges no show data with a kiosk that has the wrong passphrase, and tells it why', async () => {
    const set = replicaSet({ secret: (name) => (name === 'mallory' ? wrongSecret : showSecret) });
    await set.add('alice', 'mallory');
    await set.edit('alice', [outfit('l-1', 'Secret finale gown')]);
    await set.edit('mallory', [outfit('l-2', 'Fake look')]);
    const failures: AuthFailure[] = [];
    const rejections: PeerRejection[] = [];
    set.get('mallory').engine.on('auth-failed', (failure) => failures.push(failure));
    set.get('alice').engine.on('peer-rejected', (rejection) => rejections.push(rejection));

    set.connect();
    await set.settle();
    for (const replica of set.replicas) replica.engine.exchange();
    await set.settle();

    expect(failures).toEqual([
      expect.objectContaining({
        peer: 'alice',
        reason: 'wrong-passphrase',
        message: expect.stringContaining(
          "This kiosk's passphrase does not match the show spring-26's",
        ),
      }),
    ]);
    expect(rejections.map((r) => r.reason)).toEqual(['wrong-passphrase']);
    const { byType } = set.network.counters;
    expect(byType.versions ?? 0).toBe(0);
    expect(byType.ops ?? 0).toBe(0);
    expect(byType.snapshot ?? 0).toBe(0);
    expect((await set.rows('mallory')).looks).toEqual([expect.objectContaining({ id: 'l-2' })]);
    expect((await set.rows('alice')).looks).toEqual([expect.objectContaining({ id: 'l-1' })]);
    expect(set.get('alice').transport.connectedPeers.size).toBe(0);
  });

  it('never mixes kiosks of two different shows on one network', async () => {
    const set = replicaSet({
      showOf: (name) => (name === 'bob' ? ('autumn-26' as ShowId) : showId),
    });
    await set.add('alice', 'bob');
    await set.edit('alice', [outfit('l-1', 'Spring coat')]);
    await set.edit('bob', [outfit('l-9', 'Autumn coat')]);
    const rejections: PeerRejection[] = [];
    set.get('alice').engine.on('peer-rejected', (rejection) => rejections.push(rejection));
    set.connect();
    await set.settle();
    expect(rejections).toEqual([
      expect.objectContaining({
        reason: 'other-show',
        message: 'Kiosk "bob" was refused: it belongs to show autumn-26',
      }),
    ]);
    expect(set.network.counters.byType.share ?? 0).toBe(0);
    expect(set.network.counters.byType.ops ?? 0).toBe(0);
    expect((await set.rows('alice')).looks.map((row) => row.id)).toEqual(['l-1']);
    expect(set.get('alice').transport.connectedPeers.size).toBe(0);
  });

  it('refuses ops from a peer that has not proven the show key', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice');
    const eve = set.network.createTransport('eve');
    await eve.start();
    eve.dial(alice!.transport.self);
    await set.settle();
    const bad: BadMessage[] = [];
    alice!.engine.on('bad-message', (event) => bad.push(event));
    eve.send(alice!.transport.self, {
      type: 'ops',
      ops: [
        {
          site: 'eve',
          seq: 1,
          hlc: '001760000000000.000000.eve',
          table: 'looks',
          key: 'l-1',
          field: 'outfit',
          value: 'x',
        },
      ],
      more: false,
    });
    await set.settle();
    expect(bad).toEqual([{ peer: 'eve', reason: 'ops batch from peer eve: travels only sealed' }]);
    expect((await set.rows('alice')).looks).toEqual([]);
  });

  it('reads nothing of megabytes a stranger sends before the join: counted bad, and the link dropped', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice');
    const eve = set.network.createTransport('eve');
    await eve.start();
    eve.dial(alice!.transport.self);
    await set.settle();
    const bad: BadMessage[] = [];
    alice!.engine.on('bad-message', (event) => bad.push(event));
    const body = 'x'.repeat(800 * 1024);
    for (let n = 0; n < 3; n++)
      eve.send(alice!.transport.self, { type: 'sealed', n, tag: 't', body });
    await set.settle();
    expect(bad).toEqual([
      { peer: 'eve', reason: 'messages from peer eve: sent too much before the join; not read' },
    ]);
    expect(alice!.transport.connectedPeers.has(eve.self)).toBe(false);
  });

  it('hangs up a peer whose handshake stalls', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice');
    const silent = set.network.createTransport('silent');
    await silent.start();
    silent.dial(alice!.transport.self);
    await set.settle();
    expect(alice!.transport.connectedPeers.size).toBe(1);
    for (let tick = 0; tick < 3; tick++) alice!.engine.exchange();
    await set.settle();
    expect(alice!.transport.connectedPeers.size).toBe(0);
  });
});

describe('SyncEngine live push and catch-up', () => {
  it('pushes alice’s edit to bob at once, without waiting for an exchange', async () => {
    const set = await connected('alice', 'bob');
    await set.edit('alice', [outfit('l-1', 'Red silk dress')]);
    await set.settle();
    expect((await set.rows('bob')).looks).toEqual([
      expect.objectContaining({ id: 'l-1', outfit: 'Red silk dress' }),
    ]);
  });

  it('sends alice’s offline edits to bob when they reconnect, and bob’s to alice', async () => {
    const set = await connected('alice', 'bob');
    set.network.partition([['alice'], ['bob']]);
    await set.edit('alice', [outfit('l-1', 'Alice was offline')]);
    await set.edit('bob', [outfit('l-2', 'Bob stayed on')]);
    set.network.heal();
    await set.converge();
    expect(await set.rows('alice')).toEqual(await set.rows('bob'));
    expect((await set.rows('bob')).looks).toHaveLength(2);
  });

  it('catches up a kiosk that reloaded', async () => {
    const set = await connected('alice', 'bob');
    await set.reload('bob');
    await set.edit('alice', [outfit('l-1', 'During the reload')]);
    await set.converge();
    expect((await set.rows('bob')).looks).toEqual([
      expect.objectContaining({ outfit: 'During the reload' }),
    ]);
  });

  it('catches up 2,000 missed edits quickly after a reconnect', async () => {
    const set = await connected('alice', 'bob');
    set.network.partition([['alice'], ['bob']]);
    for (let i = 0; i < 4; i++) await set.edit('alice', manyEdits(500, `batch${i}`));
    set.network.heal();
    const started = performance.now();
    const { exchanges } = await set.converge();
    const elapsed = performance.now() - started;
    console.info(`caught up 2,000 edits in ${elapsed.toFixed(0)} ms`);
    expect(exchanges).toBe(0); // no timer needed: the reconnect itself starts the catch-up
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('alice').site]: 2000 });
    expect(await set.rows('bob')).toEqual(await set.rows('alice'));
    expect(elapsed).toBeLessThan(3000); // about 0.5 s alone on a 2-core machine; slack for parallel test files
  });

  it('relays edits between alice and charlie through bob when they never meet', async () => {
    const set = replicaSet();
    await set.add('alice', 'bob', 'charlie');
    set.connect('alice', 'bob');
    set.connect('bob', 'charlie');
    await set.settle();
    await set.edit('alice', [outfit('l-1', 'From alice')]);
    await set.settle();
    // Gossip: bob pushes on what was new to him, no exchange needed.
    expect((await set.rows('charlie')).looks).toEqual([
      expect.objectContaining({ outfit: 'From alice' }),
    ]);

    set.network.partition([['alice', 'bob'], ['charlie']]);
    await set.edit('charlie', manyEdits(300, 'charlie'));
    set.network.heal();
    set.connect('bob', 'charlie');
    await set.settle();
    for (let i = 0; i < 2; i++) {
      for (const replica of set.replicas) replica.engine.exchange();
      await set.settle();
    }
    expect(set.get('alice').transport.connectedPeers.has('charlie' as PeerId)).toBe(false);
    expect(await set.rows('alice')).toEqual(await set.rows('charlie'));
    expect(await set.get('alice').store.versions()).toEqual({
      [set.get('alice').site]: 1,
      [set.get('charlie').site]: 300,
    });
  });

  it('sends a snapshot to a new kiosk when the log it needs was compacted', async () => {
    const set = replicaSet();
    await set.add('alice');
    // Fifty edits of five looks: of the 46 ops below the cut, only seq 46 (look-0's last
    // outfit) still holds a current value, and stays for the snapshot to prove it.
    await set.edit(
      'alice',
      Array.from({ length: 50 }, (_, i) => outfit(`look-${i % 5}`, `look outfit ${i}`)),
    );
    await set.edit('alice', [{ table: 'looks', key: 'look-3', field: '_deleted', value: true }]);
    expect(await set.get('alice').store.compact(5)).toBe(45);
    await set.add('bob');
    await set.converge();
    expect(set.network.counters.byType.snapshot).toBeGreaterThan(0);
    expect(await set.rows('bob')).toEqual(await set.rows('alice'));
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('alice').site]: 51 });
    // Later edits still flow as ops on top of the snapshot.
    await set.edit('alice', [outfit('look-1', 'After the snapshot')]);
    await set.settle();
    expect(await set.rows('bob')).toEqual(await set.rows('alice'));
  });

  it('answers an ask for its snapshot that comes after its exchanges gave the offer up', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice');
    await set.edit('alice', manyEdits(20, 'look'));
    await alice?.store.compact(1);
    await set.add('bob');
    set.connect();
    const isOffered = () => (set.network.counters.byType['snapshot-offer'] ?? 0) > 0;
    for (let round = 0; round < 10 && !isOffered(); round++) {
      await Promise.all(set.replicas.map((r) => r.engine.idle()));
      set.network.step();
    }
    expect(isOffered()).toBe(true);
    // bob is slow to ask: two exchanges on alice's side give the offer up meanwhile.
    set.get('alice').engine.exchange();
    set.get('alice').engine.exchange();
    await set.settle();
    expect(statusOf(set.get('alice').engine, 'bob')?.badMessages).toBe(0);
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('alice').site]: 20 });
  });

  it('keeps the rows of an asked-for snapshot that lost a part, but not its versions, so it comes again', async () => {
    const set = await connectedWith({ signedPages: false }, 'alice', 'bob');
    const alice = set.get('alice');
    const bob = set.get('bob');
    // The rows' clocks name "bob" by hand: an author admitted like the kiosks.
    set.authority.admit('bob' as SiteId, 'producer', bob.identity.publicKeyInfo);
    bob.engine.sendTo(alice.transport.self, { type: 'snapshot-offer', id: 9 });
    await set.settle();
    const versionsBefore = set.network.counters.byType.versions ?? 0;
    const row = { id: 'l-1', outfit: 'Coat', _clocks: { outfit: '001760000000000.000000.bob' } };
    bob.engine.sendTo(alice.transport.self, {
      type: 'snapshot',
      id: 9,
      part: 1,
      last: true,
      tables: { looks: [row] },
      versions: { bob: 5 },
    } as unknown as ShowMessage);
    await set.settle();
    expect((await set.rows('alice')).looks).toEqual([row]);
    expect(await alice.store.versions()).toEqual({});
    expect(set.network.counters.byType.versions ?? 0).toBe(versionsBefore); // no acknowledgement
  });

  it('lets a copy of a snapshot part it already took go, without counting the peer as rude', async () => {
    const set = await connectedWith({ signedPages: false }, 'alice', 'bob');
    const alice = set.get('alice');
    const bob = set.get('bob');
    // The rows' clocks name "bob" by hand: an author admitted like the kiosks.
    set.authority.admit('bob' as SiteId, 'producer', bob.identity.publicKeyInfo);
    bob.engine.sendTo(alice.transport.self, { type: 'snapshot-offer', id: 9 });
    await set.settle();
    const row = { id: 'l-1', outfit: 'Coat', _clocks: { outfit: '001760000000000.000000.bob' } };
    const part = { type: 'snapshot', id: 9, part: 0, last: true, tables: { looks: [row] } };
    bob.engine.sendTo(alice.transport.self, { ...part, versions: {} } as unknown as ShowMessage);
    bob.engine.sendTo(alice.transport.self, { ...part, versions: {} } as unknown as ShowMessage);
    await set.settle();
    expect((await set.rows('alice')).looks).toEqual([row]);
    expect(alice.engine.status.peers[0]?.badMessages).toBe(0);
    expect(alice.engine.status.guards.refused.unaskedSnapshots).toBe(0);
  });

  it('pushes ops that another window of this browser announces', async () => {
    const show = `bus-${Math.random().toString(36).slice(2, 8)}` as ShowId;
    const set = replicaSet({ showId: show });
    await set.add('alice', 'bob');
    set.connect();
    await set.settle();
    const alice = set.get('alice');
    const ops = await alice.store.write(
      alice.site,
      [outfit('l-1', 'Written in the makeup window')],
      set.clock.now(),
    );
    // alice's window runs the mesh; the makeup window posts its ops to it.
    const meshWindow = new Outbox(show);
    const makeupWindow = new Outbox(show);
    meshWindow.lead(alice.engine, () => {});
    makeupWindow.send({ ops });
    await vi.waitFor(() => expect(alice.engine.status.versions).toEqual({ [alice.site]: 1 }));
    meshWindow.close();
    makeupWindow.close();
    await set.settle();
    expect((await set.rows('bob')).looks).toEqual([
      expect.objectContaining({ outfit: 'Written in the makeup window' }),
    ]);
  });
});

describe('SyncEngine previews', () => {
  const pending = (site: string, value: string): PendingOp => ({
    site: site as PendingOp['site'],
    hlc: `001760000000000.000000.${site}` as PendingOp['hlc'],
    ...outfit('l-1', value),
  });

  it('hands a peer’s preview to the screens at once and stores nothing of it', async () => {
    const set = await connected('alice', 'bob');
    const alice = set.get('alice');
    const bob = set.get('bob');
    const seen: Array<{ peer: PeerId; ops: PendingOp[] }> = [];
    alice.engine.on('preview', (event) => seen.push(event));
    bob.engine.previewLocal([pending(bob.site, 'Red silk dress')]);
    await set.settle();
    expect(seen).toEqual([
      { peer: bob.transport.self, ops: [pending(bob.site, 'Red silk dress')] },
    ]);
    expect((await set.rows('alice')).looks).toEqual([]);
    expect(await alice.store.versions()).toEqual({});
  });

  it('sends no preview of a large write: imports and restores go as ops only', async () => {
    const set = await connected('alice', 'bob');
    const seen: unknown[] = [];
    set.get('alice').engine.on('preview', (event) => seen.push(event));
    set
      .get('bob')
      .engine.previewLocal(
        Array.from({ length: 51 }, (_, i) => pending(set.get('bob').site, `Look ${i}`)),
      );
    await set.settle();
    expect(seen).toEqual([]);
  });

  it('counts a forged or malformed preview as bad and shows none of it', async () => {
    const set = await connected('alice', 'bob');
    const alice = set.get('alice');
    const bob = set.get('bob');
    const seen: unknown[] = [];
    const bad: BadMessage[] = [];
    alice.engine.on('preview', (event) => seen.push(event));
    alice.engine.on('bad-message', (event) => bad.push(event));
    bob.engine.sendTo(alice.transport.self, {
      type: 'preview',
      ops: [pending('carol', 'Forged')],
    });
    bob.engine.sendTo(alice.transport.self, {
      type: 'preview',
      ops: [{ ...pending(bob.site, 'x'), hlc: 'soon' as PendingOp['hlc'] }],
    });
    await set.settle();
    expect(seen).toEqual([]);
    expect(bad.map((event) => event.reason)).toEqual([
      'preview from peer bob: holds ops of another kiosk',
      "preview from peer bob: op 0: hlc 'soon' is not a clock",
    ]);
  });
});

describe('SyncEngine ops already previewed', () => {
  /** alice and bob linked; alice's settle waits are held until the test lets them go. */
  async function withHeldSettles() {
    const waits: Array<() => void> = [];
    const set = replicaSet({
      engineOptions: {
        previewedSettleMs: 50,
        timers: {
          setInterval: () => undefined,
          clearInterval: () => {},
          setTimeout: (run) => waits.push(run),
        },
      },
    });
    await set.add('alice', 'bob');
    set.connect();
    await set.settle();
    const deliver = () => {
      while (set.network.isBusy) set.network.step();
    };
    return { set, waits, deliver };
  }
  const preview = (set: ReplicaSet, name: string, changes: Change[]) => {
    const { site, engine } = set.get(name);
    engine.previewLocal(
      changes.map((change) => ({
        site,
        hlc: `001760000000000.000000.${site}` as PendingOp['hlc'],
        ...change,
      })),
    );
  };

  it('are stored after the settle wait, together with the ops that came meanwhile', async () => {
    const { set, waits, deliver } = await withHeldSettles();
    preview(set, 'bob', [outfit('l-1', 'Red silk dress')]);
    await set.edit('bob', [outfit('l-1', 'Red silk dress')]);
    deliver();
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect((await set.rows('alice')).looks).toEqual([]);

    preview(set, 'bob', [outfit('l-2', 'Black tuxedo')]);
    await set.edit('bob', [outfit('l-2', 'Black tuxedo')]);
    deliver();
    const applied: number[] = [];
    set.get('alice').engine.on('ops-applied', (event) => applied.push(event.fresh));
    waits[0]!();
    await set.settle();
    expect(waits).toHaveLength(1); // the second push waited with the first
    expect(applied).toEqual([1, 1]);
    const looks = (await set.rows('alice')).looks;
    expect(looks.map((row) => [row.id, row.outfit])).toEqual([
      ['l-1', 'Red silk dress'],
      ['l-2', 'Black tuxedo'],
    ]);
  });

  it('do not hold back ops that were not previewed: those are stored at once', async () => {
    const { set, waits } = await withHeldSettles();
    preview(set, 'bob', [outfit('l-1', 'Red silk dress')]);
    await set.edit('bob', [outfit('l-1', 'Red silk dress'), outfit('l-2', 'Black tuxedo')]);
    await set.settle();
    expect(waits).toEqual([]);
    expect((await set.rows('alice')).looks.map((row) => row.id)).toEqual(['l-1', 'l-2']);
  });
});

describe('SyncEngine ops pushed a moment ago', () => {
  /** The types of the messages alice sends; `dropOps` makes bob fail to store the next ops he is sent. */
  function watchAlice(set: ReplicaSet) {
    const transport = set.get('alice').transport;
    const sent: string[] = [];
    const control = { dropOps: false };
    const store = set.get('bob').store;
    const storeRemoteOps = store.storeRemoteOps.bind(store);
    store.storeRemoteOps = (ops, now) => {
      if (!control.dropOps) return storeRemoteOps(ops, now);
      control.dropOps = false;
      return Promise.reject(new Error('storage full'));
    };
    const send = transport.send.bind(transport);
    transport.send = (peer, message) => {
      const inner = unsealed(message) as { type: string; batch?: number };
      sent.push(inner.type === 'ops' && inner.batch !== undefined ? 'ops batch' : inner.type);
      return send(peer, message);
    };
    return { sent, control };
  }

  it('are not sent again because a versions report crossed them on the way', async () => {
    const set = await connected('alice', 'bob');
    const { sent } = watchAlice(set);
    set.get('bob').engine.exchange(); // bob reports his versions, without alice's next edit
    await set.edit('alice', [outfit('l-1', 'Red silk dress')]);
    await set.settle();
    expect(sent.filter((type) => type.startsWith('ops'))).toEqual(['ops']);
    expect((await set.rows('bob')).looks.map((row) => row.outfit)).toEqual(['Red silk dress']);
  });

  it('are sent again by the exchange once the peer still lacks them a while later', async () => {
    const set = await connected('alice', 'bob');
    const { sent, control } = watchAlice(set);
    const alice = set.get('alice').engine;
    const bob = set.get('bob').transport.self;
    control.dropOps = true; // bob cannot store it (his storage is full a moment)
    await set.edit('alice', [outfit('l-1', 'Red silk dress')]);
    set.get('bob').engine.exchange();
    await set.settle();
    expect(sent.filter((type) => type.startsWith('ops'))).toEqual(['ops']);
    expect((await set.rows('bob')).looks).toEqual([]);
    expect(statusOf(alice, bob)?.pending).toBe(0); // pushed on a reliable link: counted as delivered

    set.clock.advance(2_001);
    expect(statusOf(alice, bob)?.pending).toBe(1); // bob's reports still lack it: waiting after all
    set.get('bob').engine.exchange();
    await set.settle();
    expect(sent.filter((type) => type.startsWith('ops'))).toEqual(['ops', 'ops batch']);
    expect((await set.rows('bob')).looks.map((row) => row.outfit)).toEqual(['Red silk dress']);
  });
});

describe('SyncEngine status', () => {
  it('reports how many ops a peer lacks and how many of its ops we lack', async () => {
    const set = await connected('alice', 'bob');
    set.network.partition([['alice'], ['bob']]);
    await set.edit('alice', manyEdits(7, 'a'));
    await set.edit('bob', manyEdits(3, 'b'));
    set.network.heal();
    set.connect();
    // Deliver the handshake and the version vectors, one round at a time, but not the catch-up batches.
    const alice = set.get('alice').engine;
    const bobSite = set.get('bob').site;
    const hasHeardFromBob = () => alice.status.peers[0]?.theirVersions[bobSite] === 3;
    for (let round = 0; round < 20 && !hasHeardFromBob(); round++) {
      set.network.step();
      await Promise.all(set.replicas.map((r) => r.engine.idle()));
    }
    expect(statusOf(alice, 'bob')?.pending).toBe(7);
    expect(statusOf(alice, 'bob')?.behind).toBe(3);
    await set.converge();
    expect(statusOf(alice, 'bob')?.pending).toBe(0);
    expect(statusOf(alice, 'bob')?.behind).toBe(0);
  });

  it('tells subscribers about peers as they authenticate', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice', 'bob');
    const seen: number[] = [];
    seen.push(alice!.engine.status.authenticatedPeers);
    const unsubscribe = alice!.engine.on('status', (status) =>
      seen.push(status.authenticatedPeers),
    );
    set.connect();
    await set.settle();
    await Promise.resolve();
    unsubscribe();
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
  });

  it('tells of a change without building the status nobody asked for', async () => {
    const set = replicaSet();
    const [alice] = await set.add('alice', 'bob');
    const engine = alice!.engine;
    const built = vi.spyOn(engine, 'status', 'get');
    let changes = 0;
    const off = engine.on('changed', () => (changes += 1));
    set.connect();
    await set.settle();
    await Promise.resolve();
    off();
    expect(changes).toBeGreaterThan(0);
    expect(built).not.toHaveBeenCalled();
    expect(engine.status.authenticatedPeers).toBe(1);
  });
});

describe('SyncEngine and bad messages', () => {
  it('counts and drops bad messages from a peer, applies none of them, and keeps syncing', async () => {
    const set = await connected('alice', 'bob');
    const alice = set.get('alice');
    const bob = set.get('bob');
    const bad: BadMessage[] = [];
    alice.engine.on('bad-message', (event) => bad.push(event));
    alice.engine.on('bad-message', () => {
      throw new Error('a careless listener');
    });
    const hlc = '001760000000000.000000.bob';
    const good = {
      site: 'bob',
      seq: 1,
      hlc,
      table: 'looks',
      key: 'l-1',
      field: 'outfit',
      value: 'ok',
    };
    // Junk on the wire is refused unread; the rest comes sealed on bob's own link.
    const raw = (message: unknown) => bob.transport.send(alice.transport.self, message);
    const sealed = (message: unknown) =>
      bob.engine.sendTo(alice.transport.self, message as ShowMessage);
    raw(42);
    raw({ type: 'launch-missiles' });
    sealed({ type: 'ops', ops: [good, good, good, { ...good, seq: 4, field: 'id' }], more: false });
    sealed({ type: 'ops', ops: [{ ...good, table: 'secrets' }], more: false });
    sealed({
      type: 'snapshot',
      id: 1,
      part: 0,
      last: true,
      tables: { looks: [{ id: 'l-1', outfit: 'x' }] },
      versions: { bob: 1 },
    });
    await set.settle();

    expect(bad.map((event) => event.reason)).toEqual([
      'message from peer bob: is not an object',
      "message from peer bob: has an unknown type 'launch-missiles'",
      "ops batch from peer bob: op 3: field 'id' is not writable",
      "ops batch from peer bob: op 0: table 'secrets' is not a table",
      'snapshot part from peer bob: looks row 0: has no field clocks',
    ]);
    expect(alice.engine.status.peers[0]?.badMessages).toBe(5);
    expect((await set.rows('alice')).looks).toEqual([]);
    expect(await alice.store.versions()).toEqual({});

    await set.edit('bob', [outfit('l-2', 'Still syncing')]);
    await set.settle();
    expect((await set.rows('alice')).looks).toEqual([expect.objectContaining({ id: 'l-2' })]);
  });
});
