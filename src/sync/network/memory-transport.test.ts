import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from './memory-transport';
import { runTransportContract } from './transport-contract';
import type { PeerId } from './transport';

runTransportContract('memory', async () => {
  const network = new MemoryNetwork({ delivery: 'auto' });
  const [alice, bob, charlie] = ['alice', 'bob', 'charlie'].map((name) =>
    network.createTransport(name),
  );
  if (!alice || !bob || !charlie) throw new Error('unreachable');
  await Promise.all([alice.start(), bob.start(), charlie.start()]);
  return {
    alice,
    bob,
    charlie,
    teardown: async () => {
      await Promise.all([alice.stop(), bob.stop(), charlie.stop()]);
    },
  };
});

/** Three started transports on a manual network, every pair linked. */
async function linkedTrio(options: ConstructorParameters<typeof MemoryNetwork>[0] = {}) {
  const network = new MemoryNetwork(options);
  const alice = network.createTransport('alice');
  const bob = network.createTransport('bob');
  const charlie = network.createTransport('charlie');
  await Promise.all([alice.start(), bob.start(), charlie.start()]);
  network.dialAll();
  network.flush();
  return { network, alice, bob, charlie };
}

describe('MemoryNetwork', () => {
  it('moves nothing in manual mode until it is stepped', async () => {
    const { network, alice, bob } = await linkedTrio();
    const received: unknown[] = [];
    bob.on('message', (_, message) => received.push(message));
    alice.send(bob.self, { n: 1 });
    expect(received).toEqual([]);
    expect(network.step()).toBe(1);
    expect(received).toEqual([{ n: 1 }]);
  });

  it('closes links across a partition on both sides and lets them be dialled again after healing', async () => {
    const { network, alice, bob, charlie } = await linkedTrio();
    const left: string[] = [];
    for (const t of [alice, bob, charlie])
      t.on('peer-left', (peer) => left.push(`${t.self}-${peer}`));
    network.partition([['alice', 'bob'], ['charlie']]);
    expect(left.sort()).toEqual(['alice-charlie', 'bob-charlie', 'charlie-alice', 'charlie-bob']);
    expect(alice.send(charlie.self, {})).toBe(false);
    charlie.dial(alice.self);
    network.flush();
    expect(charlie.connectedPeers.size).toBe(0);
    network.heal();
    network.dialAll();
    network.flush();
    expect([...charlie.connectedPeers].sort()).toEqual(['alice', 'bob']);
  });

  it('drops, duplicates and delays messages reproducibly under one seed, never reordering a link', async () => {
    const runOnce = async () => {
      const { network, alice, bob } = await linkedTrio({
        seed: 42,
        dropRate: 0.2,
        duplicateRate: 0.2,
        delayRate: 0.3,
      });
      const received: number[] = [];
      bob.on('message', (_, message) => received.push((message as { n: number }).n));
      for (let n = 0; n < 200; n++) alice.send(bob.self, { n });
      network.flush();
      return { received, counters: network.counters };
    };
    const first = await runOnce();
    const second = await runOnce();
    expect(second.received).toEqual(first.received);
    expect(first.counters.dropped).toBeGreaterThan(0);
    expect(first.counters.duplicated).toBeGreaterThan(0);
    const isNonDecreasing = first.received.every(
      (n, i) => i === 0 || n >= (first.received[i - 1] ?? 0),
    );
    expect(isNonDecreasing).toBe(true);
  });

  it('counts messages and their JSON bytes by type', async () => {
    const { network, alice, bob } = await linkedTrio();
    alice.send(bob.self, { type: 'ping', t0: 1 });
    alice.send(bob.self, { type: 'ping', t0: 2 });
    expect(network.counters.messages).toBe(2);
    expect(network.counters.bytes).toBe(2 * JSON.stringify({ type: 'ping', t0: 1 }).length);
    expect(network.counters.byType).toEqual({ ping: 2 });
  });

  it('still delivers what was in flight before a hang-up, then closes', async () => {
    const { network, alice, bob } = await linkedTrio();
    const events: string[] = [];
    bob.on('message', (_, message) => events.push(`message ${(message as { n: number }).n}`));
    bob.on('peer-left', (peer: PeerId) => events.push(`left ${peer}`));
    alice.send(bob.self, { n: 1 });
    alice.hangUp(bob.self);
    network.flush();
    expect(events).toEqual(['message 1', 'left alice']);
  });
});
