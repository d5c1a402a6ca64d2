import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/*
 * HTTPS on a venue LAN without internet, the mkcert way: a small certificate
 * authority of this laptop's own (kept for years) signs the server certificate
 * (regenerated whenever the laptop's addresses change). Devices that only click
 * through the browser warning can use the app online; devices that trust the CA
 * once (it is served at CA_CERT_PATH) get a secure origin without warnings, which
 * is what service workers (offline use, installing the app) require: Chromium
 * refuses to register one on a page with a certificate error.
 */

export interface Certificate {
  /** Server private key (PEM). */
  key: string;
  /** Server certificate followed by the CA certificate (PEM chain). */
  cert: string;
  /** The CA certificate (PEM) that devices can install and trust. */
  caCert: string;
  /** SHA-256 fingerprint of the CA certificate, colon-separated hex, as devices show it. */
  caFingerprint: string;
  /** SHA-256 fingerprint of the server certificate. */
  fingerprint: string;
  keyFile: string;
  certFile: string;
  caCertFile: string;
  /** True when a new server certificate was generated on this start. */
  created: boolean;
  validTo: Date;
}

export interface CertificateOptions {
  /** Directory where keys and certificates are cached (created if missing). */
  dir: string;
  /** Extra IP addresses and DNS names the certificate must cover. */
  names?: readonly string[];
  /** Regenerate when fewer than this many days of validity remain. Default 30. */
  renewDays?: number;
}

/** Where the server offers the CA certificate for download. */
export const CA_CERT_PATH = '/backstage-kiosk-ca.crt';

const FILES = {
  key: 'backstage-kiosk.key',
  cert: 'backstage-kiosk.crt',
  caKey: 'backstage-kiosk-ca.key',
  caCert: 'backstage-kiosk-ca.crt',
};
/** Apple platforms reject server certificates valid for more than 398 days. */
const SERVER_VALID_DAYS = 397;
const CA_VALID_DAYS = 10 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Keep the SAN list bounded even when the laptop roams across many networks. */
const MAX_NAMES = 40;

/** localhost, the machine's host name (and its .local mDNS name), loopback IPs. */
export function defaultCertificateNames(): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const hostname = os.hostname().trim().toLowerCase();
  if (hostname && isIP(hostname) === 0 && /^[a-z0-9.-]+$/.test(hostname)) {
    names.push(hostname);
    if (!hostname.includes('.')) names.push(`${hostname}.local`);
  }
  return names;
}

/** Parse Node's `subjectAltName` string ("DNS:localhost, IP Address:127.0.0.1"). */
function namesIn(x509: X509Certificate): string[] {
  const out: string[] = [];
  for (const entry of (x509.subjectAltName ?? '').split(/,\s*/)) {
    const [kind, ...rest] = entry.split(':');
    const value = rest.join(':').trim();
    if (value && (kind === 'DNS' || kind === 'IP Address')) out.push(value.toLowerCase());
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

interface Pair {
  key: string;
  cert: string;
  x509: X509Certificate;
}

async function readPair(dir: string, keyName: string, certName: string): Promise<Pair | undefined> {
  try {
    const [key, cert] = await Promise.all([
      readFile(path.join(dir, keyName), 'utf8'),
      readFile(path.join(dir, certName), 'utf8'),
    ]);
    const x509 = new X509Certificate(cert);
    return x509.checkPrivateKey(createPrivateKey(key)) ? { key, cert, x509 } : undefined;
  } catch {
    return undefined;
  }
}

function usable(x509: X509Certificate, renewMs: number): boolean {
  const now = Date.now();
  return (
    new Date(x509.validTo).getTime() - now > renewMs &&
    new Date(x509.validFrom).getTime() <= now + DAY_MS
  );
}

async function writePair(
  dir: string,
  keyName: string,
  certName: string,
  key: string,
  cert: string,
): Promise<void> {
  // Write then rename, so a crash never leaves a key that does not match its certificate.
  const keyFile = path.join(dir, keyName);
  const certFile = path.join(dir, certName);
  await writeFile(`${keyFile}.tmp`, key, { mode: 0o600 });
  await writeFile(`${certFile}.tmp`, cert, { mode: 0o644 });
  await rename(`${keyFile}.tmp`, keyFile);
  await rename(`${certFile}.tmp`, certFile);
}

function validity(days: number): { notBeforeDate: Date; notAfterDate: Date } {
  // Start a day early: a tablet whose clock is a little behind still accepts it.
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + days * DAY_MS) };
}

async function ensureCa(dir: string, renewMs: number): Promise<{ pair: Pair; created: boolean }> {
  const cached = await readPair(dir, FILES.caKey, FILES.caCert);
  if (cached && cached.x509.ca && usable(cached.x509, renewMs))
    return { pair: cached, created: false };
  const hostname = os.hostname().trim() || 'this machine';
  const pems = await generate(
    [
      { name: 'commonName', value: `Backstage kiosk local CA (${hostname})` },
      { name: 'organizationName', value: 'Backstage kiosk (self-signed)' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...validity(CA_VALID_DAYS),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    },
  );
  await writePair(dir, FILES.caKey, FILES.caCert, pems.private, pems.cert);
  return {
    pair: { key: pems.private, cert: pems.cert, x509: new X509Certificate(pems.cert) },
    created: true,
  };
}

/**
 * A server certificate for HTTPS on the venue LAN, signed by this machine's
 * local CA, cached in `dir` and reused while it is valid and covers every
 * required name. When the laptop gets a new address, the new certificate covers
 * the old and new addresses, so bookmarks from earlier venues keep working.
 */
export async function ensureCertificate(options: CertificateOptions): Promise<Certificate> {
  const dir = path.resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const renewMs = (options.renewDays ?? 30) * DAY_MS;
  const required = unique([...defaultCertificateNames(), ...(options.names ?? [])]);
  const ca = await ensureCa(dir, renewMs);
  const files = {
    keyFile: path.join(dir, FILES.key),
    certFile: path.join(dir, FILES.cert),
    caCertFile: path.join(dir, FILES.caCert),
  };
  const result = (server: Pair, created: boolean): Certificate => ({
    key: server.key,
    cert: `${server.cert.trimEnd()}\n${ca.pair.cert.trimEnd()}\n`,
    caCert: ca.pair.cert,
    caFingerprint: ca.pair.x509.fingerprint256,
    fingerprint: server.x509.fingerprint256,
    ...files,
    created,
    validTo: new Date(server.x509.validTo),
  });

  const cached = await readPair(dir, FILES.key, FILES.cert);
  if (
    cached &&
    !ca.created &&
    cached.x509.checkIssued(ca.pair.x509) &&
    cached.x509.verify(ca.pair.x509.publicKey) &&
    usable(cached.x509, renewMs) &&
    required.every((name) => covers(cached.x509, name))
  ) {
    return result(cached, false);
  }

  // Keep the names of the previous certificate (other venues' addresses).
  const previous = cached ? namesIn(cached.x509) : [];
  const names = unique([...required, ...previous]).slice(0, MAX_NAMES);
  const pems = await generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: 'Backstage kiosk (self-signed)' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...validity(SERVER_VALID_DAYS),
      ca: { key: ca.pair.key, cert: ca.pair.cert },
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
  await writePair(dir, FILES.key, FILES.cert, pems.private, pems.cert);
  return result({ key: pems.private, cert: pems.cert, x509: new X509Certificate(pems.cert) }, true);
}
