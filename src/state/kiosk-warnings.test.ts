import { describe, expect, it } from 'vitest';
import type { ShowId, SiteId } from '../domain/ids';
import { peerIdFor } from '../domain/peer-ids';
import type { RosterEntry } from '../domain/model';
import type { PeerId } from '../sync/network/transport';
import { noGuardStatus } from '../sync/synchronizer/guards';
import { kioskWarnings } from './guard-warnings';
import { clockAheadText, droppedText, spanText } from './kiosk-warnings';
import { kioskRows, presenceList } from './presence';

const site = (name: string) => name as SiteId;
const showId = 'spring26' as ShowId;
const HOUR = 3_600_000;
const roster: RosterEntry[] = [
  { id: site('alice'), name: 'Producer laptop', role: 'producer', lastSeen: 1000 },
  { id: site('carol'), name: 'Chair 3 tablet', role: 'makeup', lastSeen: 1000 },
];

describe('kiosk warnings in the kiosks panel', () => {
  it('names a kiosk whose clock is ahead, how far, and how many of its changes wait', () => {
    const guards = noGuardStatus();
    guards.wrongClocks = [{ site: site('carol'), aheadMs: 2 * HOUR + 5 * 60_000, held: 14 }];
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [],
      lastKnown: {},
      lastLinked: {},
      ours: {},
      warnings: kioskWarnings(guards, showId),
    });
    const rows = kioskRows(list, 2000, { producer: 'Producer', makeup: 'Hair & makeup' });
    const carol = rows.find((row) => row.siteId === 'carol');
    expect(carol?.clockText).toBe('Clock 2 h 5 min ahead: 14 changes held back until then');
    expect(rows.find((row) => row.siteId === 'alice')?.clockText).toBe('');
  });

  it('flags a tablet whose changes outside its role were refused, with how many and why', () => {
    const guards = noGuardStatus();
    guards.refusedAuthors = [
      { site: site('carol'), changes: 2, last: 'a makeup kiosk may not write the outfit of looks' },
    ];
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [],
      lastKnown: {},
      lastLinked: {},
      ours: {},
      warnings: kioskWarnings(guards, showId),
    });
    const rows = kioskRows(list, 2000, { producer: 'Producer', makeup: 'Hair & makeup' });
    expect(rows.find((row) => row.siteId === 'carol')?.refusedText).toBe(
      'Refused 2 changes outside its role (a makeup kiosk may not write the outfit of looks)',
    );
    expect(rows.find((row) => row.siteId === 'alice')?.refusedText).toBe('');
  });

  it('gives a row to a wrong-clocked author the roster does not know yet', () => {
    const guards = noGuardStatus();
    guards.wrongClocks = [{ site: site('dave'), aheadMs: 3 * 365 * 24 * HOUR, held: 1 }];
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [],
      lastKnown: {},
      lastLinked: {},
      ours: {},
      warnings: kioskWarnings(guards, showId),
    });
    const [row] = kioskRows(
      list.filter((k) => k.siteId === 'dave'),
      1000,
      {},
    );
    expect(row?.clockText).toBe('Clock 3 years ahead: 1 change held back until then');
  });

  it('shows a dropped kiosk as offline, for how long, and why', () => {
    const guards = noGuardStatus();
    guards.dropped = [
      {
        peer: peerIdFor(showId, site('carol')) as PeerId,
        siteId: undefined,
        name: undefined,
        until: 61_000,
        reason: 'ops batch from peer bk-spring…: op 3: table is not a table',
        times: 1,
      },
    ];
    const list = presenceList({
      self: site('alice'),
      roster,
      live: [
        {
          siteId: site('carol'),
          name: 'Chair 3 tablet',
          role: 'makeup',
          isAuthenticated: true,
          versions: {},
          badMessages: 20,
        },
      ],
      lastKnown: {},
      lastLinked: {},
      ours: {},
      warnings: kioskWarnings(guards, showId),
    });
    const carol = list.find((k) => k.siteId === 'carol');
    expect(carol?.isOnline).toBe(false);
    const [row] = kioskRows([carol!], 31_000, {});
    expect(row?.droppedText).toBe(
      'Dropped for 30 s more: ops batch from peer bk-spring…: op 3: table is not a table',
    );
  });

  it('says spans the way a crew reads them', () => {
    expect(spanText(40_000)).toBe('40 s');
    expect(spanText(5 * 60_000)).toBe('5 min');
    expect(spanText(HOUR)).toBe('1 h');
    expect(spanText(50 * HOUR)).toBe('2 days');
    expect(clockAheadText(6 * 60_000, 2)).toBe('Clock 6 min ahead: 2 changes held back until then');
    expect(droppedText(10_000, 'a flood', 0)).toBe('Dropped for 10 s more: a flood');
  });
});
