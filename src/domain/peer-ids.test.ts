import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { ID_ALPHABET, idFromBytes, newShowId, newSiteId } from './ids';
import { peerIdFor, peerIdOfStored, showPrefix, showTag, siteOfPeer } from './peer-ids';

describe('peer ids', () => {
  it('name the show by a 16-letter tag and the site as it is, lowercase and PeerJS-safe', () => {
    const id = peerIdFor('CatWalk', 'ab_12');
    expect(id).toMatch(new RegExp(`^bk-[${ID_ALPHABET}]{16}-ab12$`));
    expect(id).toBe(`bk-${showTag('catwalk')}-ab12`);
    expect(siteOfPeer(id, 'catwalk')).toBe('ab12');
    expect(siteOfPeer(peerIdFor('other', 'ab12'), 'catwalk')).toBeUndefined();
    expect(siteOfPeer(showPrefix('catwalk'), 'catwalk')).toBeUndefined();
  });

  it('never spell the show code, so listing the PeerServer reads no show', () => {
    for (let i = 0; i < 200; i++) {
      const show = newShowId();
      const id = peerIdFor(show, newSiteId());
      expect(id).not.toContain(show);
      expect(showTag(show)).not.toContain(show.slice(0, 4));
    }
  });

  it('give every kiosk of a show the same prefix, and each show its own', () => {
    const prefixes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const show = newShowId();
      expect(peerIdFor(show, 'alice').startsWith(showPrefix(show))).toBe(true);
      expect(peerIdFor(show, 'bob').startsWith(showPrefix(show))).toBe(true);
      prefixes.add(showPrefix(show));
    }
    expect(prefixes.size).toBe(1000);
  });

  it('are a hash with its own domain label, not the bare SHA-256 of the code', () => {
    const bare = idFromBytes(sha256(new TextEncoder().encode('catwalk'))).slice(0, 16);
    expect(showTag('catwalk')).not.toBe(bare);
    expect(showTag('catwalk')).not.toBe(showTag('catwalk2'));
    expect(showTag('spring-26')).toBe(showTag('spring26'));
    expect(showTag('catwalk')).toMatch(new RegExp(`^[${ID_ALPHABET}]{16}$`));
  });

  it('read an id an earlier version remembered, which spelled the show code, as it is called today', () => {
    expect(peerIdOfStored('bk-catwalk-ab12', 'catwalk')).toBe(peerIdFor('catwalk', 'ab12'));
    expect(peerIdOfStored(peerIdFor('catwalk', 'ab12'), 'catwalk')).toBe(
      peerIdFor('catwalk', 'ab12'),
    );
    expect(peerIdOfStored('bk-other-ab12', 'catwalk')).toBeUndefined();
    expect(peerIdOfStored('bk-catwalk-', 'catwalk')).toBeUndefined();
    expect(peerIdOfStored('bk-catwalk-a b', 'catwalk')).toBeUndefined();
  });
});
