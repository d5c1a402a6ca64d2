import { beforeAll, describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import { deriveShowKey, keyCheck, newNonce, prove, verify } from './show-key';

const spring = 'spring-26' as ShowId;
const autumn = 'autumn-26' as ShowId;

describe('show key', () => {
  let key: CryptoKey;
  let sameKey: CryptoKey;
  let otherPassphrase: CryptoKey;
  let otherShow: CryptoKey;

  beforeAll(async () => {
    [key, sameKey, otherPassphrase, otherShow] = await Promise.all([
      deriveShowKey('velvet curtain', spring),
      deriveShowKey('  velvet curtain ', spring),
      deriveShowKey('Velvet curtain', spring),
      deriveShowKey('velvet curtain', autumn),
    ]);
  });

  it('is a non-extractable HMAC key', () => {
    expect(key.type).toBe('secret');
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('HMAC');
    expect([...key.usages].sort()).toEqual(['sign', 'verify']);
  });

  it('accepts a proof made with the same passphrase, typed with stray spaces', async () => {
    const nonce = newNonce();
    const mac = await prove(sameKey, nonce, spring, 'bob', 'alice');
    expect(await verify(key, mac, nonce, spring, 'bob', 'alice')).toBe(true);
  });

  it('refuses a proof made with another passphrase (case counts) or for another show', async () => {
    const nonce = newNonce();
    expect(
      await verify(
        key,
        await prove(otherPassphrase, nonce, spring, 'bob', 'alice'),
        nonce,
        spring,
        'bob',
        'alice',
      ),
    ).toBe(false);
    expect(
      await verify(
        key,
        await prove(otherShow, nonce, spring, 'bob', 'alice'),
        nonce,
        spring,
        'bob',
        'alice',
      ),
    ).toBe(false);
  });

  it('refuses a proof replayed for another challenge or reflected with the ids swapped', async () => {
    const nonce = newNonce();
    const mac = await prove(key, nonce, spring, 'bob', 'alice');
    expect(await verify(key, mac, newNonce(), spring, 'bob', 'alice')).toBe(false);
    expect(await verify(key, mac, nonce, spring, 'alice', 'bob')).toBe(false);
  });

  it('treats a malformed proof as simply wrong', async () => {
    expect(await verify(key, 'not base64 at all!', newNonce(), spring)).toBe(false);
    expect(await verify(key, '', newNonce(), spring)).toBe(false);
  });

  it('gives the same short key check for the same passphrase and a different one otherwise', async () => {
    const check = await keyCheck(key);
    expect(check).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await keyCheck(sameKey)).toBe(check);
    expect(await keyCheck(otherPassphrase)).not.toBe(check);
  });

  it('refuses an empty passphrase', async () => {
    await expect(deriveShowKey('   ', spring)).rejects.toThrow('The passphrase is empty');
  });

  it('makes a fresh challenge every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
