import { describe, expect, it } from 'vitest';
import type { SiteId } from '../domain/ids';
import type { RosterEntry } from '../domain/model';
import { kioskName, rosterChanges } from './roster';

const site = 'tab1abcd' as SiteId;
const row: RosterEntry = { id: site, name: 'Station 2', role: 'makeup', lastSeen: 1 };

describe('the roster row', () => {
  it('writes name, role and last seen for a kiosk not in the roster yet', () => {
    expect(
      rosterChanges(undefined, { site, name: 'Station 2', role: 'makeup' }, 5, false).map(
        (c) => c.field,
      ),
    ).toEqual(['name', 'role', 'lastSeen']);
  });

  it('writes only what changed, with the time it was seen', () => {
    expect(rosterChanges(row, { site, name: 'Station 2', role: 'wall' }, 5, false)).toEqual([
      { table: 'kiosks', key: site, field: 'role', value: 'wall' },
      { table: 'kiosks', key: site, field: 'lastSeen', value: 5 },
    ]);
  });

  it('writes nothing when nothing changed, except on the beat', () => {
    expect(rosterChanges(row, { site, name: 'Station 2', role: 'makeup' }, 5, false)).toEqual([]);
    expect(rosterChanges(row, { site, name: 'Station 2', role: 'makeup' }, 5, true)).toEqual([
      { table: 'kiosks', key: site, field: 'lastSeen', value: 5 },
    ]);
  });

  it('names a kiosk by its role and site when it was given no name', () => {
    const settings = {
      siteId: site,
      role: 'makeup' as const,
      kioskName: '',
      showId: '' as const,
      peerServer: '',
      iceServers: '',
    };
    expect(kioskName(settings)).toBe('Hair & makeup tablet tab1');
    expect(kioskName({ ...settings, kioskName: 'Station 2' })).toBe('Station 2');
  });
});
