import { ID_ALPHABET, idFromBytes, type SiteId } from '../../domain/ids';
import { fromBase64Url, toBase64Url, utf8 } from './bytes';
import { lvCat } from './bytes';

// A kiosk's identity: its own signing key pair, made once in its browser and never
// exported (WebCrypto, non-extractable), and a site id derived from the public key.
// So no kiosk can author ops under another's site id: a claim is checked against
// the key that signs. Ed25519 where the browser has it (Chromium 137+, Firefox 129+,
// Safari 17+, Node 20), else ECDSA P-256 with SHA-256.
//
// Site id rule: `k` followed by 24 characters of the project's id alphabet (5 bits
// each), the first 120 bits of SHA-256(lv_cat("backstage-site/1", algorithm, raw
// public key)). 25 characters of `[a-z0-9]`: within what site ids, clocks and PeerJS
// peer ids accept (no dash: `peerIdFor` strips dashes, so the peer id would no longer
// name the site), never equal to a legacy random site id (10 characters), and 120
// bits put forging a key for someone else's id (a second preimage) out of reach.

export type SigningAlgorithm = 'Ed25519' | 'ECDSA-P256';

/** A public key as it travels: the algorithm and the raw key (32 bytes, or 65 uncompressed for P-256). */
export interface PublicKeyInfo {
  algorithm: SigningAlgorithm;
  raw: Uint8Array;
}

/** What is kept in IndexedDB: CryptoKeys are structured-clonable, the private one stays non-extractable. */
export interface StoredIdentity {
  algorithm: SigningAlgorithm;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** The storage the identity needs (Dexie implements it in the wiring; tests use memory). */
export interface IdentityStore {
  load(): Promise<StoredIdentity | undefined>;
  save(identity: StoredIdentity): Promise<void>;
}

export interface KioskIdentity extends StoredIdentity {
  site: SiteId;
  publicKeyInfo: PublicKeyInfo;
}

const SITE_PREFIX = 'k';
const SITE_CHARS = 24;
const SITE_LABEL = utf8('backstage-site/1');
const KEY_DERIVED_SITE = new RegExp(`^${SITE_PREFIX}[${ID_ALPHABET}]{${SITE_CHARS}}$`);

const RAW_KEY_BYTES: Record<SigningAlgorithm, number> = { Ed25519: 32, 'ECDSA-P256': 65 };

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const keyParams = (algorithm: SigningAlgorithm): EcKeyImportParams | Algorithm =>
  algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };

const signParams = (algorithm: SigningAlgorithm): EcdsaParams | Algorithm =>
  algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };

const asBuffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** Whether `site` has the syntax of a key-derived site id (not whether it matches any key). */
export const isKeyDerivedSiteId = (site: string): boolean => KEY_DERIVED_SITE.test(site);

/** The site id of a public key. */
export async function siteIdOf(key: PublicKeyInfo): Promise<SiteId> {
  const digest = new Uint8Array(
    await subtle().digest('SHA-256', lvCat(SITE_LABEL, utf8(key.algorithm), key.raw)),
  );
  return `${SITE_PREFIX}${idFromBytes(digest.subarray(0, (SITE_CHARS * 5) / 8))}` as SiteId;
}

/** Whether `claimed` is the site id of `key`: how a kiosk checks a peer's or an author's claim. */
export async function isSiteOf(claimed: string, key: PublicKeyInfo): Promise<boolean> {
  return isKeyDerivedSiteId(claimed) && claimed === (await siteIdOf(key));
}

/** A fresh key pair, Ed25519 unless the browser lacks it (or `algorithm` asks otherwise). */
export async function createIdentity(
  algorithm: SigningAlgorithm = 'Ed25519',
): Promise<StoredIdentity> {
  try {
    const pair = (await subtle().generateKey(keyParams(algorithm), false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    return { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
  } catch (error) {
    // An older browser without Ed25519 in WebCrypto: NotSupportedError.
    if (algorithm === 'Ed25519') return createIdentity('ECDSA-P256');
    throw error;
  }
}

/** The identity with its derived site id and exportable public half. */
export async function openIdentity(stored: StoredIdentity): Promise<KioskIdentity> {
  const raw = new Uint8Array(await subtle().exportKey('raw', stored.publicKey));
  const publicKeyInfo = { algorithm: stored.algorithm, raw };
  return { ...stored, publicKeyInfo, site: await siteIdOf(publicKeyInfo) };
}

/** This kiosk's identity: the one kept in `store`, or a new one, kept there first. */
export async function loadOrCreateIdentity(store: IdentityStore): Promise<KioskIdentity> {
  const kept = await store.load();
  if (kept) return openIdentity(kept);
  const created = await createIdentity();
  await store.save(created);
  return openIdentity(created);
}

/** Sign bytes (a log page, a link's identity statement) with this kiosk's key. */
export async function signBytes(identity: StoredIdentity, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await subtle().sign(signParams(identity.algorithm), identity.privateKey, asBuffer(bytes)),
  );
}

/** A checker for one author's signatures: import its key once, check many pages. */
export interface Verifier {
  readonly key: PublicKeyInfo;
  verify(bytes: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A verifier for `key`, or undefined when the key is malformed (wrong length, not on the curve). */
export async function verifierFor(key: PublicKeyInfo): Promise<Verifier | undefined> {
  if (key.raw.length !== RAW_KEY_BYTES[key.algorithm]) return undefined;
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle().importKey('raw', asBuffer(key.raw), keyParams(key.algorithm), true, [
      'verify',
    ]);
  } catch {
    return undefined;
  }
  return {
    key,
    async verify(bytes, signature) {
      try {
        return await subtle().verify(
          signParams(key.algorithm),
          publicKey,
          asBuffer(signature),
          asBuffer(bytes),
        );
      } catch {
        return false;
      }
    },
  };
}

/** A public key as JSON for a hello: `{alg, key}` with the key in base64url. */
export const encodePublicKey = (key: PublicKeyInfo): { alg: SigningAlgorithm; key: string } => ({
  alg: key.algorithm,
  key: toBase64Url(key.raw),
});

/** A public key from a peer's hello, or undefined when it is not one. Hostile input: checked. */
export function decodePublicKey(value: unknown): PublicKeyInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { alg, key } = value as { alg?: unknown; key?: unknown };
  if ((alg !== 'Ed25519' && alg !== 'ECDSA-P256') || typeof key !== 'string' || key.length > 100)
    return undefined;
  const raw = fromBase64Url(key);
  return raw && raw.length === RAW_KEY_BYTES[alg] ? { algorithm: alg, raw } : undefined;
}
