import { X509Certificate } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import {
  CA_CERT_PATH,
  joinUrl,
  startServer,
  type RunningServer,
  type ServerOptions,
} from '../../server/app';

let tmp: string;
let distDir: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'backstage-server-test-'));
  distDir = path.join(tmp, 'dist');
  await mkdir(path.join(distDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(distDir, 'index.html'),
    '<!doctype html><title>Backstage kiosk</title><div id="app"></div>',
  );
  await writeFile(path.join(distDir, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(path.join(distDir, 'assets', 'index-Ab12Cd34.js'), 'console.log("app");');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function start(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({
    port: 0,
    distDir,
    quiet: true,
    certDir: path.join(tmp, 'certs'),
    warn: () => {},
    ...options,
  });
  running.push(server);
  return server;
}

/** GET over HTTPS: accept any certificate, or only one issued by `ca`. */
function httpsGet(
  url: string,
  trust: { ca: string } | 'any' = 'any',
): Promise<{ status: number; body: string; type: string; cert: X509Certificate }> {
  const tls =
    trust === 'any' ? { rejectUnauthorized: false } : { ca: trust.ca, rejectUnauthorized: true };
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...tls, agent: false }, (res) => {
      const socket = res.socket as TLSSocket;
      const cert = new X509Certificate(socket.getPeerX509Certificate()!.raw);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          type: String(res.headers['content-type']),
          cert,
        }),
      );
    });
    req.on('error', reject);
  });
}

/** Open a PeerJS signalling socket and resolve with the server's first message. */
function peerSocket(
  origin: string,
  id: string,
): Promise<{ ws: WebSocket; first: { type: string } }> {
  const url = `${origin.replace(/^http/, 'ws')}/peerjs/peerjs?key=peerjs&id=${id}&token=t-${id}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false });
    const timer = setTimeout(() => reject(new Error(`no message from ${url}`)), 5000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve({ ws, first: JSON.parse(String(data)) as { type: string } });
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('HTTP server', () => {
  test('serves index.html with no-cache, and hashed assets as immutable', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);

    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>Backstage kiosk</title>');

    const sw = await fetch(`${url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');

    const asset = await fetch(`${url}/assets/index-Ab12Cd34.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  test('falls back to index.html for app paths, but not for missing files', async () => {
    const { url } = await start();
    const deep = await fetch(`${url}/producer/some/deep/link`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toContain('<title>Backstage kiosk</title>');

    expect((await fetch(`${url}/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${url}/peerjs/nothing-here`)).status).toBe(404);
  });

  test('explains a missing build instead of serving nothing', async () => {
    const { url } = await start({ distDir: path.join(tmp, 'not-built') });
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  test('reports a busy port clearly', async () => {
    const first = await start();
    await expect(start({ port: first.port })).rejects.toThrow(/already in use/);
  });

  test('close() returns promptly with keep-alive and websocket clients connected, and frees the port', async () => {
    const server = await start();
    await fetch(`${server.url}/`); // leaves a keep-alive connection open
    const { ws } = await peerSocket(server.url, 'lingering');
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await server.close();
    await closed;
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });
});

describe('PeerServer', () => {
  test('accepts PeerJS clients on the same origin and lists them (discovery on)', async () => {
    const { url, peer } = await start();
    expect(peer).toMatchObject({ path: '/peerjs', key: 'peerjs', secure: false });

    const id = await fetch(`${url}/peerjs/peerjs/id`);
    expect(id.status).toBe(200);
    expect((await id.text()).length).toBeGreaterThan(0);

    const { ws, first } = await peerSocket(url, 'kiosk-a');
    expect(first.type).toBe('OPEN');
    const peers = await fetch(`${url}/peerjs/peerjs/peers`);
    expect(peers.status).toBe(200);
    expect(await peers.json()).toEqual(['kiosk-a']);
    ws.close();
  });

  test('hides the peer list with discovery off', async () => {
    const { url } = await start({ discovery: false });
    expect((await fetch(`${url}/peerjs/peerjs/peers`)).status).toBe(401);
    const { ws, first } = await peerSocket(url, 'kiosk-b');
    expect(first.type).toBe('OPEN');
    ws.close();
  });

  test('survives a malformed signalling message', async () => {
    const warnings: string[] = [];
    const { url } = await start({ warn: (line) => warnings.push(line) });
    const { ws } = await peerSocket(url, 'rude');
    ws.send('this is not JSON');
    await expect.poll(() => warnings.length).toBeGreaterThan(0);
    const { ws: next, first } = await peerSocket(url, 'polite');
    expect(first.type).toBe('OPEN');
    ws.close();
    next.close();
  });
});

describe('HTTPS', () => {
  test('serves the app and wss:// signalling with a cached certificate from a local CA', async () => {
    const certDir = path.join(tmp, 'https-certs');
    const server = await start({ https: true, host: '127.0.0.1', certDir });
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const certificate = server.certificate!;
    expect(certificate.created).toBe(true);

    const res = await httpsGet(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Backstage kiosk</title>');
    expect(res.cert.checkHost('localhost')).toBe('localhost');
    expect(res.cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(res.cert.fingerprint256).toBe(certificate.fingerprint);

    // A device that installed the CA certificate gets a fully verified connection.
    const ca = await httpsGet(`https://127.0.0.1:${server.port}${CA_CERT_PATH}`);
    expect(ca.status).toBe(200);
    expect(ca.type).toContain('application/x-x509-ca-cert');
    expect(new X509Certificate(ca.body).ca).toBe(true);
    expect(new X509Certificate(ca.body).fingerprint256).toBe(certificate.caFingerprint);
    for (const origin of [server.url, `https://127.0.0.1:${server.port}`]) {
      expect((await httpsGet(`${origin}/`, { ca: ca.body })).status).toBe(200);
    }

    const { ws, first } = await peerSocket(server.url, 'secure-kiosk');
    expect(first.type).toBe('OPEN');
    ws.close();
    await server.close();

    // A restart reuses the certificate, so devices that accepted it are not asked again.
    const again = await start({ https: true, host: '127.0.0.1', certDir });
    expect(again.certificate?.created).toBe(false);
    expect(again.certificate?.fingerprint).toBe(certificate.fingerprint);
  });

  test('covers the LAN addresses when listening on every interface', async () => {
    const server = await start({ https: true, certDir: path.join(tmp, 'lan-certs') });
    expect(server.host).toBe('0.0.0.0');
    const cert = new X509Certificate(server.certificate!.cert);
    expect(server.urls[0]).toMatch(/^https:\/\/localhost:/);
    for (const origin of server.urls.slice(1)) {
      const ip = new URL(origin).hostname;
      expect(cert.checkIP(ip)).toBe(ip);
    }
  });
});

describe('start banner', () => {
  test('prints every role screen, the demo hint and a join link with QR code', async () => {
    const lines: string[] = [];
    const server = await start({
      quiet: false,
      log: (line) => lines.push(line),
      join: 'SPRING-25',
    });
    const out = lines.join('\n');
    for (const role of ['producer', 'wall', 'curtain', 'makeup']) {
      expect(out).toContain(`${server.url}/#/${role}`);
    }
    expect(out).toMatch(/demo show/i);
    expect(out).toContain(joinUrl(server.url, 'SPRING-25'));
    expect(out).toContain('▄'); // the terminal QR code
  });

  test('join links follow the app route', () => {
    expect(joinUrl('https://192.168.1.20:4173', 'AB 12')).toBe(
      'https://192.168.1.20:4173/#/join?show=AB%2012',
    );
  });
});
