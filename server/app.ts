import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import { printBanner } from './banner';
import { CA_CERT_PATH, ensureCertificate, type Certificate } from './certificate';
import { isWildcardHost, reachableHosts, urlHost } from './network';
import { mountPeerServer } from './peer';
import { contentSecurityPolicy } from './security';

export { ROLE_SCREENS, joinUrl } from './banner';
export { CA_CERT_PATH } from './certificate';

/** Where the PeerServer lives on the app's origin. Clients use `path: PEER_PATH`. */
export const PEER_PATH = '/peerjs';
export const DEFAULT_PORT = 4173;
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerOptions {
  /** TCP port; 0 picks a free one (read it back from `url`/`port`). Default 4173. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1, or 0.0.0.0 (every interface) with `https`. */
  host?: string;
  /** Serve over HTTPS with a cached self-signed certificate (venue LAN). Default false. */
  https?: boolean;
  /** PeerServer peer listing at /peerjs/peerjs/peers. Default true. */
  discovery?: boolean;
  /** Drop a PeerJS client after this long without a heartbeat (ms). Default 20 000. */
  aliveTimeout?: number;
  /** Built app to serve. Default `<project>/dist`. */
  distDir?: string;
  /** Where the self-signed certificate is cached. Default `<project>/.certs`. */
  certDir?: string;
  /** A show's join code: print its join URL and QR code on start. */
  join?: string;
  /** PeerServers elsewhere that kiosks may be set to use (allowed by the CSP). */
  allowPeerServers?: string[];
  /** Print nothing but warnings and errors. Default false. */
  quiet?: boolean;
  /** Output for the start banner and warnings. Default console.log / console.warn. */
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface RunningServer {
  /** Primary origin, no trailing slash, e.g. `http://localhost:4173`. */
  url: string;
  /** Every origin a browser can use: `url` first, then LAN addresses. */
  urls: string[];
  port: number;
  host: string;
  secure: boolean;
  /** PeerJS client options for this server (`new Peer(id, { ...peer })`). */
  peer: { host: string; port: number; path: string; secure: boolean; key: string };
  /** The self-signed certificate in use, with `https`. */
  certificate?: Certificate;
  server: http.Server | https.Server;
  /** Stop accepting connections, drop open ones (HTTP keep-alive and PeerJS websockets). */
  close(): Promise<void>;
}

/** Files whose content changes under a stable name must be revalidated on every load. */
function cacheControlFor(filePath: string, distDir: string): string {
  const relative = path.relative(distDir, filePath).split(path.sep).join('/');
  // Vite's content-hashed output.
  if (relative.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  // index.html, sw.js, registerSW.js, manifest.webmanifest, icons, workbox runtime...
  // "no-cache" still allows a cheap 304 with the ETag.
  return 'no-cache';
}

function createApp(csp: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', csp);
    next();
  });
  return app;
}

function addStaticRoutes(app: express.Express, distDir: string): void {
  const indexFile = path.join(distDir, 'index.html');
  // Source maps are built (hidden) for reading bug reports, never served.
  app.use((req, res, next) => {
    if (req.path.endsWith('.map')) res.status(404).type('text/plain').send('Not found');
    else next();
  });
  // The build wrote .br and .gz beside each file (server/precompress.ts): sent as they are.
  app.use(
    expressStaticGzip(distDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: 'index.html',
      serveStatic: {
        redirect: false,
        setHeaders(res, filePath) {
          res.setHeader('Cache-Control', cacheControlFor(filePath, distDir));
        },
      },
    }),
  );

  // Nothing under the PeerServer's path falls through to the app.
  app.use(PEER_PATH, (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });

  // SPA fallback: routes are in the hash, but a deep link or a bookmarked path
  // still gets the app. Missing files (anything with an extension) are real 404s,
  // so a stale service worker never caches index.html as a script.
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (path.posix.extname(req.path) !== '') return next();
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .setHeader('Cache-Control', 'no-store')
        .send(
          `The app is not built: ${indexFile} is missing. Run "npm run build" (or "npm start").\n`,
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
}

function listen(
  server: http.Server | https.Server,
  port: number,
  host: string,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `Port ${port} is already in use on ${host}. Stop the other server or pass --port <another>.`,
            { cause: error },
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new Error(`Not allowed to listen on ${host}:${port}. Use a port above 1023.`, {
            cause: error,
          }),
        );
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new Error(`${host} is not an address of this machine.`, { cause: error }));
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Serve the built app and a PeerJS signalling server on one origin and port.
 * Resolves once listening; `url` is the real origin (useful with `port: 0`).
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const secure = options.https ?? false;
  const host = options.host ?? (secure ? '0.0.0.0' : '127.0.0.1');
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${port}`);
  const distDir = path.resolve(options.distDir ?? path.join(PROJECT_ROOT, 'dist'));
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const warn = options.warn ?? ((line: string) => console.warn(line));
  const reachable = reachableHosts(host);

  let certificate: Certificate | undefined;
  const app = createApp(contentSecurityPolicy(options.allowPeerServers));
  let server: http.Server | https.Server;
  if (secure) {
    const names = [...reachable.lan];
    if (!isWildcardHost(host)) names.push(host);
    certificate = await ensureCertificate({
      dir: options.certDir ?? path.join(PROJECT_ROOT, '.certs'),
      names,
    });
    server = https.createServer({ key: certificate.key, cert: certificate.cert }, app);
    // Devices install this once to trust the server without a warning (see certificate.ts).
    const caCert = certificate.caCert;
    app.get(CA_CERT_PATH, (_req, res) => {
      res
        .type('application/x-x509-ca-cert')
        .setHeader('Content-Disposition', `attachment; filename="${CA_CERT_PATH.slice(1)}"`)
        .setHeader('Cache-Control', 'no-cache')
        .send(caCert);
    });
  } else {
    server = http.createServer(app);
  }

  const peer = mountPeerServer(app, server, PEER_PATH, {
    discovery: options.discovery ?? true,
    aliveTimeout: options.aliveTimeout ?? 20_000,
    warn,
  });
  addStaticRoutes(app, distDir);

  let address: AddressInfo;
  try {
    address = await listen(server, port, host);
  } catch (error) {
    peer.close();
    throw error;
  }

  const scheme = secure ? 'https' : 'http';
  const origin = (h: string) => `${scheme}://${urlHost(h)}:${address.port}`;
  const urls = [reachable.local, ...reachable.lan].map(origin);
  const url = urls[0]!;

  let closing: Promise<void> | undefined;
  const running: RunningServer = {
    url,
    urls,
    port: address.port,
    host,
    secure,
    peer: { host: reachable.local, port: address.port, path: PEER_PATH, secure, key: 'peerjs' },
    certificate,
    server,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        peer.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };

  if (!existsSync(path.join(distDir, 'index.html'))) {
    warn(
      `Warning: ${path.join(distDir, 'index.html')} is missing; run "npm run build" first (or use "npm start").`,
    );
  }
  if (!options.quiet) {
    await printBanner(running, {
      log,
      join: options.join,
      discovery: options.discovery ?? true,
      distDir,
    });
  }
  return running;
}
