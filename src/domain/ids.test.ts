import { describe, expect, it } from 'vitest';
import { isShowId, isSiteId, newShowId, newSiteId, peerIdFor, siteOfPeer } from './ids';

describe('peer ids', () => {
  it('encodes the show and the site, lowercase and PeerJS-safe', () => {
    expect(peerIdFor('CatWalk', 'ab_12')).toBe('bk-catwalk-ab12');
    expect(siteOfPeer('bk-catwalk-ab12', 'catwalk')).toBe('ab12');
    expect(siteOfPeer('bk-other-ab12', 'catwalk')).toBeUndefined();
    expect(siteOfPeer('bk-catwalk-', 'catwalk')).toBeUndefined();
  });
});

describe('id syntax', () => {
  it('accepts every site id and show code the app creates, and their peer ids round-trip', () => {
    for (let i = 0; i < 200; i++) {
      const site = newSiteId();
      const show = newShowId();
      expect(isSiteId(site)).toBe(true);
      expect(isShowId(show)).toBe(true);
      expect(siteOfPeer(peerIdFor(show, site), show)).toBe(site);
    }
  });

  it('accepts the dashed ids of older shows and tests, and refuses anything else', () => {
    expect(isSiteId('kiosk-0')).toBe(true);
    expect(isShowId('spring-26')).toBe(true);
    expect(isSiteId('Alice')).toBe(false);
    expect(isSiteId('a'.repeat(41))).toBe(false);
    expect(isShowId('show code')).toBe(false);
    expect(isSiteId(42)).toBe(false);
  });
});
