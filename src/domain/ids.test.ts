import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  ID_ALPHABET,
  idFromBytes,
  isJoinCode,
  isShowId,
  isSiteId,
  newShowId,
  newSiteId,
  peerIdFor,
  peerIdOfStored,
  showPrefix,
  showTag,
  siteOfPeer,
} from './ids';

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

describe('join codes', () => {
  it('accept 4 to 32 lowercase letters and digits, as every show code the app makes', () => {
    expect(isJoinCode(newShowId())).toBe(true);
    expect(isJoinCode('ab12')).toBe(true);
    expect(isJoinCode('abc')).toBe(false);
    expect(isJoinCode('a'.repeat(33))).toBe(false);
    expect(isJoinCode('spring-26')).toBe(false);
  });
});

describe('ids from bytes', () => {
  it('spell 5 bits a letter of the id alphabet, most significant first', () => {
    expect(idFromBytes(new Uint8Array([0, 0]))).toBe('aaaa');
    expect(idFromBytes(new Uint8Array([255, 255]))).toBe('999s');
    expect(idFromBytes(new Uint8Array([0b00001_000, 0b10_00011_0]))).toBe('bcda');
  });

  it('are 24 letters of the alphabet for 15 bytes, 52 for 32', () => {
    const letters = new RegExp(`^[${ID_ALPHABET}]+$`);
    expect(idFromBytes(new Uint8Array(15).fill(7))).toMatch(letters);
    expect(idFromBytes(new Uint8Array(15))).toHaveLength(24);
    expect(idFromBytes(new Uint8Array(32))).toHaveLength(52);
  });
});
