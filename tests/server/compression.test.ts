import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import { precompress } from '../../server/precompress';
import { contentSecurityPolicy } from '../../server/security';

let tmp: string;
let server: RunningServer;
const APP_JS = `export const looks = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `look ${i}`))};`;

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'backstage-compression-test-'));
  const dist = path.join(tmp, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(
    path.join(dist, 'index.html'),
    `<!doctype html><title>Backstage kiosk</title>${'<p>x</p>'.repeat(300)}`,
  );
  await writeFile(
    path.join(dist, 'sw.js'),
    `self.addEventListener("install", () => {});${' '.repeat(2000)}`,
  );
  await writeFile(path.join(dist, 'assets', 'index-Ab12Cd34.js'), APP_JS);
  await writeFile(path.join(dist, 'assets', 'index-Ab12Cd34.js.map'), '{"version":3}');
  await precompress(dist);
  server = await startServer({ port: 0, distDir: dist, quiet: true, warn: () => {} });
});

afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('the build, precompressed', () => {
  test('has a brotli and a gzip copy of each script that decompress to the original', async () => {
    const file = path.join(tmp, 'dist', 'assets', 'index-Ab12Cd34.js');
    expect(zlib.brotliDecompressSync(await readFile(`${file}.br`)).toString()).toBe(APP_JS);
    expect(zlib.gunzipSync(await readFile(`${file}.gz`)).toString()).toBe(APP_JS);
  });
});

describe('the server sending the app', () => {
  test('sends brotli to a browser that takes it, with the right type and a year of immutable caching', async () => {
    const res = await get(`${server.url}/assets/index-Ab12Cd34.js`, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(APP_JS);
  });

  test('sends gzip to a client without brotli, and plain text to one without either', async () => {
    const gz = await get(`${server.url}/assets/index-Ab12Cd34.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(APP_JS);
    const plain = await get(`${server.url}/assets/index-Ab12Cd34.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  test('makes index.html and sw.js revalidate on every load, compressed too', async () => {
    for (const file of ['/', '/sw.js']) {
      const res = await get(`${server.url}${file}`, { 'accept-encoding': 'br' });
      expect(res.headers['cache-control'], file).toBe('no-cache');
      expect(res.headers['content-encoding'], file).toBe('br');
    }
  });

  test('never serves source maps', async () => {
    const res = await get(`${server.url}/assets/index-Ab12Cd34.js.map`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('version');
  });

  test('forbids framing and scripts from elsewhere in its Content-Security-Policy', async () => {
    const res = await get(`${server.url}/`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self';");
  });
});

describe('the Content-Security-Policy', () => {
  test('lets kiosks reach a PeerServer named on the command line, over HTTP and WebSocket', () => {
    expect(contentSecurityPolicy(['https://peers.example.org:9000/peerjs'])).toContain(
      "connect-src 'self' https://peers.example.org:9000 wss://peers.example.org:9000;",
    );
  });

  test('refuses a PeerServer that is not an http(s) URL, saying which', () => {
    expect(() => contentSecurityPolicy(['peers.example.org'])).toThrow(
      '"peers.example.org" is not a URL',
    );
    expect(() => contentSecurityPolicy(['ftp://x.org'])).toThrow(
      'must start with https:// or http://',
    );
  });
});
