import { describe, expect, it } from 'vitest';
import {
  ID_ALPHABET,
  idFromBytes,
  isJoinCode,
  isShowId,
  isSiteId,
  newShowId,
  newSiteId,
} from './ids';
import { peerIdFor, siteOfPeer } from './peer-ids';

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
