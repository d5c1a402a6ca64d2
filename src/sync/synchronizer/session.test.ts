import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock/clock';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Message } from '../protocol/messages';
import type { PeerId } from '../network/transport';
import { MemoryOpStore } from '../testing/memory-op-store';
import type { Handshake, HandshakeFactory, HandshakeLink, HandshakeMessage } from './handshake';
import { Session, type SessionHost } from './session';

// The session knows its handshake only through the Handshake interface: a different
// one (the PAKE join to come) plugs in without the session changing.

const bob = 'bk-spring26-bob' as PeerId;

/** Alice's side of a link to bob, recording what is sent and reported. */
function aliceLinkedToBob(makeHandshake: HandshakeFactory) {
  const sent: Message[] = [];
  const reports: string[] = [];
  const host: SessionHost = {
    store: new MemoryOpStore(),
    site: 'alice' as SiteId,
    showId: 'spring26' as ShowId,
    key: {} as CryptoKey,
    kiosk: { name: 'Curtain', role: 'curtain' },
    clock: new FakeClock(0),
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

/** A handshake that opens on a welcome and refuses on a denial, remembering what it was handed. */
function stubHandshake(handled: HandshakeMessage['type'][]): HandshakeFactory {
  return (link: HandshakeLink): Handshake => ({
    hello: undefined,
    start: () => link.send({ type: 'welcome' }),
    handle: async (message) => {
      handled.push(message.type);
      if (message.type === 'welcome') link.open();
      if (message.type === 'denied') {
        link.refuse(message.reason, 'the stub said no');
        link.hangUp();
      }
    },
  });
}

describe('a session with its own handshake', () => {
  it('starts by greeting through its handshake', () => {
    const { session, sent } = aliceLinkedToBob(stubHandshake([]));
    session.start();
    expect(sent).toEqual([{ type: 'welcome' }]);
  });

  it('refuses show data until its handshake opens the link', async () => {
    const { session, reports } = aliceLinkedToBob(stubHandshake([]));
    await session.handle({ type: 'versions', versions: {} });
    expect(reports).toEqual(['bad versions: sent before the handshake']);
    expect(session.isOpen).toBe(false);
  });

  it('opens when its handshake says so, and then tells the peer what it holds', async () => {
    const handled: HandshakeMessage['type'][] = [];
    const { session, sent, reports } = aliceLinkedToBob(stubHandshake(handled));
    await session.handle({ type: 'welcome' });
    expect(handled).toEqual(['welcome']);
    expect(session.isOpen).toBe(true);
    expect(reports).toEqual(['opened']);
    expect(sent).toEqual([{ type: 'versions', versions: {}, peers: [] }]);
  });

  it('tells the peer why when its handshake refuses, and hangs up', async () => {
    const { session, sent, reports } = aliceLinkedToBob(stubHandshake([]));
    await session.handle({ type: 'denied', reason: 'other-show' });
    expect(sent).toEqual([{ type: 'denied', reason: 'other-show' }]);
    expect(reports).toEqual(['refused bob: other-show, the stub said no', 'hung up']);
    expect(session.phase).toBe('closed');
  });
});
