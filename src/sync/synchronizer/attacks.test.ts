import { afterEach, describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import type { Change } from '../../domain/op';
import type { MemoryTransport } from '../network/memory-transport';
import type { PeerId } from '../network/transport';
import type { SealedMessage } from '../protocol/messages';
import { ReplicaSet } from '../testing/replica-set';
import { createIdentity, openIdentity, type KioskIdentity } from '../trust/identity';
import type { BadMessage, PeerRejection } from './engine';

// Attacks on the join and the sealed link, each on the in-memory transport (whose
// links give each end its own id, as DTLS certificates do). Every one of them worked
// against protocol 1; each must now get nothing of the show and change nothing.

const showId = 'spring-26' as ShowId;
const PASSPHRASE = 'velvet orbit lantern crisp';

const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});

let sets: ReplicaSet[] = [];
function replicaSet(options: Partial<ConstructorParameters<typeof ReplicaSet>[0]> = {}) {
  const set = new ReplicaSet({ showId, secret: PASSPHRASE, ...options });
  sets.push(set);
  return set;
}
afterEach(async () => {
  await Promise.all(sets.map((set) => set.destroy()));
  sets = [];
});

const freshIdentity = async () => openIdentity(await createIdentity());

/** Every message `from` sends on the wire, by peer, as the network carries it. */
function recordSends(transport: MemoryTransport): Array<{ to: PeerId; message: unknown }> {
  const sent: Array<{ to: PeerId; message: unknown }> = [];
  const send = transport.send.bind(transport);
  transport.send = (to, message) => {
    sent.push({ to, message: JSON.parse(JSON.stringify(message)) as unknown });
    return send(to, message);
  };
  return sent;
}

const typeOf = (message: unknown) => (message as { type?: string }).type;

describe('a relay between alice and bob', () => {
  it('gets neither of them to open a link, so it reads nothing and injects nothing', async () => {
    const set = replicaSet();
    const [alice, bob] = await set.add('alice', 'bob');
    await set.edit('alice', [outfit('l-1', 'Secret finale gown')]);
    // mallory links to both and passes every message on, untouched, both ways.
    const mallory = set.network.createTransport('mallory');
    await mallory.start();
    const heard: unknown[] = [];
    mallory.on('message', (from, message) => {
      heard.push(message);
      const to = from === alice!.transport.self ? bob! : alice!;
      mallory.send(to.transport.self, message);
    });
    mallory.dial(alice!.transport.self);
    mallory.dial(bob!.transport.self);
    const rejections: PeerRejection[] = [];
    alice!.engine.on('peer-rejected', (rejection) => rejections.push(rejection));
    await set.settle();

    // Each saw the other's genuine hello and share, and still the confirmations failed:
    // alice's join was bound to her link with mallory, bob's to his.
    expect(heard.map(typeOf)).toEqual(expect.arrayContaining(['hello', 'share', 'confirm']));
    expect(rejections.map((r) => r.reason)).toEqual(['wrong-passphrase']);
    expect(alice!.engine.status.authenticatedPeers).toBe(0);
    expect(bob!.engine.status.authenticatedPeers).toBe(0);
    expect(heard.map(typeOf)).not.toContain('sealed');
    expect((await set.rows('bob')).looks).toEqual([]);

    // What mallory sends on its own is refused unread: it holds no link key.
    mallory.dial(bob!.transport.self);
    await set.settle();
    const op = {
      site: alice!.site,
      seq: 2,
      hlc: `001760000000000.000000.${alice!.site}`,
      ...outfit('l-1', 'Injected'),
    };
    mallory.send(bob!.transport.self, { type: 'ops', ops: [op], more: false });
    await set.settle();
    expect((await set.rows('bob')).looks).toEqual([]);
  });
});

describe('a forged site id', () => {
  it("is refused at the hello when the key shown is not the site's", async () => {
    const carol = await freshIdentity();
    const mallory = await freshIdentity();
    // mallory knows the passphrase but claims carol's site id with its own key.
    const set = replicaSet({
      identityOf: (name) =>
        name === 'mallory' ? ({ ...mallory, site: carol.site } as KioskIdentity) : undefined,
    });
    const [alice] = await set.add('alice', 'mallory');
    const rejections: PeerRejection[] = [];
    alice!.engine.on('peer-rejected', (rejection) => rejections.push(rejection));
    await set.edit('mallory', [outfit('l-1', 'Written as carol')]);
    set.connect();
    await set.settle();
    expect(rejections).toEqual([expect.objectContaining({ reason: 'forged-site' })]);
    expect(set.network.counters.byType.sealed ?? 0).toBe(0);
    expect((await set.rows('alice')).looks).toEqual([]);
  });

  it("is refused at the confirmation when the key shown is the site's but the kiosk cannot sign with it", async () => {
    const carol = await freshIdentity();
    const mallory = await freshIdentity();
    // carol's site and public key (both public), mallory's private key.
    const impostor: KioskIdentity = {
      ...mallory,
      site: carol.site,
      publicKeyInfo: carol.publicKeyInfo,
    };
    const set = replicaSet({ identityOf: (name) => (name === 'mallory' ? impostor : undefined) });
    const [alice] = await set.add('alice', 'mallory');
    await set.edit('alice', [outfit('l-1', 'Secret finale gown')]);
    const sent = recordSends(alice!.transport);
    const rejections: PeerRejection[] = [];
    alice!.engine.on('peer-rejected', (rejection) => rejections.push(rejection));
    set.connect();
    await set.settle();
    expect(rejections).toEqual([
      expect.objectContaining({
        reason: 'forged-site',
        message: 'Kiosk "mallory" was refused: it did not sign the join with its key',
      }),
    ]);
    expect(alice!.engine.status.authenticatedPeers).toBe(0);
    // mallory's side opened (alice's signature is genuine); alice sent it nothing sealed.
    expect(sent.map((s) => typeOf(s.message))).not.toContain('sealed');
    expect((await set.rows('mallory')).looks).toEqual([]);
  });
});

describe('a replayed handshake', () => {
  it("gets nowhere: bob's recorded join and messages, played to alice again, open nothing", async () => {
    const set = replicaSet();
    const [alice, bob] = await set.add('alice', 'bob');
    const recorded = recordSends(bob!.transport);
    set.connect();
    await set.settle();
    await set.edit('bob', [outfit('l-1', 'Bob wrote this once')]);
    await set.settle();
    const toAlice = recorded.filter((r) => r.to === alice!.transport.self).map((r) => r.message);
    expect(toAlice.map(typeOf).slice(0, 3)).toEqual(['hello', 'share', 'confirm']);
    expect(toAlice.map(typeOf)).toContain('sealed');

    // alice forgets everything bob sent; mallory replays bob's whole side of the link.
    await alice!.store.destroy();
    const emptied = replicaSet();
    const [fresh] = await emptied.add('alice');
    const mallory = emptied.network.createTransport('mallory');
    await mallory.start();
    mallory.dial(fresh!.transport.self);
    await emptied.settle();
    const bad: BadMessage[] = [];
    fresh!.engine.on('bad-message', (event) => bad.push(event));
    const rejections: PeerRejection[] = [];
    fresh!.engine.on('peer-rejected', (rejection) => rejections.push(rejection));
    for (const message of toAlice) mallory.send(fresh!.transport.self, message);
    await emptied.settle();

    expect(rejections.map((r) => r.reason)).toEqual(['wrong-passphrase']);
    expect(fresh!.engine.status.authenticatedPeers).toBe(0);
    expect((await emptied.rows('alice')).looks).toEqual([]);
  });
});

describe('a wrong passphrase', () => {
  it('gets only the join from a kiosk of the show: no sealed message, nothing of the show', async () => {
    const set = replicaSet({
      secret: (name) => (name === 'mallory' ? 'velvet orbit lantern crisps' : PASSPHRASE),
    });
    const [alice] = await set.add('alice', 'mallory');
    await set.edit('alice', [outfit('l-1', 'Secret finale gown')]);
    const sent = recordSends(alice!.transport);
    set.connect();
    await set.settle();
    for (const replica of set.replicas) replica.engine.exchange();
    await set.settle();
    expect(new Set(sent.map((s) => typeOf(s.message)))).toEqual(
      new Set(['hello', 'share', 'confirm', 'denied']),
    );
    expect(JSON.stringify(sent)).not.toContain('Secret finale gown');
    expect((await set.rows('mallory')).looks).toEqual([]);
  });

  it('makes the peer wait before it may try again, longer after each failure', async () => {
    const set = replicaSet({
      secret: (name) => (name === 'mallory' ? 'velvet orbit lantern crisps' : PASSPHRASE),
    });
    const [alice, mallory] = await set.add('alice', 'mallory');
    const shares = () => set.network.counters.byType.share ?? 0;
    set.connect();
    await set.settle();
    expect(shares()).toBe(2); // one guess

    // Straight back: alice hangs up before any join.
    mallory!.transport.dial(alice!.transport.self);
    await set.settle();
    expect(shares()).toBe(2);
    expect(alice!.transport.connectedPeers.size).toBe(0);

    // A second later, one more guess; after that failure, a second is not enough.
    set.clock.advance(1_001);
    mallory!.transport.dial(alice!.transport.self);
    await set.settle();
    expect(shares()).toBe(4);
    set.clock.advance(1_001);
    mallory!.transport.dial(alice!.transport.self);
    await set.settle();
    expect(shares()).toBe(4);
  });
});

describe('a sealed message changed on the way', () => {
  /** alice and bob joined; `tamper` rewrites what bob's transport puts on the wire to alice. */
  async function joined() {
    const set = replicaSet();
    const [alice, bob] = await set.add('alice', 'bob');
    set.connect();
    await set.settle();
    const bad: BadMessage[] = [];
    alice!.engine.on('bad-message', (event) => bad.push(event));
    const control: { tamper?: (message: SealedMessage) => SealedMessage[] } = {};
    const send = bob!.transport.send.bind(bob!.transport);
    bob!.transport.send = (to, message) => {
      const tamper = control.tamper;
      if (!tamper || typeOf(message) !== 'sealed') return send(to, message);
      control.tamper = undefined;
      return tamper(message as SealedMessage).every((m) => send(to, m));
    };
    return { set, alice: alice!, bob: bob!, bad, control };
  }

  it('is refused when its content was changed, and the link is dropped', async () => {
    const { set, alice, bad, control } = await joined();
    control.tamper = (m) => [{ ...m, body: m.body.replace('Red silk dress', 'Clown suit') }];
    await set.edit('bob', [outfit('l-1', 'Red silk dress')]);
    await set.settle();
    expect(bad.map((b) => b.reason)).toEqual([
      'sealed message from peer bob: its seal does not match its content (changed or forged on the way)',
    ]);
    expect((await set.rows('alice')).looks).toEqual([]);
    expect(alice.transport.connectedPeers.size).toBe(0);
  });

  it('is refused when replayed, and the link is dropped', async () => {
    const { set, alice, bad, control } = await joined();
    control.tamper = (m) => [m, m];
    await set.edit('bob', [outfit('l-1', 'Red silk dress')]);
    await set.settle();
    expect(bad.map((b) => b.reason)).toEqual([
      'sealed message from peer bob: it was already received (replayed)',
    ]);
    expect(alice.transport.connectedPeers.size).toBe(0);
  });

  it('is refused when it comes out of order, and the link is dropped', async () => {
    const { set, alice, bob, bad, control } = await joined();
    let held: SealedMessage | undefined;
    control.tamper = (m) => {
      held = m;
      return [];
    };
    await set.edit('bob', [outfit('l-1', 'First')]);
    await set.edit('bob', [outfit('l-2', 'Second')]);
    bob.transport.send(alice.transport.self, held);
    await set.settle();
    expect(bad.map((b) => b.reason)).toEqual([
      'sealed message from peer bob: it came out of order (a message before it is missing)',
    ]);
    expect((await set.rows('alice')).looks).toEqual([]);
    expect(alice.transport.connectedPeers.size).toBe(0);
  });

  it('leaves the kiosks free to join again and catch up on a new link', async () => {
    const { set, alice, control } = await joined();
    control.tamper = (m) => [{ ...m, n: m.n + 1 }];
    await set.edit('bob', [outfit('l-1', 'Red silk dress')]);
    await set.settle();
    expect(alice.transport.connectedPeers.size).toBe(0);
    await set.converge();
    expect((await set.rows('alice')).looks).toEqual([
      expect.objectContaining({ outfit: 'Red silk dress' }),
    ]);
  });
});
