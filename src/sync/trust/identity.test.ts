import { describe, expect, it } from 'vitest';
import { encodeHlc, isHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import { utf8 } from './bytes';
import {
  createIdentity,
  decodePublicKey,
  encodePublicKey,
  isKeyDerivedSiteId,
  isSiteOf,
  loadOrCreateIdentity,
  openIdentity,
  signBytes,
  siteIdOf,
  verifierFor,
  type IdentityStore,
  type StoredIdentity,
} from './identity';

/** IndexedDB keeps values by structured clone: so does this store. */
function memoryStore(): IdentityStore & { saved: number } {
  let kept: StoredIdentity | undefined;
  return {
    saved: 0,
    async load() {
      return kept && structuredClone(kept);
    },
    async save(identity) {
      this.saved += 1;
      kept = structuredClone(identity);
    },
  };
}

const page = utf8(JSON.stringify({ site: 'x', from: 1, to: 50, hash: 'abc' }));

describe('kiosk identity', () => {
  it('makes an Ed25519 key pair whose private half cannot be exported', async () => {
    const identity = await createIdentity();
    expect(identity.algorithm).toBe('Ed25519');
    expect(identity.privateKey.extractable).toBe(false);
    await expect(
      globalThis.crypto.subtle.exportKey('pkcs8', identity.privateKey),
    ).rejects.toThrow();
  });

  it('derives a site id that fits the sync protocol and the clock syntax', async () => {
    const { site } = await openIdentity(await createIdentity());
    expect(site).toMatch(/^k[a-km-np-z2-9]{24}$/);
    expect(site).toMatch(/^[a-z0-9-]{1,40}$/); // messages.ts SITE_PATTERN
    expect(site).toMatch(/^[a-z0-9]{1,40}$/); // peerjs-transport.ts: peer ids carry the site, no dash
    expect(isHlc(encodeHlc(1_780_000_000_000, 0, site))).toBe(true);
    expect(isKeyDerivedSiteId(site)).toBe(true);
    expect(isKeyDerivedSiteId('a2b3c4d5e6')).toBe(false); // a legacy random site id
  });

  it('gives each key its own site id, and the same key always the same one', async () => {
    const one = await openIdentity(await createIdentity());
    const two = await openIdentity(await createIdentity());
    expect(one.site).not.toBe(two.site);
    expect(await siteIdOf(one.publicKeyInfo)).toBe(one.site);
  });

  it('is kept in storage and comes back the same after a reload, still able to sign', async () => {
    const store = memoryStore();
    const first = await loadOrCreateIdentity(store);
    const again = await loadOrCreateIdentity(store);
    expect(store.saved).toBe(1);
    expect(again.site).toBe(first.site);
    expect(again.privateKey.extractable).toBe(false);
    const verifier = await verifierFor(first.publicKeyInfo);
    expect(await verifier?.verify(page, await signBytes(again, page))).toBe(true);
  });

  it('signs log pages that verify with its public key, and not when a byte changes', async () => {
    const identity = await openIdentity(await createIdentity());
    const signature = await signBytes(identity, page);
    const verifier = await verifierFor(identity.publicKeyInfo);
    expect(await verifier?.verify(page, signature)).toBe(true);
    const changed = page.slice();
    changed[5] = (changed[5] ?? 0) ^ 1;
    expect(await verifier?.verify(changed, signature)).toBe(false);
    expect(await verifier?.verify(page, signature.slice(0, 10))).toBe(false);
  });

  it('works the same on ECDSA P-256, for browsers without Ed25519', async () => {
    const identity = await openIdentity(await createIdentity('ECDSA-P256'));
    expect(identity.publicKeyInfo.raw).toHaveLength(65);
    expect(isKeyDerivedSiteId(identity.site)).toBe(true);
    const verifier = await verifierFor(identity.publicKeyInfo);
    expect(await verifier?.verify(page, await signBytes(identity, page))).toBe(true);
  });

  it('round-trips its public key through a hello, and refuses malformed ones', async () => {
    const identity = await openIdentity(await createIdentity());
    const sent = JSON.parse(JSON.stringify(encodePublicKey(identity.publicKeyInfo))) as unknown;
    expect(decodePublicKey(sent)).toEqual(identity.publicKeyInfo);
    for (const bad of [
      null,
      'key',
      { alg: 'RSA', key: 'AAAA' },
      { alg: 'Ed25519', key: 'AAAA' }, // 3 bytes
      { alg: 'Ed25519', key: '!'.repeat(43) },
      { alg: 'Ed25519', key: 'A'.repeat(5000) },
    ])
      expect(decodePublicKey(bad)).toBeUndefined();
  });
});

describe('a forged site', () => {
  it("is refused: mallory claims alice's site id with its own key", async () => {
    const alice = await openIdentity(await createIdentity());
    const mallory = await openIdentity(await createIdentity());
    expect(await isSiteOf(alice.site, mallory.publicKeyInfo)).toBe(false);
    expect(await isSiteOf(alice.site, alice.publicKeyInfo)).toBe(true);
  });

  it("is refused: mallory shows alice's public key but cannot sign with it", async () => {
    const alice = await openIdentity(await createIdentity());
    const mallory = await openIdentity(await createIdentity());
    expect(await isSiteOf(alice.site, alice.publicKeyInfo)).toBe(true);
    const aliceVerifier = await verifierFor(alice.publicKeyInfo);
    expect(await aliceVerifier?.verify(page, await signBytes(mallory, page))).toBe(false);
  });

  it('is refused: a legacy random id or a look-alike is no key-derived site', async () => {
    const alice = await openIdentity(await createIdentity());
    expect(await isSiteOf('a2b3c4d5e6', alice.publicKeyInfo)).toBe(false);
    expect(await isSiteOf(alice.site.toUpperCase(), alice.publicKeyInfo)).toBe(false);
    expect(await isSiteOf(`${alice.site}x`, alice.publicKeyInfo)).toBe(false);
  });

  it('is refused: the same raw key under the other algorithm names another site', async () => {
    const key = { algorithm: 'Ed25519' as const, raw: new Uint8Array(32).fill(9) };
    const site: SiteId = await siteIdOf(key);
    expect(await isSiteOf(site, { ...key, algorithm: 'ECDSA-P256' })).toBe(false);
  });

  it('gives no verifier for a key that is not a point on the curve', async () => {
    const notAPoint = new Uint8Array(65).fill(1);
    notAPoint[0] = 4;
    expect(await verifierFor({ algorithm: 'ECDSA-P256', raw: notAPoint })).toBeUndefined();
    expect(await verifierFor({ algorithm: 'Ed25519', raw: new Uint8Array(31) })).toBeUndefined();
  });
});
