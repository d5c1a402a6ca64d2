import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNJOINED_HELD_CHARS, UNJOINED_MESSAGE_CHARS } from './join-gate';
import type { PeerId, Transport, TransportEvents } from './transport';

// The behaviour every transport owes the sync engine, as one suite that each
// transport runs against itself (memory in unit tests, PeerJS in a browser).
// Browser-safe: no Node APIs; waits for conditions, never for a fixed time.

export interface TransportTrio {
  /** Started transports on one network, not yet linked. */
  alice: Transport;
  bob: Transport;
  charlie?: Transport;
  teardown(): Promise<void>;
}

const WAIT_MS = 10_000;

/** Resolve as soon as `condition` holds (checked on a short poll), or fail after `timeoutMs`. */
function waitFor(what: string, condition: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (condition()) return resolve();
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`Timed out waiting for ${what}`));
      setTimeout(check, 5);
    };
    check();
  });
}

interface Recorder {
  joined: PeerId[];
  left: PeerId[];
  messages: Array<{ from: PeerId; message: unknown }>;
  refused: PeerId[];
  stop(): void;
}

function record(transport: Transport): Recorder {
  const recorder: Recorder = { joined: [], left: [], messages: [], refused: [], stop: () => {} };
  const offs = [
    transport.on('peer-joined', (peer) => recorder.joined.push(peer)),
    transport.on('peer-left', (peer) => recorder.left.push(peer)),
    transport.on('message', ((from, message) =>
      recorder.messages.push({ from, message })) as TransportEvents['message']),
    transport.on('refused', (peer) => recorder.refused.push(peer)),
  ];
  recorder.stop = () => offs.forEach((off) => off());
  return recorder;
}

/** A message round trip: once it is back, everything sent before it has arrived too. */
async function roundTrip(from: Transport, to: Transport, fromLog: Recorder): Promise<void> {
  const token = `barrier-${Math.random()}`;
  const echo = to.on('message', (peer, message) => {
    if (peer === from.self && (message as { barrier?: string }).barrier === token)
      to.send(from.self, { echo: token });
  });
  from.send(to.self, { barrier: token });
  await waitFor('a round trip', () =>
    fromLog.messages.some((m) => (m.message as { echo?: string }).echo === token),
  );
  echo();
}

export function runTransportContract(name: string, setup: () => Promise<TransportTrio>): void {
  describe(`${name} transport contract`, () => {
    let trio: TransportTrio;
    let alice: Transport;
    let bob: Transport;
    let aliceLog: Recorder;
    let bobLog: Recorder;

    const linkAliceAndBob = async () => {
      alice.dial(bob.self);
      await waitFor(
        'alice and bob to be linked',
        () => aliceLog.joined.length > 0 && bobLog.joined.length > 0,
      );
    };

    beforeEach(async () => {
      trio = await setup();
      ({ alice, bob } = trio);
      aliceLog = record(alice);
      bobLog = record(bob);
    });

    afterEach(async () => {
      aliceLog.stop();
      bobLog.stop();
      await trio.teardown();
    });

    it('emits peer-joined once on each side when alice dials bob', async () => {
      await linkAliceAndBob();
      await roundTrip(alice, bob, aliceLog);
      await roundTrip(bob, alice, bobLog);
      expect(aliceLog.joined).toEqual([bob.self]);
      expect(bobLog.joined).toEqual([alice.self]);
      expect([...alice.connectedPeers]).toEqual([bob.self]);
      expect([...bob.connectedPeers]).toEqual([alice.self]);
    });

    it('delivers messages in order and intact, however big or unusual, once the link is joined', async () => {
      await linkAliceAndBob();
      alice.joined(bob.self);
      bob.joined(alice.self);
      const big = 'x'.repeat(200 * 1024);
      const sent: unknown[] = [
        {
          seq: 0,
          nested: {
            list: [1, 'two', { three: [null, true, false] }],
            deep: { a: { b: { c: 1.5 } } },
          },
        },
        { seq: 1, text: 'Zoë’s look — 👗✂️ 日本語 «ok»', empty: '', zero: 0, negative: -12.25 },
        { seq: 2, big },
        ...Array.from({ length: 50 }, (_, i) => ({ seq: 3 + i })),
      ];
      for (const message of sent) expect(alice.send(bob.self, message)).toBe(true);
      await waitFor('every message to reach bob', () => bobLog.messages.length >= sent.length);
      expect(bobLog.messages.map((m) => m.from)).toEqual(sent.map(() => alice.self));
      expect(bobLog.messages.map((m) => m.message)).toEqual(sent);
    });

    // Only toBe and toEqual: the suite also runs in a browser on a small expect (tests/support).
    it('binds a link to its two ends: each side sees the same pair, swapped, and another link other ends', async () => {
      expect(await alice.channelBinding(bob.self)).toBe(undefined);
      await linkAliceAndBob();
      const seenByAlice = await alice.channelBinding(bob.self);
      const seenByBob = await bob.channelBinding(alice.self);
      const isEnd = (end: string | undefined) => typeof end === 'string' && end.length > 0;
      expect(isEnd(seenByAlice?.ours) && isEnd(seenByAlice?.theirs)).toBe(true);
      expect(seenByAlice?.ours === seenByAlice?.theirs).toBe(false);
      expect(seenByBob).toEqual({ ours: seenByAlice?.theirs, theirs: seenByAlice?.ours });
      const { charlie } = trio;
      if (!charlie) return;
      const charlieLog = record(charlie);
      alice.dial(charlie.self);
      await waitFor('alice and charlie to be linked', () => charlieLog.joined.length > 0);
      const toCharlie = await alice.channelBinding(charlie.self);
      expect(isEnd(toCharlie?.theirs) && toCharlie?.theirs !== seenByAlice?.theirs).toBe(true);
      charlieLog.stop();
    });

    it('passes on the small messages of a join from a link not joined yet', async () => {
      await linkAliceAndBob();
      const hello = { type: 'hello', pad: 'x'.repeat(UNJOINED_MESSAGE_CHARS - 100) };
      expect(bob.send(alice.self, hello)).toBe(true);
      await waitFor('the hello to reach alice', () => aliceLog.messages.length > 0);
      expect(aliceLog.messages).toEqual([{ from: bob.self, message: hello }]);
    });

    it('holds a big message from a link not joined yet unread, and passes it on, in order, once alice joins it', async () => {
      await linkAliceAndBob();
      const early = { seq: 0 };
      const big = { seq: 1, versions: 'v'.repeat(100 * 1024) };
      const after = { seq: 2 };
      for (const message of [early, big, after]) expect(bob.send(alice.self, message)).toBe(true);
      await waitFor('the small one to reach alice', () => aliceLog.messages.length > 0);
      alice.joined(bob.self);
      await waitFor('every message to reach alice', () => aliceLog.messages.length >= 3);
      expect(aliceLog.messages.map((m) => m.message)).toEqual([early, big, after]);
      expect(aliceLog.refused).toEqual([]);
    });

    it('lets go unread, reports and hangs up a stranger that sends megabytes before the join', async () => {
      await linkAliceAndBob();
      const chunk = 'x'.repeat(600 * 1024);
      const count = Math.ceil(UNJOINED_HELD_CHARS / chunk.length) + 1;
      for (let i = 0; i < count; i++) bob.send(alice.self, { i, chunk });
      await waitFor('alice to refuse bob', () => aliceLog.refused.length > 0);
      await waitFor('the link to go', () => bobLog.left.length > 0 && aliceLog.left.length > 0);
      expect(aliceLog.refused).toEqual([bob.self]);
      expect(aliceLog.messages).toEqual([]);
      // Joining now changes nothing: what was held is gone with the link.
      alice.joined(bob.self);
      expect(aliceLog.messages).toEqual([]);
    });

    it('starts a link that comes back unjoined, whatever the last one was', async () => {
      await linkAliceAndBob();
      alice.joined(bob.self);
      alice.hangUp(bob.self);
      await waitFor('the link to go', () => bobLog.left.length > 0 && aliceLog.left.length > 0);
      bob.dial(alice.self);
      await waitFor('the link to come back', () => aliceLog.joined.length > 1);
      const chunk = 'x'.repeat(600 * 1024);
      for (let i = 0; i * chunk.length <= UNJOINED_HELD_CHARS; i++) bob.send(alice.self, { chunk });
      await waitFor('alice to refuse bob', () => aliceLog.refused.length > 0);
      expect(aliceLog.messages).toEqual([]);
    });

    it('refuses to send to a peer it has no link to', async () => {
      expect(alice.send(bob.self, { hello: true })).toBe(false);
      expect(alice.send('nobody-at-all' as PeerId, { hello: true })).toBe(false);
    });

    it('emits peer-left on both sides when alice hangs up', async () => {
      await linkAliceAndBob();
      alice.hangUp(bob.self);
      await waitFor(
        'both sides to see the link go',
        () => aliceLog.left.length > 0 && bobLog.left.length > 0,
      );
      expect(aliceLog.left).toEqual([bob.self]);
      expect(bobLog.left).toEqual([alice.self]);
      expect(alice.connectedPeers.size).toBe(0);
      expect(bob.connectedPeers.size).toBe(0);
      expect(alice.send(bob.self, { after: 'hang-up' })).toBe(false);
    });

    it('closes every link when alice stops', async () => {
      const { charlie } = trio;
      const charlieLog = charlie ? record(charlie) : undefined;
      await linkAliceAndBob();
      if (charlie && charlieLog) {
        alice.dial(charlie.self);
        await waitFor('alice and charlie to be linked', () => charlieLog.joined.length > 0);
      }
      await alice.stop();
      await waitFor('bob to see alice go', () => bobLog.left.includes(alice.self));
      if (charlieLog)
        await waitFor('charlie to see alice go', () => charlieLog.left.includes(alice.self));
      expect(alice.connectedPeers.size).toBe(0);
      charlieLog?.stop();
    });

    it('ends with one link when alice and bob dial each other at the same time', async () => {
      alice.dial(bob.self);
      bob.dial(alice.self);
      await waitFor(
        'alice and bob to be linked',
        () => aliceLog.joined.length > 0 && bobLog.joined.length > 0,
      );
      // A second link would show up as a second peer-joined or break the round trips.
      await roundTrip(alice, bob, aliceLog);
      await roundTrip(bob, alice, bobLog);
      expect(aliceLog.joined).toEqual([bob.self]);
      expect(bobLog.joined).toEqual([alice.self]);
      expect(aliceLog.left).toEqual([]);
      expect(bobLog.left).toEqual([]);
      expect(alice.connectedPeers.size).toBe(1);
      expect(bob.connectedPeers.size).toBe(1);
    });
  });
}
