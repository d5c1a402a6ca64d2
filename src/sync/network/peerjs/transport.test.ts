import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakePeer, FakePeerServer } from '../../testing/fake-peerjs';
import { PeerjsTransport, type PeerjsTransportOptions } from './transport';
import { peerIdFor } from '../../../domain/peer-ids';

const SHOW = 'catwalk1';

let server: FakePeerServer;
const started: PeerjsTransport[] = [];

function kiosk(site: string, options: Partial<PeerjsTransportOptions> = {}): PeerjsTransport {
  const transport = new PeerjsTransport({
    showId: SHOW,
    siteId: site,
    createPeer: server.factory,
    fetch: async () => ({ ok: false, status: 404, json: async () => null }),
    log: () => {},
    backoff: { random: () => 0.5 },
    ...options,
  });
  started.push(transport);
  return transport;
}

/** Everything a transport told its listeners, in order. */
function record(transport: PeerjsTransport) {
  const events: string[] = [];
  const messages: unknown[] = [];
  transport.on('peer-joined', (peer) => events.push(`joined ${peer}`));
  transport.on('peer-left', (peer) => events.push(`left ${peer}`));
  transport.on('message', (_peer, message) => messages.push(message));
  return { events, messages };
}

const settle = (ms = 50) => vi.advanceTimersByTimeAsync(ms);

async function connectedPair() {
  const alice = kiosk('alice');
  const bob = kiosk('bob');
  const aliceSaw = record(alice);
  const bobSaw = record(bob);
  await Promise.all([alice.start(), bob.start(), settle()]);
  alice.dial(bob.self);
  await settle();
  return { alice, bob, aliceSaw, bobSaw };
}

/** A linked pair whose engines joined the link: every message passes, whatever its size. */
async function joinedPair() {
  const pair = await connectedPair();
  pair.alice.joined(pair.bob.self);
  pair.bob.joined(pair.alice.self);
  return pair;
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
  });
  server = new FakePeerServer();
});

afterEach(async () => {
  for (const transport of started.splice(0)) await transport.stop();
  vi.useRealTimers();
});

describe('PeerjsTransport', () => {
  it('links alice and bob when alice dials, and carries messages both ways', async () => {
    const { alice, bob, aliceSaw, bobSaw } = await connectedPair();
    expect([...alice.connectedPeers]).toEqual([bob.self]);
    expect([...bob.connectedPeers]).toEqual([alice.self]);
    expect(alice.send(bob.self, { type: 'hello', n: 1 })).toBe(true);
    expect(bob.send(alice.self, { type: 'hi back' })).toBe(true);
    await settle();
    expect(bobSaw.messages).toEqual([{ type: 'hello', n: 1 }]);
    expect(aliceSaw.messages).toEqual([{ type: 'hi back' }]);
  });

  it('keeps one link, the one dialled by the lower id, when both dial at once', async () => {
    const alice = kiosk('alice');
    const bob = kiosk('bob');
    const aliceSaw = record(alice);
    const bobSaw = record(bob);
    await Promise.all([alice.start(), bob.start(), settle()]);
    alice.dial(bob.self);
    bob.dial(alice.self);
    await settle(200);
    expect([...alice.connectedPeers]).toEqual([bob.self]);
    expect([...bob.connectedPeers]).toEqual([alice.self]);
    const open = (peer: FakePeer) => peer.connections.filter((c) => c.open);
    const alicePeer = server.peers.get(alice.self)!;
    expect(open(alicePeer)).toHaveLength(1);
    // The surviving connection was dialled by alice, the lower id.
    expect(open(alicePeer)[0]!.isDialled).toBe(true);
    expect(aliceSaw.events.at(-1)).toBe(`joined ${bob.self}`);
    expect(bobSaw.events.at(-1)).toBe(`joined ${alice.self}`);
    // Messages still get through on the one link.
    alice.send(bob.self, { n: 1 });
    await settle();
    expect(bobSaw.messages).toEqual([{ n: 1 }]);
  });

  it('sends a message bigger than one PeerJS frame in pieces that arrive whole', async () => {
    const { alice, bob, bobSaw } = await joinedPair();
    const big = {
      type: 'ops',
      ops: Array.from({ length: 800 }, (_, i) => ({
        key: `l-${i}`,
        value: `"quoted" ✂ 👗 line\n${i}`.repeat(3),
      })),
    };
    expect(JSON.stringify(big).length).toBeGreaterThan(60_000);
    expect(alice.send(bob.self, big)).toBe(true);
    await settle();
    expect(bobSaw.messages).toEqual([big]);
    expect(alice.stats.errors['message-too-big']).toBeUndefined();
  });

  it('sends mid-sized messages whole or in pieces by their UTF-8 size, never over the PeerJS cap', async () => {
    const { alice, bob, bobSaw } = await joinedPair();
    const messages = [
      { text: '👗'.repeat(3000) },
      { text: 'é'.repeat(10_000) },
      { text: 'a'.repeat(14_000) },
      { text: '"'.repeat(9000) },
    ];
    for (const message of messages) expect(alice.send(bob.self, message)).toBe(true);
    await settle();
    expect(bobSaw.messages).toEqual(messages);
    expect(alice.stats.errors['message-too-big']).toBeUndefined();
  });

  it('drops a peer that falls silent, within the silence window, on both sides', async () => {
    const { alice, bob, aliceSaw, bobSaw } = await connectedPair();
    await settle(2500);
    expect(alice.connectedPeers.has(bob.self)).toBe(true); // heartbeats keep a quiet link alive
    server.cut(alice.self, bob.self);
    await settle(4200);
    expect(aliceSaw.events).toContain(`left ${bob.self}`);
    expect(bobSaw.events).toContain(`left ${alice.self}`);
    expect(alice.stats.silentDrops).toBe(1);
  });

  it('replaces the link at once when the peer restarted (a reload), without waiting for the heartbeat', async () => {
    const { alice, bob, aliceSaw } = await connectedPair();
    await settle(100); // the "hi" frames carried the sessions
    // Bob's page dies without a word: its connection stays "open" on alice's side.
    server.cut(alice.self, bob.self);
    server.unregister(server.peers.get(bob.self)!);
    const bobAgain = kiosk('bob');
    await Promise.all([bobAgain.start(), settle()]);
    bobAgain.dial(alice.self);
    await settle(100);
    expect(aliceSaw.events).toEqual([
      `joined ${bob.self}`,
      `left ${bob.self}`,
      `joined ${bob.self}`,
    ]);
    expect(bobAgain.connectedPeers.has(alice.self)).toBe(true);
    await bob.stop();
  });

  it('says peer-left on both sides when one hangs up, and on stop', async () => {
    const { alice, bob, aliceSaw, bobSaw } = await connectedPair();
    alice.hangUp(bob.self);
    await settle();
    expect(aliceSaw.events).toEqual([`joined ${bob.self}`, `left ${bob.self}`]);
    expect(bobSaw.events).toEqual([`joined ${alice.self}`, `left ${alice.self}`]);
    expect(alice.send(bob.self, { n: 1 })).toBe(false);
    bob.dial(alice.self);
    await settle();
    await bob.stop();
    expect(bobSaw.events.at(-1)).toBe(`left ${alice.self}`);
  });

  it('refuses a kiosk of another show', async () => {
    const alice = kiosk('alice');
    const stranger = new PeerjsTransport({
      showId: 'othershow',
      siteId: 'eve',
      createPeer: server.factory,
      log: () => {},
    });
    started.push(stranger);
    const aliceSaw = record(alice);
    await Promise.all([alice.start(), stranger.start(), settle()]);
    // Eve dials alice's id directly (the transport itself refuses to dial outside its show).
    server.peers.get(stranger.self)!.connect(alice.self, { metadata: {} });
    await settle(100);
    expect(aliceSaw.events).toEqual([]);
    expect(alice.stats.refused).toBe(1);
  });

  it('drops and counts a frame that is not a transport frame, and passes nothing on', async () => {
    const { alice, bob, aliceSaw } = await connectedPair();
    const bobsEnd = server.peers.get(bob.self)!.connections.find((c) => c.open)!;
    bobsEnd.send({ k: 'zap' });
    bobsEnd.send('plain text');
    bobsEnd.send({ k: 'f', id: 7, i: 3, last: true, s: '{}' });
    await settle();
    expect(aliceSaw.messages).toEqual([]);
    expect(alice.stats.badFrames).toBe(3);
    expect(alice.connectedPeers.has(bob.self)).toBe(true);
  });

  it('reconnects to the PeerServer with backoff once it is back, keeping its links', async () => {
    const { alice, bob, bobSaw } = await connectedPair();
    const statuses: string[] = [];
    alice.onExtra('status', (status) => statuses.push(status));
    server.down();
    await settle(50);
    expect(alice.status).toBe('down');
    expect(alice.connectedPeers.has(bob.self)).toBe(true); // data channels outlive the server
    await settle(3000);
    server.up();
    await settle(10_500);
    expect(alice.status).toBe('up');
    expect(statuses).toContain('connecting');
    expect(alice.stats.signallingReconnects).toBeGreaterThan(0);
    alice.send(bob.self, { still: 'here' });
    await settle();
    expect(bobSaw.messages).toEqual([{ still: 'here' }]);
  });

  it('reconnects to the PeerServer at once when the network comes back, not after its backoff', async () => {
    let networkBack = () => {};
    const alice = kiosk('alice', {
      networkBack: (listener) => {
        networkBack = listener;
        return () => (networkBack = () => {});
      },
    });
    await Promise.all([alice.start(), settle()]);
    server.down();
    // Long enough down for the backoff to reach its cap (10 s between tries).
    await settle(30_000);
    expect(alice.status).toBe('down');
    server.up();
    await settle(100);
    expect(alice.status).not.toBe('up');
    networkBack();
    await settle(100);
    expect(alice.status).toBe('up');
  });

  it('keeps its id while the PeerServer still holds it after a reload, and gets it when free', async () => {
    const alice = kiosk('alice');
    server.heldIds.add(alice.self);
    let isStarted = false;
    void alice.start().then(() => (isStarted = true));
    await settle(5000);
    expect(isStarted).toBe(false);
    expect(server.created).toBeGreaterThan(1); // tried again...
    server.heldIds.delete(alice.self);
    await settle(11_000);
    expect(isStarted).toBe(true);
    expect(server.peers.has(peerIdFor(SHOW, 'alice'))).toBe(true); // ...with the same id
    expect(alice.stats.errors['unavailable-id']).toBeGreaterThan(0);
  });

  it('retries dials queued while the signalling socket was not open yet', async () => {
    const alice = kiosk('alice');
    const bob = kiosk('bob');
    await Promise.all([bob.start(), settle()]);
    void alice.start();
    alice.dial(bob.self); // before alice is registered
    await settle(100);
    expect(alice.connectedPeers.has(bob.self)).toBe(true);
  });

  it('gives up a dial to a kiosk that is not at the PeerServer', async () => {
    const alice = kiosk('alice');
    await Promise.all([alice.start(), settle()]);
    alice.dial(peerIdFor(SHOW, 'nobody'));
    await settle(100);
    expect(alice.stats.errors['peer-unavailable']).toBe(1);
    expect(alice.connectedPeers.size).toBe(0);
  });

  it('discovers the kiosks of its show listed by the PeerServer', async () => {
    const alice = kiosk('alice', {
      discoveryMs: 1000,
      fetch: async () => ({
        ok: true,
        status: 200,
        json: async () => [
          ...server.list(),
          peerIdFor('othershow', 'x'),
          `bk-${SHOW}-carol`, // the show code itself, as ids of the first versions spelled it
          'not-ours',
          42,
        ],
      }),
    });
    const bob = kiosk('bob');
    const found: string[][] = [];
    alice.on('discovered', (peers) => found.push(peers));
    await Promise.all([alice.start(), bob.start(), settle()]);
    await settle(1100);
    expect(alice.isDiscoverySupported).toBe(true);
    expect(found.at(-1)).toEqual([bob.self]);
  });

  it('stops polling a PeerServer that does not list peers', async () => {
    const fetchSpy = vi.fn(async () => ({ ok: false, status: 401, json: async () => null }));
    const alice = kiosk('alice', { discoveryMs: 1000, fetch: fetchSpy });
    const heard: boolean[] = [];
    alice.onExtra('discovery', (isSupported) => heard.push(isSupported));
    await Promise.all([alice.start(), settle()]);
    await settle(30_000);
    expect(alice.isDiscoverySupported).toBe(false);
    expect(heard).toEqual([false]);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("holds a stranger's big message unread until its link is joined, whole frame or pieces alike", async () => {
    const { alice, bob, aliceSaw } = await connectedPair();
    const pieces = { type: 'sealed', body: 'x'.repeat(60_000) };
    const whole = { type: 'sealed', body: 'y'.repeat(10_000) };
    expect(bob.send(alice.self, pieces)).toBe(true);
    expect(bob.send(alice.self, whole)).toBe(true);
    await settle();
    expect(aliceSaw.messages).toEqual([]);
    alice.joined(bob.self);
    expect(aliceSaw.messages).toEqual([pieces, whole]);
  });

  it("takes no clock sample from a peer it has not joined: a stranger cannot move this kiosk's clock", async () => {
    const { alice, bob } = await connectedPair();
    const samples: unknown[] = [];
    alice.onExtra('heartbeat', (peer, sample) => samples.push({ peer, ...sample }));
    await settle(2100);
    expect(samples).toEqual([]);
    alice.joined(bob.self);
    await settle(1100);
    expect(samples.length).toBeGreaterThan(0);
  });

  it('measures heartbeat round trips against the peer clock', async () => {
    const { alice, bob } = await joinedPair();
    const samples: unknown[] = [];
    alice.onExtra('heartbeat', (peer, sample) => samples.push({ peer, ...sample }));
    await settle(1100);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0]).toMatchObject({ peer: bob.self });
    const [sample] = samples as Array<{ t0: number; t2: number }>;
    expect(sample!.t2 - sample!.t0).toBeGreaterThanOrEqual(0);
  });
});
