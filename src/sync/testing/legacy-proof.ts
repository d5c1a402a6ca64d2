import { fromBase64Url, toBase64Url } from '../trust/bytes';

// The show-key proof of sync protocol 1, kept for the tests that show what it let an
// eavesdropper do (trust/join.test.ts, "an offline guesser"): one captured proof was
// enough to test passphrase guesses offline. No kiosk runs it any more.

const PROOF_LABEL = 'backstage-proof/1';
const encoder = new TextEncoder();
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

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
