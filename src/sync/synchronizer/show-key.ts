import type { ShowId } from '../../domain/ids';

// The show's secret: what kiosks of one show share, derived from the passphrase and
// never sent. The join (handshake.ts, CPace) runs on it. Before the join was a PAKE,
// kiosks kept the show key below and proved it by HMAC; the secret is derived from
// that same key, so a kiosk that joined then keeps its place without the passphrase.
// WebCrypto only (`globalThis.crypto`), so the same code runs in browsers and Node 20.

/** PBKDF2 rounds: slow enough to make guessing a passphrase costly, fast enough on a cheap tablet. */
export const PBKDF2_ITERATIONS = 200_000;
const SECRET_LABEL = 'backstage-join-secret/1';

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

/**
 * The show's secret for the join (32 bytes), from its show key. Whoever reads it
 * from a kiosk can join this show (nothing avoids that) but still pays PBKDF2 per
 * guess to learn the passphrase itself.
 */
export async function showSecret(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('HMAC', key, encoder.encode(SECRET_LABEL)));
}

/** The show's secret from the passphrase: what a kiosk keeps when it joins or sets it. */
export async function deriveShowSecret(passphrase: string, showId: ShowId): Promise<Uint8Array> {
  return showSecret(await deriveShowKey(passphrase, showId));
}
