import { describe, expect, it } from 'vitest';
import { peerIdFor, siteOfPeer } from './peer-id';

describe('peer ids', () => {
  it('encodes the show and the site, lowercase and PeerJS-safe', () => {
    expect(peerIdFor('CatWalk', 'ab_12')).toBe('bk-catwalk-ab12');
    expect(siteOfPeer('bk-catwalk-ab12', 'catwalk')).toBe('ab12');
    expect(siteOfPeer('bk-other-ab12', 'catwalk')).toBeUndefined();
    expect(siteOfPeer('bk-catwalk-', 'catwalk')).toBeUndefined();
  });
});
