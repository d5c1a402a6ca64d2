import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';
import { snapshotMessages } from '../protocol/chunk';
import type { OpsMessage, ShowMessage } from '../protocol/messages';
import type { ReplicaSet } from '../testing/replica-set';
import { outfit, replicaSets } from '../testing/replica-sets';
import { signedOps } from '../testing/signed-ops';
import { createIdentity, openIdentity } from '../trust/identity';
import { hashAt, opHash as pageHash } from '../trust/pages';
import { SignedPages } from './signed-pages';
import { MemoryOpStore } from '../testing/memory-op-store';
import { opHash } from './forks';

// Every op is signed by its author, per page, and checked at the door before intake.
// "mallory" is admitted to the show (it passed the join, the authority knows its key)
// and sends whatever it likes: it signs with the only key it has, its own.

const showId = 'pages-26' as ShowId;
const secret = 'velvet curtain rehearsal lantern orbit';
const YEAR = 365 * 24 * 3_600_000;

const show = replicaSets(showId, secret);

const outfitOn = async (set: ReplicaSet, name: string, look = 'l-1'): Promise<unknown> =>
  (await set.rows(name)).looks.find((row) => row.id === look)?.outfit;

const opOf = (site: SiteId, seq: number, wall: number, value: string, look = 'l-1'): Op => ({
  site,
  seq,
  hlc: encodeHlc(wall, 0, site),
  table: 'looks',
  key: look,
  field: 'outfit',
  value,
});

function send(set: ReplicaSet, from: string, to: string, message: ShowMessage): void {
  set.get(from).engine.sendTo(set.get(to).transport.self, message);
}

const signatures = (set: ReplicaSet, name: string) => set.get(name).engine.status.guards.signatures;
const badMessages = (set: ReplicaSet, name: string) =>
  set.get(name).engine.status.peers.reduce((n, peer) => n + peer.badMessages, 0);

describe('an admitted kiosk writing under another kiosk’s name', () => {
  it('cannot forge that kiosk’s next op: signed with its own key, it is refused, and the real op wins nothing by hash', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const producer = set.get('producer');
    await set.edit('producer', [outfit('Black coat')]);
    await set.converge();
    // mallory's copy of the producer's seq 2, with the hash it chose, signed by mallory.
    const forged = opOf(producer.site, 2, set.clock.now(), 'Forged coat');
    send(set, 'mallory', 'bob', await signedOps(set.get('mallory').identity, showId, [forged]));
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Black coat');
    expect(signatures(set, 'bob')['bad-signature']).toBe(1);
    expect(badMessages(set, 'bob')).toBe(1);

    // The producer's real seq 2 lands everywhere: no fork was ever recorded.
    await set.edit('producer', [outfit('Red coat')]);
    await set.converge();
    expect(await outfitOn(set, 'bob')).toBe('Red coat');
    expect(bobForks(set)).toEqual([]);
  });

  it('cannot slip it in unsigned either', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const forged = opOf(set.get('producer').site, 1, set.clock.now(), 'Forged coat');
    send(set, 'mallory', 'bob', { type: 'ops', ops: [forged], more: false });
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    expect(signatures(set, 'bob').unsigned).toBe(1);
  });

  it('cannot hold a kiosk back with a far-future op under its name: refused, not held', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const producer = set.get('producer');
    const future = opOf(producer.site, 1, set.clock.now() + YEAR, 'From next year');
    send(set, 'mallory', 'bob', await signedOps(set.get('mallory').identity, showId, [future]));
    await set.settle();
    expect(set.get('bob').engine.status.guards.held).toBe(0);
    expect(set.get('bob').engine.status.guards.wrongClocks).toEqual([]);
    // The producer's real seq 1 is not held behind the forgery.
    await set.edit('producer', [outfit('Today’s coat')]);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Today’s coat');
  });

  it('cannot back a snapshot floor with a forged head', async () => {
    const set = await show(['producer', 'bob', 'mallory'], { snapshotThreshold: 3 });
    const producer = set.get('producer');
    // bob asks mallory for a snapshot; mallory answers with a forged head of the
    // producer's at seq 50 (signed by mallory) and a floor claiming 50.
    send(set, 'mallory', 'bob', { type: 'snapshot-offer', id: 7 });
    await set.settle();
    const head = opOf(producer.site, 50, set.clock.now(), 'Forged head');
    send(set, 'mallory', 'bob', await signedOps(set.get('mallory').identity, showId, [head]));
    send(set, 'mallory', 'bob', {
      type: 'snapshot',
      id: 7,
      part: 0,
      last: true,
      tables: {},
      versions: { [producer.site]: 50 },
    });
    await set.settle();
    expect(await set.get('bob').store.versions()).toEqual({});
    expect(signatures(set, 'bob')['bad-signature']).toBe(1);
    // The producer's ops from seq 1 still reach bob.
    await set.edit('producer', [outfit('Coat 1')]);
    await set.converge();
    expect(await outfitOn(set, 'bob')).toBe('Coat 1');
  });
});

describe('a snapshot', () => {
  it('proves each field’s winning write: a field changed on the way is left out, the rest of its row merges', async () => {
    const set = await show(['producer', 'mallory']);
    await set.edit('producer', [outfit('Black coat'), { ...outfit('Back by 9'), field: 'notes' }]);
    await set.settle();
    // mallory's real snapshot, with its proofs, one field changed on the way.
    const mallory = set.get('mallory');
    const winners = await mallory.store.winningOps();
    const evidence = { winners, pages: await mallory.store.pagesFor(winners) };
    const [part] = snapshotMessages(await mallory.store.snapshot(), 4, undefined, evidence);
    const row = part!.tables.looks!.find((r) => r.id === 'l-1')!;
    row.outfit = 'Forged coat';
    const counts = { unsigned: 0, 'bad-signature': 0, 'unknown-author': 0 };
    const door = new SignedPages({
      store: new MemoryOpStore(),
      identity: await openIdentity(await createIdentity()),
      showId,
      authority: set.authority,
      enabled: true,
      counts,
      log: () => {},
    });
    const proven = await door.checkSnapshot(part!.tables, part!.proofs);
    expect(proven.tables.looks).toEqual([
      { id: 'l-1', notes: 'Back by 9', _clocks: { notes: row._clocks.notes } },
    ]);
    expect(proven.refused['bad-signature']).toBe(1);
    expect(proven.winners.map((op) => op.value)).toEqual(['Back by 9']);
    // Without proofs nothing of an admitted author's merges.
    const bare = await door.checkSnapshot(part!.tables, undefined);
    expect(bare.tables.looks).toEqual([]);
    expect(counts.unsigned).toBe(2);
  });

  it('passes on by snapshot what it took by snapshot: the proofs travel on', async () => {
    const set = await show(['producer', 'bob', 'carol'], { snapshotThreshold: 2 });
    set.network.partition([['producer', 'bob'], ['carol']]);
    for (let i = 0; i < 5; i++) await set.edit('producer', [outfit(`Coat ${i}`, `l-${i}`)]);
    await set.converge().catch(() => undefined);
    await set.get('bob').store.compact(0);
    // carol meets only bob, which can catch her up by snapshot alone.
    set.network.partition([['producer'], ['bob', 'carol']]);
    set.connect();
    for (let round = 0; round < 6; round++) {
      set.clock.advance(3000);
      for (const replica of set.replicas) replica.engine.exchange();
      await set.settle();
    }
    expect(set.network.counters.byType.snapshot).toBeGreaterThan(0);
    expect((await set.rows('carol')).looks).toEqual((await set.rows('producer')).looks);
    expect(signatures(set, 'carol')).toEqual({
      unsigned: 0,
      'bad-signature': 0,
      'unknown-author': 0,
    });
  });
});

function bobForks(set: ReplicaSet) {
  return set.get('bob').engine.status.guards.forks;
}

describe('a page on its way', () => {
  it('keeps its author’s signature when relayed, and is accepted two hops away, by gossip and by catch-up', async () => {
    // alice and carol never link: everything alice writes reaches carol through bob.
    const chain = await show(['alice', 'bob', 'carol'], {}, [
      ['alice', 'bob'],
      ['bob', 'carol'],
    ]);
    await chain.edit('alice', [outfit('Live coat')]);
    await chain.settle();
    expect(await outfitOn(chain, 'carol')).toBe('Live coat');

    // carol is away for ten edits, then catches up from bob.
    chain.network.partition([['alice', 'bob'], ['carol']]);
    for (let i = 0; i < 10; i++) await chain.edit('alice', [outfit(`Coat ${i}`, `l-${i}`)]);
    await chain.settle();
    chain.network.heal();
    chain.connect('bob', 'carol');
    await chain.settle();
    for (let round = 0; round < 5; round++) {
      chain.clock.advance(3000);
      for (const replica of chain.replicas) replica.engine.exchange();
      await chain.settle();
    }
    expect(await outfitOn(chain, 'carol', 'l-9')).toBe('Coat 9');
    expect(chain.get('carol').engine.status.guards.signatures).toEqual({
      unsigned: 0,
      'bad-signature': 0,
      'unknown-author': 0,
    });
    // carol keeps alice's pages, as signed by alice, to pass them on in turn.
    const written = chain.get('alice').written;
    const pages = await chain.get('carol').store.pagesFor(written);
    const spans = pages.map((page) => [page.from, page.to]).sort((a, b) => a[0]! - b[0]!);
    expect(spans).toEqual(written.map((op) => [op.seq, op.seq]));
  });

  it('is not kept by its author when pushed live, and is signed again when its author serves it by catch-up', async () => {
    const set = await show(['alice', 'bob', 'carol']);
    set.network.partition([['alice', 'bob'], ['carol']]);
    for (let i = 0; i < 3; i++) await set.edit('alice', [outfit(`Coat ${i}`, `l-${i}`)]);
    await set.settle();
    const alice = set.get('alice');
    // Live: out with their signatures and kept by bob; alice stores no second copy.
    expect(await alice.store.pagesFor(alice.written)).toEqual([]);
    expect(await set.get('bob').store.pagesFor(alice.written)).toHaveLength(3);

    // carol comes back linked to alice alone: alice serves her by catch-up, signing on serve.
    set.network.partition([['alice', 'carol'], ['bob']]);
    await set.settle();
    set.connect('alice', 'carol');
    await set.settle();
    for (let round = 0; round < 5; round++) {
      set.clock.advance(3000);
      for (const replica of set.replicas) replica.engine.exchange();
      await set.settle();
    }
    expect(await outfitOn(set, 'carol', 'l-2')).toBe('Coat 2');
    expect(signatures(set, 'carol')).toEqual({
      unsigned: 0,
      'bad-signature': 0,
      'unknown-author': 0,
    });
    expect(await alice.store.pagesFor(alice.written)).not.toEqual([]);
  });

  it('is refused when an op or the signature was changed on the way', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const producer = set.get('producer');
    const real = opOf(producer.site, 1, set.clock.now(), 'Black coat');
    const signed = await signedOps(producer.identity, showId, [real]);
    const tampered: OpsMessage = { ...signed, ops: [{ ...real, value: 'Tampered coat' }] };
    send(set, 'mallory', 'bob', tampered);
    const sig = signed.pages![0]!.sig;
    const badSig: OpsMessage = {
      ...signed,
      pages: [{ ...signed.pages![0]!, sig: `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}` }],
    };
    send(set, 'mallory', 'bob', badSig);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    expect(signatures(set, 'bob')['bad-signature']).toBe(2);
    // The untouched message, relayed by mallory, is the producer's and is accepted.
    send(set, 'mallory', 'bob', signed);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Black coat');
  });

  it('still applies when catch-up cuts it between batches and messages', async () => {
    const set = await show(['alice', 'bob'], { batchSize: 3, messageBudget: 1200 });
    set.network.partition([['alice'], ['bob']]);
    // One write of twelve ops: one page, cut by batches of 3 and small messages.
    await set.edit(
      'alice',
      Array.from({ length: 12 }, (_, i) => outfit(`Coat ${i}`, `l-${i}`)),
    );
    set.network.heal();
    await set.converge();
    expect((await set.rows('bob')).looks).toHaveLength(12);
    expect(set.get('bob').engine.status.guards.signatures['bad-signature']).toBe(0);
    expect(set.get('bob').engine.status.guards.signatures.unsigned).toBe(0);
  });
});

describe('authors the show has not admitted', () => {
  it('are not applied, nor counted as an attack, until they are admitted', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const stranger = await openIdentity(await createIdentity());
    const op = opOf(stranger.site, 1, set.clock.now(), 'Stranger coat');
    const message = await signedOps(stranger, showId, [op]);
    send(set, 'mallory', 'bob', message);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    expect(signatures(set, 'bob')['unknown-author']).toBe(1);
    expect(badMessages(set, 'bob')).toBe(0);

    set.authority.admit(stranger.site, 'producer', stranger.publicKeyInfo);
    send(set, 'mallory', 'bob', message);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Stranger coat');
  });
});

describe('a cloned tablet (two copies signed with one key)', () => {
  it('forks, and every kiosk keeps the copy with the lower hash', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const producer = set.get('producer');
    const now = set.clock.now();
    // The winning copy (lower hash) first: the loser, refused, must not take its page's place.
    const copies = [
      opOf(producer.site, 1, now, 'Copy A'),
      opOf(producer.site, 1, now + 1, 'Copy B'),
    ].sort((a, b) => opHash(a) - opHash(b));
    for (const copy of copies)
      send(set, 'mallory', 'bob', await signedOps(producer.identity, showId, [copy]));
    await set.settle();
    const winner = opHash(copies[0]!) < opHash(copies[1]!) ? copies[0]! : copies[1]!;
    expect(await outfitOn(set, 'bob')).toBe(winner.value);
    expect(bobForks(set)).toHaveLength(1);
    // bob keeps the page of the copy it kept, to relay it signed.
    const kept = await set.get('bob').store.pagesFor([winner]);
    expect(kept.map((page) => hashAt(page, 1))).toEqual([pageHash(winner)]);
  });
});

describe('legacy sites (random ids of kiosks from before identity keys)', () => {
  const legacy = 'chair00001' as SiteId;

  it('are accepted when an admitted producer vouches for their pages', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const op = opOf(legacy, 1, set.clock.now(), 'Legacy coat');
    const producer = set.get('producer');
    send(set, 'mallory', 'bob', await signedOps(producer.identity, showId, [op], producer.site));
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Legacy coat');
  });

  it('are refused when the kiosk that vouches is no producer', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const mallory = set.get('mallory');
    set.authority.admit(mallory.site, 'makeup', mallory.identity.publicKeyInfo);
    const op = opOf(legacy, 1, set.clock.now(), 'Legacy coat');
    send(set, 'mallory', 'bob', await signedOps(mallory.identity, showId, [op], mallory.site));
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    expect(signatures(set, 'bob')['bad-signature']).toBe(1);
  });

  it('are signed by a producer that serves them from its log', async () => {
    const set = await show(['producer', 'bob']);
    set.network.partition([['producer'], ['bob']]);
    const producer = set.get('producer');
    // An op of a legacy kiosk held in the producer's log since before the upgrade.
    await producer.store.storeRemoteOps(
      [opOf(legacy, 1, set.clock.now(), 'Old coat')],
      set.clock.now(),
    );
    set.network.heal();
    await set.reload('producer');
    await set.converge();
    expect(await outfitOn(set, 'bob')).toBe('Old coat');
  });
});
