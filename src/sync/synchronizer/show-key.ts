import type { ShowId } from '../../domain/ids';

// The show key: what kiosks of one show share, derived from the passphrase and
// never sent. Peers prove they hold it by signing each other's fresh challenge.
// WebCrypto only (`globalThis.crypto`), so the same code runs in browsers and Node 20.

/** PBKDF2 rounds: slow enough to make guessing a passphrase costly, fast enough on a cheap tablet. */
export const PBKDF2_ITERATIONS = 200_000;
const PROOF_LABEL = 'backstage-proof/1';
const KEY_CHECK_LABEL = 'backstage-key-check/1';

const encoder = new TextEncoder();
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** Typed on a tablet: ignore surrounding spaces and Unicode composition differences, keep case. */
export const normalisePassphrase = (passphrase: string): string =>
  passphrase.normalize('NFC').trim();

/**
 * The show key: PBKDF2-SHA256 of the passphrase, salted with the show id (so one
 * passphrase gives unrelated keys for two shows), as a non-extractable HMAC-SHA256
 * key. A CryptoKey is structured-cloneable, so it may be kept in IndexedDB.
 */
export async function deriveShowKey(
  passphrase: string,
  showId: ShowId,
  iterations = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  const secret = normalisePassphrase(passphrase);
  if (secret === '') throw new Error('The passphrase is empty');
  const material = await subtle().importKey('raw', encoder.encode(secret), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(`backstage:${showId}`), iterations },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** A fresh random challenge (192 bits). */
export function newNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return toBase64Url(bytes);
}

/** JSON of the parts: unambiguous whatever characters the ids contain. */
const proofData = (nonce: string, ids: readonly string[]) =>
  encoder.encode(JSON.stringify([PROOF_LABEL, nonce, ...ids]));

/**
 * Sign the other kiosk's challenge together with the ids of the link, in a fixed
 * order (show, prover, verifier), so a proof cannot be replayed on another link or
 * reflected back to its sender.
 */
export async function prove(key: CryptoKey, nonce: string, ...ids: string[]): Promise<string> {
  const mac = await subtle().sign('HMAC', key, proofData(nonce, ids));
  return toBase64Url(new Uint8Array(mac));
}

/** Check a proof in constant time (crypto.subtle.verify). A malformed proof is simply false. */
export async function verify(
  key: CryptoKey,
  mac: string,
  nonce: string,
  ...ids: string[]
): Promise<boolean> {
  const signature = fromBase64Url(mac);
  if (!signature) return false;
  try {
    return await subtle().verify('HMAC', key, signature, proofData(nonce, ids));
  } catch {
    return false;
  }
}

/**
 * A short fingerprint of the key, for remembering locally that a passphrase was
 * right without storing it. Not to be sent to peers: it would let anyone who hears it
 * test guesses offline without even talking to a kiosk.
 */
export async function keyCheck(key: CryptoKey): Promise<string> {
  const mac = await subtle().sign('HMAC', key, encoder.encode(KEY_CHECK_LABEL));
  return toBase64Url(new Uint8Array(mac).slice(0, 12));
}
