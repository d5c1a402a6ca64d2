import type { ShowMessage } from '../protocol/messages';
import { describe, expect, it } from 'vitest';
import { MAX_AHEAD_MS } from '../../domain/clock-guard';
import { encodeHlc, MAX_HLC_COUNTER, decodeHlc } from '../../domain/hlc';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';
import { MAX_OPS_PER_MESSAGE, parseMessage } from '../protocol/messages';
import type { ReplicaSet } from '../testing/replica-set';
import { outfit, replicaSets } from '../testing/replica-sets';
import { NEW_SITES_BURST } from './site-budget';
import type { SyncEngineOptions } from './engine';
import { opHash } from './forks';

// Attacks on what a kiosk accepts once a message is parsed, each one that worked
// before the guards: a clock far ahead, a counter at the top, forged bookkeeping
// (snapshot floors, forks, fake sites) and a flood. "mallory" is a kiosk admitted to
// the show (it passed the handshake) that sends whatever it likes.

const showId = 'guards-26' as ShowId;
const secret = 'velvet curtain rehearsal lantern orbit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const show = replicaSets(showId, secret);

/** What a kiosk shows in a look's outfit field. */
async function outfitOn(set: ReplicaSet, name: string, look = 'l-1'): Promise<unknown> {
  return (await set.rows(name)).looks.find((row) => row.id === look)?.outfit;
}

/** mallory sends a raw message to `to`, as if its own engine wrote it. */
function fromMallory(set: ReplicaSet, to: string, message: unknown): void {
  set.get('mallory').engine.sendTo(set.get(to).transport.self, message as ShowMessage);
}

/**
 * These guards stand behind the signature check at the door (signed-pages.test.ts tests
 * it). Where mallory's made-up ops must reach them, as a cloned tablet's or a wrong
 * clock's signed ops would, the kiosks leave signatures out.
 */
const BEHIND_THE_DOOR: SyncEngineOptions = { signedPages: false };

const opOf = (site: string, seq: number, wall: number, value: string, counter = 0): Op => ({
  site: site as SiteId,
  seq,
  hlc: encodeHlc(wall, counter, site as SiteId),
  table: 'looks',
  key: 'l-1',
  field: 'outfit',
  value,
});

describe('a clock far in the future', () => {
  it('is held back, so the producer fixes the field now; the held op lands when the show reaches its time, and a later fix still wins', async () => {
    const set = await show(['producer', 'carol', 'bob']);
    const now = set.clock.now();
    // carol's tablet believes it is two hours later than the show.
    const carol = set.get('carol');
    const wrong = await carol.store.write(
      carol.site,
      [outfit('Red coat (wrong clock)')],
      now + 2 * HOUR,
    );
    carol.engine.pushLocal(wrong);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    const [author] = set.get('bob').engine.status.guards.wrongClocks;
    expect(author).toMatchObject({ site: carol.site, held: 1 });
    expect(author!.aheadMs).toBeGreaterThan(HOUR);
    // Held ops do not count as held in bob's versions: catch-up does not skip them.
    expect((await set.get('bob').store.versions())[carol.site] ?? 0).toBe(0);

    set.clock.advance(MINUTE);
    await set.edit('producer', [outfit('Black coat')]);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Black coat');

    // Two hours on (less the guard's allowance), carol's op is due and applied everywhere.
    set.clock.advance(2 * HOUR - MAX_AHEAD_MS);
    for (const replica of set.replicas) replica.engine.exchange();
    await set.converge();
    expect(await outfitOn(set, 'bob')).toBe('Red coat (wrong clock)');
    expect(set.get('bob').engine.status.guards.wrongClocks).toEqual([]);

    // Clocks agree again: the producer's next fix wins, as the later tap should.
    set.clock.advance(MAX_AHEAD_MS + MINUTE);
    await set.edit('producer', [outfit('Black coat, final')]);
    await set.converge();
    for (const name of ['producer', 'carol', 'bob'])
      expect(await outfitOn(set, name)).toBe('Black coat, final');
  });

  it('sets one timer for when the first held op is due, and applies it when it fires', async () => {
    const timeouts: Array<{ run: () => void; ms: number }> = [];
    const set = await show(['producer', 'carol'], {
      timers: {
        setInterval: () => 0,
        clearInterval: () => {},
        setTimeout: (run, ms) => timeouts.push({ run, ms }),
      },
    });
    const carol = set.get('carol');
    const now = set.clock.now();
    const ahead = await carol.store.write(
      carol.site,
      [outfit('Due in thirty seconds')],
      now + MAX_AHEAD_MS + 30_000,
    );
    carol.engine.pushLocal(ahead);
    await set.settle();
    expect(timeouts.map((timeout) => timeout.ms)).toEqual([30_000]);
    expect(await outfitOn(set, 'producer')).toBeUndefined();

    set.clock.advance(30_000);
    timeouts[0]!.run();
    await set.settle();
    expect(await outfitOn(set, 'producer')).toBe('Due in thirty seconds');
    expect(await set.get('producer').store.versions()).toMatchObject({ [carol.site]: 1 });
  });

  it('does not drag a kiosk’s own clock: a peer a day ahead leaves its next stamps on show time', async () => {
    const set = await show(['producer', 'carol']);
    const now = set.clock.now();
    const carol = set.get('carol');
    carol.engine.pushLocal(
      await carol.store.write(carol.site, [outfit('Tomorrow')], now + 24 * HOUR),
    );
    await set.settle();
    const [mine] = await set.edit('producer', [outfit('Today', 'l-2')]);
    expect(decodeHlc(mine!.hlc).wall).toBe(now);
  });
});

describe('a clock counter at the top of its six digits', () => {
  it('carries into the wall time, so the next stamp is accepted by every peer and sorts later', async () => {
    const set = await show(['producer', 'mallory'], BEHIND_THE_DOOR);
    const now = set.clock.now();
    // A burst of writes left mallory's counter at 999999 within one millisecond.
    const top = opOf(set.get('mallory').site, 1, now, 'Top of the counter', MAX_HLC_COUNTER);
    fromMallory(set, 'producer', { type: 'ops', ops: [top], more: false });
    await set.settle();
    expect(await outfitOn(set, 'producer')).toBe('Top of the counter');

    const [next] = await set.edit('producer', [outfit('After the top')]);
    expect(decodeHlc(next!.hlc).wall).toBe(now + 1);
    expect(parseMessage({ type: 'ops', ops: [next], more: false }).ok).toBe(true);
    await set.converge();
    expect(await outfitOn(set, 'mallory')).toBe('After the top');
    expect(set.get('mallory').engine.status.peers[0]?.badMessages).toBe(0);
  });
});

describe('forged bookkeeping', () => {
  it('refuses a snapshot nobody asked for: a floor of MAX_SAFE_INTEGER does not silence the producer', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    fromMallory(set, 'bob', {
      type: 'snapshot',
      id: 1,
      part: 0,
      last: true,
      tables: {
        looks: [
          {
            id: 'l-1',
            outfit: 'Forged',
            _clocks: { outfit: encodeHlc(set.clock.now(), 0, set.get('mallory').site) },
          },
        ],
      },
      versions: { [set.get('producer').site]: Number.MAX_SAFE_INTEGER },
    });
    await set.settle();
    const bob = set.get('bob');
    expect(await outfitOn(set, 'bob')).toBeUndefined();
    expect(bob.engine.status.guards.refused.unaskedSnapshots).toBe(1);
    expect(bob.engine.status.peers.find((p) => p.peerId === 'mallory')?.badMessages).toBe(1);

    await set.edit('producer', [outfit('The real coat')]);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('The real coat');
    expect(await bob.store.versions()).toMatchObject({ [set.get('producer').site]: 1 });
  });

  it('moves a floor no further than the head op sent with an asked-for snapshot', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    await set.edit('producer', [outfit('Coat 1')]);
    await set.settle();
    // mallory offers, bob asks, and mallory answers with a floor no op of the producer's shows.
    fromMallory(set, 'bob', { type: 'snapshot-offer', id: 7 });
    await set.settle();
    fromMallory(set, 'bob', {
      type: 'snapshot',
      id: 7,
      part: 0,
      last: true,
      tables: {},
      versions: {
        [set.get('producer').site]: Number.MAX_SAFE_INTEGER,
        [set.get('mallory').site]: 3,
      },
    });
    await set.settle();
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('producer').site]: 1 });

    await set.edit('producer', [outfit('Coat 2')]);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Coat 2');
  });

  it('catches a kiosk up by snapshot when the log it needs was compacted, floors backed by heads', async () => {
    const set = await show(['producer']);
    for (let i = 0; i < 20; i++) await set.edit('producer', [outfit(`Coat ${i}`, `l-${i}`)]);
    await set.get('producer').store.compact(1);
    await set.add('bob');
    await set.converge();
    expect(set.network.counters.byType['snapshot-ask']).toBe(1);
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('producer').site]: 20 });
    expect(await set.rows('bob')).toEqual(await set.rows('producer'));
    // bob can pass the show on by snapshot in turn: it holds the head it was sent.
    await set.get('bob').store.compact(1);
    await set.add('carol');
    set.network.partition([['bob', 'carol'], ['producer']]);
    await set.converge().catch(() => undefined);
    expect(await set.get('carol').store.versions()).toEqual({ [set.get('producer').site]: 20 });
  });

  it('catches a kiosk up by snapshot when a live edit reached it first and waits above the gap', async () => {
    const set = await show(['producer']);
    for (let i = 0; i < 20; i++) await set.edit('producer', [outfit(`Coat ${i}`, `l-${i}`)]);
    await set.get('producer').store.compact(1);
    await set.add('bob');
    set.connect();
    // The producer edits as soon as bob's link opens, before its snapshot offer: the
    // edit is parked on bob (nothing below it is there), then comes again as the head
    // that backs the snapshot's floor.
    const isOpen = () => set.get('producer').engine.status.authenticatedPeers > 0;
    for (let round = 0; round < 10 && !isOpen(); round++) {
      await Promise.all(set.replicas.map((r) => r.engine.idle()));
      set.network.step();
    }
    expect(isOpen()).toBe(true);
    await set.edit('producer', [outfit('Coat 20', 'l-20')]);
    await set.converge();
    expect(await set.get('bob').store.versions()).toEqual({ [set.get('producer').site]: 21 });
    expect(await set.rows('bob')).toEqual(await set.rows('producer'));
  });

  it.each([
    ['Copy A', 'Copy B'],
    ['Copy B', 'Copy A'],
  ])(
    'makes two copies of one site and seq (a cloned tablet: %s, %s) converge on the lower hash everywhere, and reports it',
    async (a, b) => {
      const set = await show(['producer', 'bob', 'carol', 'mallory', 'trudy'], BEHIND_THE_DOOR);
      set.authority.admit(
        'chair3' as SiteId,
        'producer',
        set.get('mallory').identity.publicKeyInfo,
      );
      const now = set.clock.now();
      // A tablet cloned from another's disk image: both copies write seq 1 as "chair3",
      // each on its side of the venue (mallory and trudy hand them on).
      const first = opOf('chair3', 1, now, a);
      const second = opOf('chair3', 1, now + 1, b);
      set.network.partition([
        ['producer', 'mallory'],
        ['bob', 'carol', 'trudy'],
      ]);
      fromMallory(set, 'producer', { type: 'ops', ops: [first], more: false });
      set.get('trudy').engine.sendTo(set.get('bob').transport.self, {
        type: 'ops',
        ops: [second],
        more: false,
      });
      await set.settle();
      set.network.heal();
      await set.converge();
      const winner = opHash(first) < opHash(second) ? first : second;
      for (const name of ['producer', 'bob', 'carol']) {
        expect(await outfitOn(set, name)).toBe(winner.value);
        expect(await set.rows(name)).toEqual(await set.rows('producer'));
        const since = await set.get(name).store.opsSince({}, 100);
        expect(since.kind === 'ops' && since.ops.find((op) => op.site === 'chair3')).toEqual(
          winner,
        );
      }
      const reports = set.replicas.flatMap((replica) => replica.engine.status.guards.forks);
      expect(reports.length).toBeGreaterThan(0);
      expect(reports[0]).toMatchObject({ site: 'chair3', seq: 1, winner: opHash(winner) });
    },
  );

  it('keeps both copies of a forked op above a gap waiting: the winner is not applied on one kiosk alone', async () => {
    const set = await show(['producer', 'bob', 'mallory'], BEHIND_THE_DOOR);
    const now = set.clock.now();
    // Two copies of "ghost" seq 3, whose seqs 1 and 2 never come. Whichever wins, it
    // waits above the gap like the first; stored at once, it would show on the producer's
    // screens only, and catch-up would never carry it to bob.
    // The winning copy comes second, so it is the one that replaces.
    const copies = [opOf('ghost', 3, now, 'Ghost A'), opOf('ghost', 3, now + 1, 'Ghost B')].sort(
      (a, b) => opHash(b) - opHash(a),
    );
    for (const op of copies) fromMallory(set, 'producer', { type: 'ops', ops: [op], more: false });
    await set.settle();
    await set.edit('producer', [outfit('Real coat', 'l-2')]);
    await set.converge();
    expect(await outfitOn(set, 'producer')).toBeUndefined();
    expect(await set.rows('bob')).toEqual(await set.rows('producer'));
    expect(set.get('producer').engine.status.guards.forks).toHaveLength(1);
  });

  it('bounds the new sites a peer brings: 10,001 one-op fake sites leave versions messages valid', async () => {
    const set = await show(['producer', 'bob', 'mallory'], BEHIND_THE_DOOR);
    const now = set.clock.now();
    const fakes = Array.from({ length: 10_001 }, (_, i) => opOf(`fake-${i}`, 1, now, `Fake ${i}`));
    for (let i = 0; i < fakes.length; i += MAX_OPS_PER_MESSAGE)
      fromMallory(set, 'bob', {
        type: 'ops',
        ops: fakes.slice(i, i + MAX_OPS_PER_MESSAGE),
        more: false,
      });
    await set.settle();
    const bob = set.get('bob');
    const known = Object.keys(await bob.store.versions());
    expect(known.length).toBeLessThanOrEqual(NEW_SITES_BURST + 3);
    expect(bob.engine.status.guards.refused['too-many-sites']).toBeGreaterThan(9_000);

    // Twenty minutes later mallory may bring one more burst, no more.
    set.clock.advance(20 * MINUTE);
    for (let i = 0; i < fakes.length; i += MAX_OPS_PER_MESSAGE)
      fromMallory(set, 'bob', {
        type: 'ops',
        ops: fakes.slice(i, i + MAX_OPS_PER_MESSAGE),
        more: false,
      });
    await set.settle();
    expect(Object.keys(await bob.store.versions()).length).toBeLessThanOrEqual(
      2 * NEW_SITES_BURST + 3,
    );

    // bob's versions messages are still valid everywhere: the producer's edits still flow both ways.
    bob.engine.exchange();
    await set.settle();
    expect(
      set.get('producer').engine.status.peers.find((p) => p.peerId === 'bob')?.badMessages,
    ).toBe(0);
    await set.edit('producer', [outfit('Still syncing', 'l-real')]);
    await set.settle();
    expect(await outfitOn(set, 'bob', 'l-real')).toBe('Still syncing');
  });
});

describe('a message flood', () => {
  it('reads a peer’s messages only within its budget, drops the peer for a while, and names it with the reason', async () => {
    const set = await show(['producer', 'bob', 'mallory']);
    const bob = set.get('bob');
    for (let i = 0; i < 5_000; i++)
      fromMallory(set, 'bob', { type: 'versions', versions: { mallory: i } });
    await set.settle();
    expect(bob.transport.connectedPeers.has(set.get('mallory').transport.self)).toBe(false);
    const [dropped] = bob.engine.status.guards.dropped;
    expect(dropped).toMatchObject({
      peer: 'mallory',
      siteId: set.get('mallory').site,
      name: 'mallory',
    });
    expect(dropped!.reason).toContain('flood');

    // It cannot link again until the back-off ends; then it may.
    set.connect('mallory', 'bob');
    await set.settle();
    expect(bob.engine.status.peers.some((p) => p.peerId === 'mallory')).toBe(false);
    set.clock.advance(31_000);
    set.connect('mallory', 'bob');
    await set.settle();
    expect(bob.engine.status.peers.find((p) => p.peerId === 'mallory')?.authenticated).toBe(true);
    expect(bob.engine.status.guards.dropped).toEqual([]);

    // The producer's link with bob never noticed.
    await set.edit('producer', [outfit('Undisturbed')]);
    await set.settle();
    expect(await outfitOn(set, 'bob')).toBe('Undisturbed');
  });

  it('drops a peer that keeps sending malformed ops, with the reason', async () => {
    const set = await show(['producer', 'mallory']);
    for (let i = 0; i < 25; i++)
      fromMallory(set, 'producer', {
        type: 'ops',
        ops: [{ site: 'mallory', seq: i }],
        more: false,
      });
    await set.settle();
    const [dropped] = set.get('producer').engine.status.guards.dropped;
    expect(dropped?.reason).toMatch(/^ops batch from peer mallory: op 0: /);
  });
});
