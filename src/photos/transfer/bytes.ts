// Bytes as text for the JSON data channel, and SHA-256 through WebCrypto (browsers
// and Node 20 both have `crypto.subtle`; it needs a secure context, which the app
// has: localhost or HTTPS).

/** Base64url without padding: safe in JSON, checked by a plain pattern. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const STEP = 0x8000; // below the argument limit of String.fromCharCode
  for (let i = 0; i < bytes.length; i += STEP) {
    binary += String.fromCharCode(...bytes.subarray(i, i + STEP));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes of a base64url text, or undefined when it is not one. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded =
    text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  // A copy into a fresh ArrayBuffer: WebCrypto refuses views on shared or resizable buffers.
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes.slice()));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const whole = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);
