import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock/clock';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Message, SealedMessage } from '../protocol/messages';
import { createIdentity, openIdentity, type KioskIdentity } from '../trust/identity';
import { LinkAuth } from '../trust/link-auth';
import type { PeerId } from '../network/transport';
import { MemoryOpStore } from '../testing/memory-op-store';
import type { Handshake, HandshakeFactory, HandshakeLink, HandshakeMessage } from './handshake';
import { Session, type SessionHost } from './session';

// The session knows its handshake only through the Handshake interface (the join of
// handshake.ts in the app; a stub here), and seals everything of the show with the
// link the handshake opened.

const bob = 'bk-spring26-bob' as PeerId;
const sessionKey = new Uint8Array(32).fill(7);
const aliceSite = 'alice' as SiteId;
const bobSite = 'bob' as SiteId;
let identity: KioskIdentity;
beforeAll(async () => {
  identity = await openIdentity(await createIdentity());
});

/** Alice's side of a link to bob, recording what is sent and reported. */
function aliceLinkedToBob(makeHandshake: HandshakeFactory) {
  const sent: Message[] = [];
  const reports: string[] = [];
  const host: SessionHost = {
    store: new MemoryOpStore(),
    site: aliceSite,
    showId: 'spring26' as ShowId,
    identity,
    secret: 'velvet orbit lantern crisp',
    kiosk: { name: 'Curtain', role: 'curtain' },
    clock: new FakeClock(0),
    pagesFor: async () => [],
    settings: {
      batchSize: 100,
      catchUpWindow: 2,
      snapshotThreshold: 1000,
      handshakeTicks: 3,
      messageBudget: 100_000,
      pushTrustMs: 1000,
    },
    transport: {
      send: (_peer, message) => {
        sent.push(message as Message);
        return true;
      },
      hangUp: () => void reports.push('hung up'),
      channelBinding: async () => ({ ours: 'a', theirs: 'b' }),
    },
    ourVersions: () => ({}),
    neighbours: () => [],
    applyOps: async () => {},
    applySnapshot: async () => {},
    snapshotOffered: () => false,
    isSnapshotAsked: () => false,
    opened: () => void reports.push('opened'),
    refusedBy: (_session, reason) => void reports.push(`refused by bob: ${reason}`),
    refused: (_session, reason, detail) => void reports.push(`refused bob: ${reason}, ${detail}`),
    badMessage: (_session, type, reason) => void reports.push(`bad ${type}: ${reason}`),
    changed: () => {},
  };
  return { session: new Session(bob, host, makeHandshake), sent, reports };
}

/** A handshake that opens on a share and refuses on a denial, remembering what it was handed. */
function stubHandshake(handled: HandshakeMessage['type'][]): HandshakeFactory {
  return (link: HandshakeLink): Handshake => ({
    hello: undefined,
    start: () => link.send({ type: 'share', y: 'greeting' }),
    handle: async (message) => {
      handled.push(message.type);
      if (message.type === 'share') link.open(new LinkAuth(sessionKey, aliceSite, bobSite));
      if (message.type === 'denied') {
        link.refuse(message.reason, 'the stub said no');
        link.hangUp();
      }
    },
  });
}

/** Bob's end of the same link: what he seals alice can open, and the reverse. */
const bobsLink = () => new LinkAuth(sessionKey, bobSite, aliceSite);
const sealedByBob = (link: LinkAuth, message: object): SealedMessage => {
  const body = JSON.stringify(message);
  return { type: 'sealed', ...link.seal(body), body };
};

describe('a session with its own handshake', () => {
  it('starts by greeting through its handshake', () => {
    const { session, sent } = aliceLinkedToBob(stubHandshake([]));
    session.start();
    expect(sent).toEqual([{ type: 'share', y: 'greeting' }]);
  });

  it('sends nothing of the show until its handshake opens the link', () => {
    const { session, sent } = aliceLinkedToBob(stubHandshake([]));
    session.send({ type: 'versions', versions: {} });
    expect(sent).toEqual([]);
  });

  it('opens when its handshake says so, and then tells the peer what it holds, sealed', async () => {
    const handled: HandshakeMessage['type'][] = [];
    const { session, sent, reports } = aliceLinkedToBob(stubHandshake(handled));
    await session.handleJoin({ type: 'share', y: 'x' });
    expect(handled).toEqual(['share']);
    expect(session.isOpen).toBe(true);
    expect(reports).toEqual(['opened']);
    const [envelope] = sent as SealedMessage[];
    expect(envelope).toMatchObject({ type: 'sealed', n: 1 });
    expect(bobsLink().open(envelope!.body, envelope!)).toEqual({ ok: true });
    expect(JSON.parse(envelope!.body)).toEqual({ type: 'versions', versions: {}, peers: [] });
  });

  it('holds what the peer sealed before the link opened here, and reads it with the seal after', async () => {
    const { session } = aliceLinkedToBob(stubHandshake([]));
    const link = bobsLink();
    const early = sealedByBob(link, { type: 'versions', versions: {} });
    expect(session.unseal(early)).toEqual({ ok: 'held' });
    await session.handleJoin({ type: 'share', y: 'x' });
    const [held] = session.takeEarly();
    expect(session.unseal(held!)).toEqual({
      ok: true,
      message: { type: 'versions', versions: {} },
    });
  });

  it('refuses a sealed message whose seal was not made on this link', async () => {
    const { session } = aliceLinkedToBob(stubHandshake([]));
    await session.handleJoin({ type: 'share', y: 'x' });
    const forged = sealedByBob(new LinkAuth(new Uint8Array(32), bobSite, aliceSite), {
      type: 'versions',
      versions: {},
    });
    expect(session.unseal(forged)).toMatchObject({ ok: false, refused: 'tampered' });
  });

  it('tells the peer why when its handshake refuses, and hangs up', async () => {
    const { session, sent, reports } = aliceLinkedToBob(stubHandshake([]));
    await session.handleJoin({ type: 'denied', reason: 'other-show' });
    expect(sent).toEqual([{ type: 'denied', reason: 'other-show' }]);
    expect(reports).toEqual(['refused bob: other-show, the stub said no', 'hung up']);
    expect(session.phase).toBe('closed');
  });
});
