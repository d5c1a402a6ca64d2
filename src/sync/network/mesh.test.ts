import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from './emitter';
import { Mesh } from './mesh';
import type { PeerId, Transport, TransportEvents } from './transport';

const id = (name: string) => `bk-show-${name}` as PeerId;

/** A transport that only records dials; links open and close when the test says so. */
class StubTransport implements Transport {
  readonly events = new Emitter<TransportEvents>();
  readonly linked = new Set<PeerId>();
  readonly dials: PeerId[] = [];
  readonly hungUp: PeerId[] = [];
  constructor(readonly self: PeerId) {}
  get connectedPeers(): ReadonlySet<PeerId> {
    return this.linked;
  }
  async start() {}
  async stop() {}
  dial(peer: PeerId) {
    this.dials.push(peer);
  }
  hangUp(peer: PeerId) {
    this.hungUp.push(peer);
    this.leave(peer);
  }
  send() {
    return false;
  }
  async channelBinding() {
    return undefined;
  }
  joined() {}
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]) {
    return this.events.on(event, listener);
  }
  join(peer: PeerId) {
    this.linked.add(peer);
    this.events.emit('peer-joined', peer);
  }
  leave(peer: PeerId) {
    if (this.linked.delete(peer)) this.events.emit('peer-left', peer);
  }
}

let transport: StubTransport;
let mesh: Mesh;
const dialsOf = (peer: PeerId) => transport.dials.filter((p) => p === peer).length;

beforeEach(() => {
  vi.useFakeTimers();
  transport = new StubTransport(id('bob'));
  mesh = new Mesh(transport, {
    backoff: { baseMs: 500, capMs: 10_000, random: () => 1 },
    politeMs: 1500,
    stableMs: 5000,
  });
  mesh.start();
});

afterEach(() => {
  mesh.stop();
  vi.useRealTimers();
});

describe('Mesh', () => {
  it('dials a higher peer at once, and a lower one after a polite pause', async () => {
    mesh.add([id('charlie'), id('alice')]);
    expect(transport.dials).toEqual([id('charlie')]);
    await vi.advanceTimersByTimeAsync(1600);
    expect(dialsOf(id('alice'))).toBeGreaterThan(0);
  });

  it('dials at once a lower peer it was linked to before (a returning kiosk)', () => {
    mesh.add([id('alice')], { isReturning: true });
    expect(transport.dials).toEqual([id('alice')]);
  });

  it('never dials itself, and adds the peers the transport discovers', async () => {
    transport.events.emit('discovered', [id('bob'), id('dora')]);
    expect(transport.dials).toEqual([id('dora')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(new Set(transport.dials)).toEqual(new Set([id('dora')]));
  });

  it('dials a linked peer no more, and again with growing waits while it cannot be reached', async () => {
    mesh.add([id('dora')]);
    await vi.advanceTimersByTimeAsync(20_000);
    // waits of 0.5, 1, 2, 4, 8, then 10 s: six or seven dials in 20 s, not eighty
    expect(dialsOf(id('dora'))).toBeGreaterThanOrEqual(5);
    expect(dialsOf(id('dora'))).toBeLessThanOrEqual(8);
    transport.join(id('dora'));
    const before = dialsOf(id('dora'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(dialsOf(id('dora'))).toBe(before);
  });

  it('re-dials at once a peer lost after a good link', async () => {
    mesh.add([id('dora')]);
    await vi.advanceTimersByTimeAsync(20_000);
    transport.join(id('dora'));
    await vi.advanceTimersByTimeAsync(6000);
    const before = dialsOf(id('dora'));
    transport.leave(id('dora'));
    await vi.advanceTimersByTimeAsync(600);
    expect(dialsOf(id('dora'))).toBe(before + 1);
  });

  it('dials at once every peer without a link when the network comes back, its backoff started over', async () => {
    let networkBack = () => {};
    const meshed = new Mesh(transport, {
      backoff: { baseMs: 500, capMs: 10_000, random: () => 1 },
      networkBack: (listener) => {
        networkBack = listener;
        return () => (networkBack = () => {});
      },
    });
    mesh.stop();
    meshed.start();
    meshed.add([id('carol'), id('dora')]);
    transport.join(id('carol'));
    await vi.advanceTimersByTimeAsync(30_000); // dora's waits are at their 10 s cap
    const before = dialsOf(id('dora'));
    const carolBefore = dialsOf(id('carol'));
    networkBack();
    expect(dialsOf(id('dora'))).toBe(before + 1);
    expect(dialsOf(id('carol'))).toBe(carolBefore); // linked: left alone
    // Started over: the next try after 0.5 s, not 10 s.
    await vi.advanceTimersByTimeAsync(600);
    expect(dialsOf(id('dora'))).toBe(before + 2);
    meshed.stop();
    networkBack();
    expect(dialsOf(id('dora'))).toBe(before + 2);
  });

  it('backs off from a peer that keeps dropping the link at once (a refused handshake)', async () => {
    mesh.add([id('dora')]);
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(100);
      transport.join(id('dora'));
      transport.leave(id('dora'));
    }
    const before = dialsOf(id('dora'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(dialsOf(id('dora'))).toBeLessThanOrEqual(before + 1);
  });
});
