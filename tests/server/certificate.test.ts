import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureCertificate, isPermitted, permittedBy } from '../../server/certificate';

// The laptop's local certificate authority: trusted by every device of the show, so it
// must not be able to vouch for anything but the laptop, and must not live for years.

const DAY_MS = 24 * 60 * 60 * 1000;
const OPENSSL = '/usr/bin/openssl';
const run = promisify(execFile);

let tmp: string;
let dirs = 0;
const newDir = () => path.join(tmp, `certs-${++dirs}`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'backstage-certificate-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A laptop on one Wi-Fi network, as os.networkInterfaces() describes it. */
const onWifi = (address: string, prefix = 24): NodeJS.Dict<os.NetworkInterfaceInfo[]> => ({
  wlan0: [
    {
      address,
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: `${address}/${prefix}`,
    },
  ],
});

/** What someone holding the CA's key would try: a certificate for a name that is not the laptop's. */
async function forge(dir: string, names: { type: 'dns' | 'ip'; value: string }[]): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const caPem = await readFile(path.join(dir, 'backstage-kiosk-ca.crt'), 'utf8');
  const der = createPrivateKey(
    await readFile(path.join(dir, 'backstage-kiosk-ca.key'), 'utf8'),
  ).export({ type: 'pkcs8', format: 'der' });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject: 'CN=Forged certificate',
    issuer: new x509.X509Certificate(caPem).subject,
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const file = path.join(dir, `forged-${names[0]!.value.replace(/[^a-z0-9]/gi, '')}.crt`);
  await writeFile(file, cert.toString('pem'));
  return file;
}

/** `openssl verify` of a certificate against the laptop's CA alone: its exit and what it said. */
async function opensslVerify(
  dir: string,
  certFile: string,
): Promise<{ ok: boolean; said: string }> {
  const caFile = path.join(dir, 'backstage-kiosk-ca.crt');
  try {
    const { stdout } = await run(OPENSSL, ['verify', '-CAfile', caFile, certFile]);
    return { ok: true, said: stdout };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, said: `${stdout}${stderr}` };
  }
}

describe("the laptop's certificate authority", () => {
  test('is a CA that lives at most 398 days, and the server certificate no longer', async () => {
    const certificate = await ensureCertificate({ dir: newDir(), interfaces: {} });
    const ca = new X509Certificate(certificate.caCert);
    const server = new X509Certificate(certificate.cert);
    const life = (cert: X509Certificate) =>
      (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / DAY_MS;
    expect(ca.ca).toBe(true);
    expect(life(ca)).toBeLessThanOrEqual(398);
    expect(life(server)).toBeLessThanOrEqual(398);
    expect(new Date(server.validTo).getTime()).toBeLessThanOrEqual(new Date(ca.validTo).getTime());
    expect(server.checkIssued(ca)).toBe(true);
  });

  test("permits, in critical name constraints, only the laptop's names and its networks' addresses", async () => {
    const certificate = await ensureCertificate({
      dir: newDir(),
      names: ['192.168.50.10', '10.1.2.3'],
      interfaces: onWifi('192.168.50.10'),
    });
    const permitted = permittedBy(certificate.caCert)!;
    const hostname = os.hostname().toLowerCase();
    expect(permitted.dns).toEqual(expect.arrayContaining(['localhost', hostname]));
    expect(permitted.ip).toEqual(
      expect.arrayContaining(['192.168.50.0/24', '10.1.2.3/32', '::1/128']),
    );
    expect(isPermitted(permitted, '192.168.50.77')).toBe(true);
    expect(isPermitted(permitted, '10.1.2.4')).toBe(false);
    expect(isPermitted(permitted, '8.8.8.8')).toBe(false);
    expect(isPermitted(permitted, 'bank.example.com')).toBe(false);
    expect(isPermitted(permitted, 'localhost.example.com')).toBe(false);
    expect(isPermitted(permitted, '2001:db8::1')).toBe(false);
  });

  test('never permits more than a /16 however wide the venue network is', async () => {
    const certificate = await ensureCertificate({
      dir: newDir(),
      names: ['10.20.30.40'],
      interfaces: onWifi('10.20.30.40', 8),
    });
    const permitted = permittedBy(certificate.caCert)!;
    expect(permitted.ip).toContain('10.20.0.0/16');
    expect(isPermitted(permitted, '10.99.0.1')).toBe(false);
  });

  test.skipIf(!existsSync(OPENSSL))(
    'has its name constraints enforced by openssl: a certificate it signs for another name is refused',
    async () => {
      const dir = newDir();
      await ensureCertificate({
        dir,
        names: ['192.168.50.10'],
        interfaces: onWifi('192.168.50.10'),
      });
      const text = (
        await run(OPENSSL, [
          'x509',
          '-noout',
          '-text',
          '-in',
          path.join(dir, 'backstage-kiosk-ca.crt'),
        ])
      ).stdout;
      expect(text).toMatch(/Name Constraints: critical/);

      // The laptop's own certificate passes...
      expect(await opensslVerify(dir, path.join(dir, 'backstage-kiosk.crt'))).toMatchObject({
        ok: true,
      });
      expect(
        (await opensslVerify(dir, await forge(dir, [{ type: 'ip', value: '192.168.50.99' }]))).ok,
      ).toBe(true);
      // ...and whatever the CA's key signs for anything else is refused.
      for (const names of [
        [{ type: 'dns' as const, value: 'bank.example.com' }],
        [{ type: 'ip' as const, value: '8.8.8.8' }],
        [{ type: 'ip' as const, value: '192.168.51.1' }],
      ]) {
        const verdict = await opensslVerify(dir, await forge(dir, names));
        expect(verdict.ok).toBe(false);
        expect(verdict.said).toMatch(/permitted subtree violation/);
      }
    },
  );
});

describe('renewal', () => {
  test('another address on the same network: a new server certificate under the same CA, keeping the old address', async () => {
    const dir = newDir();
    const first = await ensureCertificate({
      dir,
      names: ['192.168.50.10'],
      interfaces: onWifi('192.168.50.10'),
    });
    const moved = await ensureCertificate({
      dir,
      names: ['192.168.50.23'],
      interfaces: onWifi('192.168.50.23'),
    });
    const cert = new X509Certificate(moved.cert);
    expect(moved).toMatchObject({ created: true, caCreated: false });
    expect(moved.caFingerprint).toBe(first.caFingerprint);
    expect(cert.checkIP('192.168.50.23')).toBe('192.168.50.23');
    expect(cert.checkIP('192.168.50.10')).toBe('192.168.50.10');
    const again = await ensureCertificate({
      dir,
      names: ['192.168.50.10'],
      interfaces: onWifi('192.168.50.10'),
    });
    expect(again).toMatchObject({ created: false, caCreated: false });
  });

  test('another network: a new CA for the new address alone, which devices trust again', async () => {
    const dir = newDir();
    const first = await ensureCertificate({ dir, names: ['10.1.2.3'], interfaces: {} });
    const moved = await ensureCertificate({ dir, names: ['10.9.9.9'], interfaces: {} });
    expect(moved).toMatchObject({ created: true, caCreated: true });
    expect(moved.caFingerprint).not.toBe(first.caFingerprint);
    const cert = new X509Certificate(moved.cert);
    expect(cert.checkIP('10.9.9.9')).toBe('10.9.9.9');
    expect(cert.checkIP('10.1.2.3')).toBeUndefined();
    expect(isPermitted(permittedBy(moved.caCert)!, '10.1.2.3')).toBe(false);
  });

  test('a CA near its end is replaced', async () => {
    const dir = newDir();
    const first = await ensureCertificate({ dir, interfaces: {} });
    const renewed = await ensureCertificate({ dir, interfaces: {}, renewDays: 400 });
    expect(renewed.caCreated).toBe(true);
    expect(renewed.caFingerprint).not.toBe(first.caFingerprint);
  });

  test('the unconstrained ten-year CA of earlier versions is replaced', async () => {
    const dir = newDir();
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const old = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=Backstage kiosk local CA',
      keys,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 3650 * DAY_MS),
      signingAlgorithm: algorithm,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const key = x509.PemConverter.encode(
      await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
      'PRIVATE KEY',
    );
    await ensureCertificate({ dir, interfaces: {} }); // makes the folder and files
    await writeFile(path.join(dir, 'backstage-kiosk-ca.key'), key);
    await writeFile(path.join(dir, 'backstage-kiosk-ca.crt'), old.toString('pem'));
    const renewed = await ensureCertificate({ dir, interfaces: {} });
    expect(renewed.caCreated).toBe(true);
    expect(permittedBy(renewed.caCert)).toBeDefined();
  });
});
