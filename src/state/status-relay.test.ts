import { describe, expect, it } from 'vitest';
import type { SiteId } from '../domain/ids';
import { parseRelayMessage, type SharedStatus } from './status-relay';

const status: SharedStatus = {
  showId: 'spring26',
  signalling: 'up',
  live: [
    {
      siteId: 'bob' as SiteId,
      name: 'Station 2',
      role: 'makeup',
      isAuthenticated: true,
      versions: { bob: 3 },
      badMessages: 0,
    },
  ],
  versions: { alice: 4 },
  lastKnown: { bob: { bob: 3 } },
  lastLinked: { bob: 1_760_000_000_000 },
  authError: '',
  rejection: '',
  badMessages: 0,
  isDiscoverySupported: null,
  warnings: {
    clocks: [{ site: 'carol', aheadMs: 3_600_000, held: 4 }],
    dropped: [{ site: 'mallory', until: 1_760_000_030_000, reason: 'kept sending bad ops' }],
  },
};

describe('the sync status between windows', () => {
  it('takes a status as the window that runs the mesh sends it', () => {
    expect(parseRelayMessage({ type: 'status', status })).toEqual({ type: 'status', status });
    expect(parseRelayMessage({ type: 'ask' })).toEqual({ type: 'ask' });
  });

  it('refuses a status of another shape, as from an older version of the app', () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(
        parseRelayMessage({ type: 'status', status: { ...status, live: 'two' } }),
      ).toBeUndefined();
      expect(
        parseRelayMessage({ type: 'status', status: { ...status, signalling: 'sideways' } }),
      ).toBeUndefined();
      expect(parseRelayMessage({ type: 'launch' })).toBeUndefined();
    } finally {
      console.warn = warn;
    }
  });
});
