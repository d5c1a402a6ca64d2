import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  GeneralName as AsnGeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  NameConstraints,
  id_ce_nameConstraints,
} from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

/*
 * HTTPS on a venue LAN without internet, the mkcert way: a small certificate
 * authority of this laptop's own signs the server certificate. Devices that only click
 * through the browser warning can use the app online; devices that trust the CA once
 * (it is served at CA_CERT_PATH) get a secure origin without warnings, which is what
 * service workers (offline use, installing the app) require: Chromium refuses to
 * register one on a page with a certificate error.
 *
 * A device that trusts a CA trusts whatever it signs, and its key sits in a folder on
 * the laptop. So the CA can vouch for nothing but the laptop: its name constraints
 * (critical) permit only the laptop's names (localhost, its host name and .local name)
 * and the networks of its addresses (each at most a /16, or a /64 for IPv6; an address
 * on no interface of the laptop: that address alone). Every browser and openssl refuse
 * a certificate it would sign for any other name. It lives 397 days at most, and a new
 * one is made when it nears its end or when the laptop gets a name or an address outside
 * its constraints (a renamed laptop, another network): devices then trust it again.
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
  /** True when a new CA was made on this start: devices must trust it again. */
  caCreated: boolean;
  validTo: Date;
  caValidTo: Date;
}

export interface CertificateOptions {
  /** Directory where keys and certificates are cached (created if missing). */
  dir: string;
  /** Extra IP addresses and DNS names the certificate must cover. */
  names?: readonly string[];
  /** Regenerate when fewer than this many days of validity remain. Default 30. */
  renewDays?: number;
  /** The laptop's network interfaces (tests); default `os.networkInterfaces()`. */
  interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

/** Where the server offers the CA certificate for download. */
export const CA_CERT_PATH = '/backstage-kiosk-ca.crt';

const FILES = {
  key: 'backstage-kiosk.key',
  cert: 'backstage-kiosk.crt',
  caKey: 'backstage-kiosk-ca.key',
  caCert: 'backstage-kiosk-ca.crt',
};
/** Apple platforms reject server certificates valid for more than 398 days; the CA lives no longer. */
const VALID_DAYS = 397;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Keep the SAN list bounded even when the laptop roams within its networks. */
const MAX_NAMES = 40;
/** The widest network a CA may cover: a venue's /8 does not make it valid for 16 million hosts. */
const WIDEST_PREFIX = { 4: 16, 6: 64 } as const;
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

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

// ---- what a CA may vouch for ----

/** A CA's permitted subtrees: DNS names (and their subdomains) and IP networks (`address/prefix`). */
export interface Permitted {
  dns: string[];
  ip: string[];
}

const ipBytes = (address: string): number[] => {
  if (isIP(address) === 4) return address.split('.').map(Number);
  const [head = '', tail = ''] = canonical(address).split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(Math.max(0, missing)).fill('0'), ...groups(tail)];
  return all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 255];
  });
};

const ipText = (bytes: number[]): string =>
  bytes.length === 4
    ? bytes.join('.')
    : canonical(
        Array.from({ length: 8 }, (_, i) =>
          ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16),
        ).join(':'),
      );

/** `address/prefix` with the host bits cleared, as name constraints want it. */
function network(address: string, prefix: number): string {
  const bytes = ipBytes(address).map((byte, i) => {
    const bits = Math.min(8, Math.max(0, prefix - 8 * i));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return `${ipText(bytes)}/${prefix}`;
}

/** The network an address of the laptop is on (at most WIDEST_PREFIX wide), or the address alone. */
function rangeOf(address: string, interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  const family = isIP(address) as 4 | 6;
  const full = family === 4 ? 32 : 128;
  for (const infos of Object.values(interfaces))
    for (const info of infos ?? []) {
      if (canonical(info.address) !== canonical(address) || !info.cidr) continue;
      const prefix = Number(info.cidr.split('/')[1]);
      if (Number.isInteger(prefix))
        return network(address, Math.max(prefix, WIDEST_PREFIX[family]));
    }
  return network(address, full);
}

/** What a new CA for these names permits. */
export function permittedFor(
  names: readonly string[],
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): Permitted {
  return {
    dns: unique(names.filter((name) => isIP(name) === 0)),
    ip: [...new Set(names.filter((name) => isIP(name) !== 0).map((ip) => rangeOf(ip, interfaces)))],
  };
}

/** The permitted subtrees of a CA certificate; undefined when it has no critical name constraints. */
export function permittedBy(caPem: string): Permitted | undefined {
  const extension = new x509.X509Certificate(caPem).getExtension(id_ce_nameConstraints);
  if (!extension?.critical) return undefined;
  const constraints = AsnConvert.parse(extension.value, NameConstraints);
  if (constraints.excludedSubtrees?.length) return undefined;
  const permitted: Permitted = { dns: [], ip: [] };
  for (const subtree of constraints.permittedSubtrees ?? []) {
    if (subtree.base.dNSName) permitted.dns.push(subtree.base.dNSName.toLowerCase());
    else if (subtree.base.iPAddress) permitted.ip.push(subtree.base.iPAddress);
  }
  return permitted;
}

/** Would a certificate for `name` pass these constraints? */
export function isPermitted(permitted: Permitted, name: string): boolean {
  const family = isIP(name);
  if (family === 0) {
    const host = name.toLowerCase();
    return permitted.dns.some((base) => host === base || host.endsWith(`.${base}`));
  }
  const list = new BlockList();
  for (const range of permitted.ip) {
    const [base = '', prefix = ''] = range.split('/');
    const baseFamily = isIP(base);
    if (baseFamily !== 0) list.addSubnet(base, Number(prefix), baseFamily === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

function nameConstraints(permitted: Permitted): x509.Extension {
  const subtrees = [
    ...permitted.dns.map(
      (dNSName) => new GeneralSubtree({ base: new AsnGeneralName({ dNSName }) }),
    ),
    ...permitted.ip.map(
      (iPAddress) => new GeneralSubtree({ base: new AsnGeneralName({ iPAddress }) }),
    ),
  ];
  const value = AsnConvert.serialize(
    new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }),
  );
  return new x509.Extension(id_ce_nameConstraints, true, value);
}

// ---- names ----

/** Parse Node's `subjectAltName` string ("DNS:localhost, IP Address:127.0.0.1"). */
function namesIn(cert: X509Certificate): string[] {
  const out: string[] = [];
  for (const entry of (cert.subjectAltName ?? '').split(/,\s*/)) {
    const [kind, ...rest] = entry.split(':');
    const value = rest.join(':').trim();
    if (value && (kind === 'DNS' || kind === 'IP Address')) out.push(value.toLowerCase());
  }
  return out;
}

function covers(cert: X509Certificate, name: string): boolean {
  return isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
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

// ---- files ----

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
    const parsed = new X509Certificate(cert);
    return parsed.checkPrivateKey(createPrivateKey(key)) ? { key, cert, x509: parsed } : undefined;
  } catch {
    return undefined;
  }
}

async function writePair(dir: string, keyName: string, certName: string, pair: Pair) {
  // Write then rename, so a crash never leaves a key that does not match its certificate.
  const keyFile = path.join(dir, keyName);
  const certFile = path.join(dir, certName);
  await writeFile(`${keyFile}.tmp`, pair.key, { mode: 0o600 });
  await writeFile(`${certFile}.tmp`, pair.cert, { mode: 0o644 });
  await rename(`${keyFile}.tmp`, keyFile);
  await rename(`${certFile}.tmp`, certFile);
}

const timeOf = (date: string) => new Date(date).getTime();

function usable(cert: X509Certificate, renewMs: number): boolean {
  const now = Date.now();
  return timeOf(cert.validTo) - now > renewMs && timeOf(cert.validFrom) <= now + DAY_MS;
}

/** Lives no longer than VALID_DAYS (a CA of an earlier version lived ten years). */
const isShortLived = (cert: X509Certificate) =>
  timeOf(cert.validTo) - timeOf(cert.validFrom) <= (VALID_DAYS + 1) * DAY_MS;

// ---- making certificates ----

async function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function signingKey(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign']);
}

function pairOf(key: string, cert: x509.X509Certificate): Pair {
  const pem = cert.toString('pem');
  return { key, cert: pem, x509: new X509Certificate(pem) };
}

async function newCa(permitted: Permitted): Promise<Pair> {
  const keys = await newKeys();
  // Start a day early: a tablet whose clock is a little behind still accepts it.
  const notBefore = new Date(Date.now() - DAY_MS);
  const hostname = os.hostname().trim() || 'this machine';
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [
      { CN: [`Backstage kiosk local CA (${hostname})`] },
      { O: ['Backstage kiosk (self-signed)'] },
    ],
    keys,
    notBefore,
    notAfter: new Date(notBefore.getTime() + VALID_DAYS * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      nameConstraints(permitted),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return pairOf(await keyPem(keys.privateKey), cert);
}

async function newServerCertificate(ca: Pair, names: readonly string[]): Promise<Pair> {
  const keys = await newKeys();
  const caCert = new x509.X509Certificate(ca.cert);
  const notBefore = new Date(Date.now() - DAY_MS);
  // Never past the CA's own end: a chain is only as valid as its CA.
  const notAfter = new Date(
    Math.min(notBefore.getTime() + VALID_DAYS * DAY_MS, caCert.notAfter.getTime()),
  );
  const cert = await x509.X509CertificateGenerator.create({
    subject: [{ CN: ['localhost'] }, { O: ['Backstage kiosk (self-signed)'] }],
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: await signingKey(ca.key),
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) => ({
          type: isIP(name) ? ('ip' as const) : ('dns' as const),
          value: name,
        })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return pairOf(await keyPem(keys.privateKey), cert);
}

/** The cached CA while it is short-lived, usable and permits every name; else a new one for them. */
async function ensureCa(
  dir: string,
  required: readonly string[],
  renewMs: number,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> | undefined,
): Promise<{ pair: Pair; permitted: Permitted; created: boolean }> {
  const cached = await readPair(dir, FILES.caKey, FILES.caCert);
  const permitted = cached?.x509.ca ? permittedBy(cached.cert) : undefined;
  if (
    cached &&
    permitted &&
    isShortLived(cached.x509) &&
    usable(cached.x509, renewMs) &&
    required.every((name) => isPermitted(permitted, name))
  )
    return { pair: cached, permitted, created: false };
  const fresh = permittedFor(required, interfaces);
  const pair = await newCa(fresh);
  await writePair(dir, FILES.caKey, FILES.caCert, pair);
  return { pair, permitted: fresh, created: true };
}

/**
 * A server certificate for HTTPS on the venue LAN, signed by this machine's local CA,
 * cached in `dir` and reused while it is valid and covers every required name. When
 * the laptop gets another address on the same network, the new certificate covers the
 * old and new addresses (bookmarks keep working) under the same CA.
 */
export async function ensureCertificate(options: CertificateOptions): Promise<Certificate> {
  const dir = path.resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const renewMs = (options.renewDays ?? 30) * DAY_MS;
  const required = unique([...defaultCertificateNames(), ...(options.names ?? [])]);
  const ca = await ensureCa(dir, required, renewMs, options.interfaces);
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
    caCreated: ca.created,
    validTo: new Date(server.x509.validTo),
    caValidTo: new Date(ca.pair.x509.validTo),
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

  // Keep the names of the previous certificate that this CA still vouches for (the
  // laptop's earlier addresses on this network).
  const previous = cached ? namesIn(cached.x509) : [];
  const names = unique([...required, ...previous])
    .filter((name) => isPermitted(ca.permitted, name))
    .slice(0, MAX_NAMES);
  const server = await newServerCertificate(ca.pair, names);
  await writePair(dir, FILES.key, FILES.cert, server);
  return result(server, true);
}
