import { describe, expect, it } from 'vitest';
import type { SiteId } from '../domain/ids';
import { catchingUp, hasCaughtUp, missingFromPeers } from './catch-up';
import type { LivePeer } from './presence';

const peer = (
  siteId: string,
  versions: Record<string, number>,
  isAuthenticated = true,
): LivePeer => ({
  siteId: siteId as SiteId,
  name: siteId,
  role: 'producer',
  isAuthenticated,
  versions,
  badMessages: 0,
});

describe('catching up', () => {
  const ours = { wall: 3, producer: 10 };

  it('counts the changes a linked kiosk holds that this one lacks', () => {
    expect(missingFromPeers(ours, [peer('producer', { wall: 3, producer: 15 })])).toBe(5);
    expect(missingFromPeers(ours, [peer('producer', { wall: 3, producer: 15 }, false)])).toBe(0);
  });

  it('is caught up once a linked kiosk reported and holds nothing new', () => {
    expect(hasCaughtUp(ours, [peer('producer', { wall: 3, producer: 10 })])).toBe(true);
    expect(hasCaughtUp(ours, [peer('producer', { wall: 3, producer: 11 })])).toBe(false);
  });

  it('is not caught up before any kiosk reported what it holds', () => {
    expect(hasCaughtUp(ours, [])).toBe(false);
    expect(hasCaughtUp(ours, [peer('producer', {})])).toBe(false);
  });

  it('says "catching up" from the start until caught up, with the count once known', () => {
    const base = {
      hasCaughtUp: false,
      hasOthers: true,
      isLinked: false,
      sinceStartMs: 200,
      missing: 0,
    };
    expect(catchingUp(base)).toEqual({ missing: 0 });
    expect(catchingUp({ ...base, isLinked: true, missing: 5 })).toEqual({ missing: 5 });
    expect(catchingUp({ ...base, hasCaughtUp: true })).toBeNull();
  });

  it('stops saying it when nobody answers for a while, or when there is nobody else', () => {
    const base = {
      hasCaughtUp: false,
      hasOthers: true,
      isLinked: false,
      sinceStartMs: 200,
      missing: 0,
    };
    expect(catchingUp({ ...base, sinceStartMs: 12_000 })).toBeNull();
    expect(catchingUp({ ...base, hasOthers: false })).toBeNull();
  });

  it('after losing every link, says it only once linked again (cut off, it is offline)', () => {
    const lost = {
      hasCaughtUp: false,
      hasOthers: true,
      isLinked: false,
      sinceStartMs: Infinity,
      missing: 0,
    };
    expect(catchingUp(lost)).toBeNull();
    expect(catchingUp({ ...lost, isLinked: true, missing: 3 })).toEqual({ missing: 3 });
  });
});
