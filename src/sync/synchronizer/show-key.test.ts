import { beforeAll, describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import { deriveShowKey, deriveShowSecret, showSecret } from './show-key';

const spring = 'spring-26' as ShowId;
const autumn = 'autumn-26' as ShowId;

describe("the show's secret", () => {
  let key: CryptoKey;
  let secret: Uint8Array;

  beforeAll(async () => {
    key = await deriveShowKey('velvet curtain', spring);
    secret = await deriveShowSecret('velvet curtain', spring);
  });

  it('comes from a non-extractable HMAC show key, as kiosks kept before the PAKE join', () => {
    expect(key.type).toBe('secret');
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('HMAC');
  });

  it('is 32 bytes, the same from the passphrase (typed with stray spaces) as from a kept show key', async () => {
    expect(secret).toHaveLength(32);
    expect(await showSecret(key)).toEqual(secret);
    expect(await deriveShowSecret('  velvet curtain ', spring)).toEqual(secret);
  });

  it('differs for another passphrase (case counts) or another show', async () => {
    expect(await deriveShowSecret('Velvet curtain', spring)).not.toEqual(secret);
    expect(await deriveShowSecret('velvet curtain', autumn)).not.toEqual(secret);
  });

  it('refuses an empty passphrase', async () => {
    await expect(deriveShowSecret('   ', spring)).rejects.toThrow('The passphrase is empty');
  });
});
