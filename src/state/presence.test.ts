import { describe, expect, it } from 'vitest';
import type { SiteId } from '../domain/ids';
import type { RosterEntry } from '../domain/model';
import {
  clockReference,
  lastSeenText,
  presenceList,
  presenceSummary,
  type LivePeer,
} from './presence';

const site = (name: string) => name as SiteId;
const roster: RosterEntry[] = [
  { id: site('alice'), name: 'Producer laptop', role: 'producer', lastSeen: 1000 },
  { id: site('bob'), name: 'Wall', role: 'wall', lastSeen: 50_000 },
  { id: site('carol'), name: 'Chair 3 tablet', role: 'makeup', lastSeen: 20_000 },
];

describe('presenceList', () => {
  it('puts this kiosk first, then those online, and counts what each lacks', () => {
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [
        {
          siteId: site('carol'),
          name: 'Chair 3 tablet',
          role: 'makeup',
          isAuthenticated: true,
          versions: { alice: 8, carol: 4 },
          badMessages: 1,
        },
      ],
      lastKnown: { bob: { alice: 5 } },
      lastLinked: {},
      ours: { alice: 10, carol: 4, bob: 2 },
    });
    expect(list.map((k) => [k.siteId, k.isOnline, k.behind, k.waiting])).toEqual([
      ['alice', true, 0, 0],
      ['carol', true, 4, 2], // lacks alice 9–10 and bob 1–2; 2 of ours are waiting
      ['bob', false, 11, 5], // as last known: alice 6–10, carol 1–4, bob 1–2
    ]);
    expect(list[1]!.badMessages).toBe(1);
  });

  it('says nothing of how far behind a kiosk is that was never linked', () => {
    const [, other] = presenceList({
      self: site('alice'),
      roster: roster.slice(0, 2),
      live: [],
      lastKnown: {},
      lastLinked: {},
      ours: { alice: 3 },
    });
    expect(other).toMatchObject({
      siteId: 'bob',
      isOnline: false,
      behind: null,
      waiting: null,
      lastSeen: 50_000,
    });
  });

  it('lists a linked peer missing from the roster, but not as online before it proves the key', () => {
    const list = presenceList({
      self: site('alice'),
      roster: [],
      live: [
        {
          siteId: site('eve'),
          name: 'Eve',
          role: 'wall',
          isAuthenticated: false,
          versions: {},
          badMessages: 3,
        },
      ],
      lastKnown: {},
      lastLinked: {},
      ours: {},
    });
    expect(list.map((k) => [k.siteId, k.isSelf, k.isOnline])).toEqual([
      ['alice', true, true],
      ['eve', false, false],
    ]);
  });
});

describe('lastSeenText', () => {
  it.each([
    [{ isOnline: true, lastSeen: 0 }, 'Online'],
    [{ isOnline: false, lastSeen: 0 }, 'Never seen'],
    [{ isOnline: false, lastSeen: 100_000 - 40_000 }, 'Last seen 40 s ago'],
    [{ isOnline: false, lastSeen: 100_000 - 3 * 60_000 }, 'Last seen 3 min ago'],
    [{ isOnline: false, lastSeen: 100_000 - 2 * 3_600_000 }, 'Last seen 2 h ago'],
  ])('%o reads %s', (kiosk, text) => {
    expect(lastSeenText(kiosk, 100_000)).toBe(text);
  });
});

describe('presenceSummary', () => {
  it('counts kiosks online and the most changes waiting for one of them', () => {
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [],
      lastKnown: { bob: { alice: 5 }, carol: { alice: 9 } },
      lastLinked: {},
      ours: { alice: 10 },
    });
    expect(presenceSummary(list)).toEqual({ online: 1, total: 3, waiting: 5 });
  });
});

describe('clockReference', () => {
  const peer = (siteId: string, role: LivePeer['role'], isAuthenticated = true): LivePeer => ({
    siteId: site(siteId),
    name: siteId,
    role,
    isAuthenticated,
    versions: {},
    badMessages: 0,
  });

  it('follows a linked producer, the lowest site id of them', () => {
    expect(
      clockReference({ siteId: site('a'), role: 'wall' }, [
        peer('m', 'producer'),
        peer('k', 'producer'),
        peer('b', 'makeup'),
      ]),
    ).toEqual({
      siteId: 'k',
      isSelf: false,
    });
  });

  it('is this kiosk when it is the producer with the lowest id, or the lowest id of all without a producer', () => {
    expect(clockReference({ siteId: site('p'), role: 'producer' }, [peer('a', 'wall')])).toEqual({
      siteId: 'p',
      isSelf: true,
    });
    expect(
      clockReference({ siteId: site('c'), role: 'wall' }, [peer('d', 'wall'), peer('b', 'makeup')]),
    ).toEqual({ siteId: 'b', isSelf: false });
    expect(
      clockReference({ siteId: site('c'), role: 'wall' }, [peer('a', 'makeup', false)]),
    ).toEqual({ siteId: 'c', isSelf: true });
  });
});

describe('clockReference with admissions', () => {
  const peer = (siteId: string, role: LivePeer['role']): LivePeer => ({
    siteId: site(siteId),
    name: siteId,
    role,
    isAuthenticated: true,
    versions: {},
    badMessages: 0,
  });
  const admitted = new Set(['m']);
  const isAdmittedProducer = (s: string) => admitted.has(s);

  it('follows only a kiosk admitted as producer, never one that only claims the role', () => {
    // 'a' says it is a producer (its hello) but no producer admitted it: 'm' is the clock.
    expect(
      clockReference(
        { siteId: site('c'), role: 'wall' },
        [peer('a', 'producer'), peer('m', 'producer')],
        isAdmittedProducer,
      ),
    ).toEqual({ siteId: 'm', isSelf: false });
  });

  it('without an admitted producer linked, takes the lowest site id, not a claimer first', () => {
    expect(
      clockReference(
        { siteId: site('c'), role: 'wall' },
        [peer('d', 'producer'), peer('b', 'makeup')],
        isAdmittedProducer,
      ),
    ).toEqual({ siteId: 'b', isSelf: false });
  });

  it('does not make this kiosk the clock because it claims the producer role itself', () => {
    expect(
      clockReference(
        { siteId: site('a'), role: 'producer' },
        [peer('m', 'producer')],
        isAdmittedProducer,
      ),
    ).toEqual({ siteId: 'm', isSelf: false });
  });
});

describe('forgetting kiosks that left', () => {
  const now = 100 * 3600_000;
  const roster = [
    { id: site('alice'), name: 'Producer', role: 'producer' as const, lastSeen: now },
    { id: site('bob'), name: 'Wall', role: 'wall' as const, lastSeen: now - 10 * 60_000 },
    {
      id: site('carol'),
      name: 'Old tablet',
      role: 'makeup' as const,
      lastSeen: now - 2 * 3600_000,
    },
    { id: site('dave'), name: 'Last week', role: 'makeup' as const, lastSeen: now - 13 * 3600_000 },
  ];
  const list = presenceList({
    now,
    self: site('alice'),
    roster,
    live: [],
    lastKnown: {},
    lastLinked: {},
    ours: {},
  });

  it('drops a kiosk not seen for twelve hours from the roster', () => {
    expect(list.map((k) => k.name)).toEqual(['Producer', 'Old tablet', 'Wall']);
  });

  it('counts only kiosks seen in the last half hour in "N of M online"', () => {
    expect(presenceSummary(list, now)).toMatchObject({ online: 1, total: 2 });
  });
});
