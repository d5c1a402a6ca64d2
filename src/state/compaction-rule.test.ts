import { describe, expect, it } from 'vitest';
import { KEEP_AT_LEAST, opsToKeep, RECENT_MS, rememberPeers } from './compaction-rule';

const T = 2_000_000_000_000;
const alice = (seq: number, floor = 0) => ({ site: 'alice', seq, floor });

describe('the compaction rule', () => {
  it('drops nothing while the log is short', () => {
    expect(opsToKeep([alice(KEEP_AT_LEAST)], [], T)).toBe(0);
  });

  it('keeps the latest ops of each site when every kiosk is level', () => {
    expect(opsToKeep([alice(5_000)], [{ site: 'bob', at: T, versions: { alice: 5_000 } }], T)).toBe(
      KEEP_AT_LEAST,
    );
  });

  it('keeps what a kiosk seen in the last day still lacks', () => {
    const bob = { site: 'bob', at: T - RECENT_MS + 1, versions: { alice: 1_500 } };
    expect(opsToKeep([alice(5_000)], [bob], T)).toBe(3_500);
  });

  it('gives up on a kiosk not seen for a day: it will get a snapshot', () => {
    const bob = { site: 'bob', at: T - RECENT_MS - 1, versions: { alice: 1_500 } };
    expect(opsToKeep([alice(5_000)], [bob], T)).toBe(KEEP_AT_LEAST);
  });

  it('counts a site a recent kiosk never heard of as lacking all of it', () => {
    expect(opsToKeep([alice(5_000)], [{ site: 'bob', at: T, versions: {} }], T)).toBe(0);
  });

  it('does not hold a kiosk to its own ops', () => {
    expect(opsToKeep([alice(5_000)], [{ site: 'alice', at: T, versions: {} }], T)).toBe(
      KEEP_AT_LEAST,
    );
  });

  it('drops nothing when earlier compactions already went as far', () => {
    expect(opsToKeep([alice(5_000, 4_000)], [], T)).toBe(0);
  });

  it('remembers the latest report per kiosk and forgets those older than a day', () => {
    const old = { site: 'carol', at: T - RECENT_MS - 1, versions: {} };
    const bob = { site: 'bob', at: T - 10, versions: { alice: 1 } };
    const bobNow = { site: 'bob', at: T, versions: { alice: 2 } };
    expect(rememberPeers([old, bob], [bobNow], T)).toEqual([bobNow]);
  });
});
