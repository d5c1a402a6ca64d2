import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Mesh } from '../network/mesh';
import { MemoryNetwork } from '../network/memory-transport';
import type { PeerId } from '../network/transport';
import { BlockingTransport } from './blocking-transport';

let network: MemoryNetwork;
beforeEach(() => {
  network = new MemoryNetwork();
});

/** alice behind a blocking wrapper, bob bare, linked. */
async function connectedPair() {
  const inner = network.createTransport('alice');
  const alice = new BlockingTransport(inner);
  const bob = network.createTransport('bob');
  const aliceSaw: string[] = [];
  alice.on('peer-joined', (peer) => aliceSaw.push(`joined ${peer}`));
  alice.on('peer-left', (peer) => aliceSaw.push(`left ${peer}`));
  const heard: unknown[] = [];
  alice.on('message', (_, message) => heard.push(message));
  await Promise.all([alice.start(), bob.start()]);
  alice.dial(bob.self);
  network.flush();
  return { alice, bob, aliceSaw, heard };
}

describe('BlockingTransport', () => {
  it('blocks given peers (test hook for partitions) until unblocked', async () => {
    const { alice, bob, aliceSaw } = await connectedPair();
    alice.block([bob.self]);
    network.flush();
    expect(aliceSaw.at(-1)).toBe(`left ${bob.self}`);
    bob.dial(alice.self);
    network.flush();
    expect(alice.connectedPeers.size).toBe(0);
    alice.unblock();
    bob.dial(alice.self);
    network.flush();
    expect(alice.connectedPeers.has(bob.self)).toBe(true);
  });

  it('neither sends to nor hears from a blocked peer', async () => {
    const { alice, bob, heard } = await connectedPair();
    alice.block([bob.self]);
    expect(alice.send(bob.self, { type: 'welcome' })).toBe(false);
    bob.send(alice.self, { type: 'welcome' });
    network.flush();
    expect(heard).toEqual([]);
  });
});

describe('a mesh over a BlockingTransport', () => {
  const id = (name: string) => name as PeerId;
  afterEach(() => vi.useRealTimers());

  it('stops dialling blocked peers until unblocked, then dials them at once', async () => {
    vi.useFakeTimers();
    const inner = network.createTransport('bob');
    const dials: PeerId[] = [];
    const dial = inner.dial.bind(inner);
    inner.dial = (peer) => {
      dials.push(peer);
      dial(peer);
    };
    const bob = new BlockingTransport(inner);
    await bob.start();
    const mesh = new Mesh(bob, {
      backoff: { baseMs: 500, capMs: 10_000, random: () => 1 },
      politeMs: 1500,
    });
    mesh.start();
    mesh.add([id('dora')]);
    bob.block([id('dora')]);
    const before = dials.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(dials.length).toBe(before);
    bob.unblock();
    await vi.advanceTimersByTimeAsync(300);
    expect(dials.length).toBe(before + 1);
    mesh.stop();
  });
});
