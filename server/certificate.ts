import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  /** Where the PEM files live. */
  keyFile: string;
  certFile: string;
  /** True when a new certificate was generated on this start. */
  created: boolean;
  validTo: Date;
}

export interface CertificateOptions {
  /** Directory where the key and certificate are cached (created if missing). */
  dir: string;
  /** Extra IP addresses and DNS names the certificate must cover. */
  names?: readonly string[];
  /** Regenerate when fewer than this many days of validity remain. Default 30. */
  renewDays?: number;
}

const KEY_FILE = 'backstage-kiosk.key';
const CERT_FILE = 'backstage-kiosk.crt';
/** Apple platforms reject TLS certificates valid for more than 398 days. */
const VALID_DAYS = 397;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Keep the SAN list bounded even when the laptop roams across many networks. */
const MAX_NAMES = 40;

/** localhost, the machine's host name (and its .local mDNS name), loopback IPs. */
export function defaultCertificateNames(): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const hostname = os.hostname().trim();
  if (hostname && isIP(hostname) === 0 && /^[a-z0-9.-]+$/i.test(hostname)) {
    names.push(hostname.toLowerCase());
    if (!hostname.includes('.')) names.push(`${hostname.toLowerCase()}.local`);
  }
  return names;
}

/** Parse Node's `subjectAltName` string ("DNS:localhost, IP Address:127.0.0.1"). */
function namesIn(x509: X509Certificate): string[] {
  const out: string[] = [];
  for (const entry of (x509.subjectAltName ?? '').split(/,\s*/)) {
    const [kind, ...rest] = entry.split(':');
    const value = rest.join(':').trim();
    if (!value) continue;
    if (kind === 'DNS' || kind === 'IP Address') out.push(value.toLowerCase());
  }
  return out;
}

function covers(x509: X509Certificate, name: string): boolean {
  return isIP(name) ? x509.checkIP(name) !== undefined : x509.checkHost(name) !== undefined;
}

/** Canonical form, so "::1" and "0:0:0:0:0:0:0:1" count once. */
function canonical(name: string): string {
  if (isIP(name) === 6) {
    try {
      return new URL(`http://[${name}]/`).hostname.slice(1, -1);
    } catch {
      return name.toLowerCase();
    }
  }
  return name.toLowerCase();
}

function unique(names: Iterable<string>): string[] {
  return [...new Set([...names].map(canonical))];
}

async function readCached(
  dir: string,
): Promise<{ key: string; cert: string; x509: X509Certificate } | undefined> {
  try {
    const [key, cert] = await Promise.all([
      readFile(path.join(dir, KEY_FILE), 'utf8'),
      readFile(path.join(dir, CERT_FILE), 'utf8'),
    ]);
    return { key, cert, x509: new X509Certificate(cert) };
  } catch {
    return undefined;
  }
}

/**
 * A self-signed certificate for serving the app over HTTPS on a venue LAN,
 * cached in `dir` and reused while it is valid and covers every required name.
 * When the laptop gets a new address, a new certificate covers the old and new
 * addresses, so devices that already accepted one keep working where possible.
 */
export async function ensureCertificate(options: CertificateOptions): Promise<Certificate> {
  const dir = path.resolve(options.dir);
  const renewMs = (options.renewDays ?? 30) * DAY_MS;
  const required = unique([...defaultCertificateNames(), ...(options.names ?? [])]);
  const keyFile = path.join(dir, KEY_FILE);
  const certFile = path.join(dir, CERT_FILE);

  const cached = await readCached(dir);
  if (cached) {
    const { x509 } = cached;
    const validTo = new Date(x509.validTo);
    const fresh =
      validTo.getTime() - Date.now() > renewMs &&
      new Date(x509.validFrom).getTime() <= Date.now() + DAY_MS;
    const matches = keyMatches(x509, cached.key);
    if (fresh && matches && required.every((name) => covers(x509, name))) {
      return {
        key: cached.key,
        cert: cached.cert,
        fingerprint: x509.fingerprint256,
        keyFile,
        certFile,
        created: false,
        validTo,
      };
    }
  }

  // Keep the names of the previous certificate (other venues' addresses), newest first.
  const previous = cached ? namesIn(cached.x509) : [];
  const names = unique([...required, ...previous]).slice(0, MAX_NAMES);
  const notBeforeDate = new Date(Date.now() - DAY_MS); // tolerate devices whose clock is a little behind
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * DAY_MS);
  const pems = await generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: 'Backstage kiosk (self-signed)' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((name) =>
            isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
          ),
        },
      ],
    },
  );

  await mkdir(dir, { recursive: true });
  // Write then rename, so a crash never leaves a key that does not match its certificate.
  await writeFile(`${keyFile}.tmp`, pems.private, { mode: 0o600 });
  await writeFile(`${certFile}.tmp`, pems.cert, { mode: 0o644 });
  await rename(`${keyFile}.tmp`, keyFile);
  await rename(`${certFile}.tmp`, certFile);

  const x509 = new X509Certificate(pems.cert);
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: x509.fingerprint256,
    keyFile,
    certFile,
    created: true,
    validTo: new Date(x509.validTo),
  };
}

function keyMatches(x509: X509Certificate, keyPem: string): boolean {
  try {
    return x509.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}
