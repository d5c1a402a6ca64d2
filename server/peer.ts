import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ExpressPeerServer } from 'peer';

export interface PeerServerOptions {
  /** Let clients list connected peer ids at `<path>/peerjs/peers` (the app's mesh uses it). */
  discovery: boolean;
  /** Drop a peer that sent no heartbeat for this long (ms). PeerJS clients ping every 5 s. */
  aliveTimeout: number;
  /** Report server-side problems (bad frames, socket errors). */
  warn: (message: string) => void;
}

export interface MountedPeerServer {
  /** Number of peers currently registered. */
  peerCount(): number;
  /** Disconnect every peer and stop the PeerServer's internal timers. */
  close(): void;
}

/*
 * The `peer` package starts two self-rescheduling setTimeout loops per server
 * (message expiry, dead-connection sweep) and offers no way to stop them, so a
 * process that started and closed a server in-process (tests, benchmarks) would
 * never exit. We run the PeerServer's setup inside an AsyncLocalStorage scope:
 * timers created in that scope, and the ones their callbacks schedule, are
 * unref'd and stop rescheduling once the scope is closed. Other timers are
 * untouched.
 */
interface TimerScope {
  stopped: boolean;
}
const timerScope = new AsyncLocalStorage<TimerScope>();
let setTimeoutPatched = false;

function patchSetTimeout(): void {
  if (setTimeoutPatched) return;
  setTimeoutPatched = true;
  const original = globalThis.setTimeout;
  const scoped = function (this: unknown, ...args: Parameters<typeof setTimeout>) {
    const timer = Reflect.apply(original, this, args) as ReturnType<typeof setTimeout>;
    const scope = timerScope.getStore();
    if (scope) {
      if (scope.stopped) clearTimeout(timer);
      else timer.unref();
    }
    return timer;
  };
  // Keep util.promisify.custom, __promisify__, name and length.
  Object.defineProperties(scoped, Object.getOwnPropertyDescriptors(original));
  globalThis.setTimeout = scoped as typeof setTimeout;
}

/**
 * Mount a PeerJS signalling server on `app` at `mountPath`, sharing `server`
 * (HTTP or HTTPS, so the websocket is ws:// or wss:// like the page).
 * Clients connect with `new Peer({ host, port, path: mountPath, secure })`.
 */
export function mountPeerServer(
  app: Express,
  server: http.Server | https.Server,
  mountPath: string,
  options: PeerServerOptions,
): MountedPeerServer {
  patchSetTimeout();
  const scope: TimerScope = { stopped: false };
  const peers = new Set<string>();
  const upgraded = new Set<Duplex>();

  // Track websocket sockets: after the upgrade they are no longer the HTTP server's,
  // so server.close() would wait for them forever.
  server.on('upgrade', (_req: http.IncomingMessage, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });

  const peerServer = ExpressPeerServer(server, {
    path: '/',
    key: 'peerjs',
    allow_discovery: options.discovery,
    alive_timeout: options.aliveTimeout,
    // A message for a peer that is not connected yet waits this long before EXPIRE.
    expire_timeout: 5000,
    concurrent_limit: 1000,
    proxied: false,
  });

  // Without an 'error' listener, one malformed websocket frame (invalid JSON)
  // would be re-emitted as an unhandled 'error' event and crash the process.
  // Log at most one line per 10 s so a misbehaving client cannot flood the terminal.
  let lastWarning = 0;
  let suppressed = 0;
  peerServer.on('error', (error: NodeJS.ErrnoException) => {
    // ws re-emits the HTTP server's own errors; listen errors are reported by startServer.
    if (error.syscall === 'listen') return;
    const now = Date.now();
    if (now - lastWarning < 10_000) {
      suppressed++;
      return;
    }
    const more = suppressed > 0 ? ` (+${suppressed} similar)` : '';
    lastWarning = now;
    suppressed = 0;
    options.warn(`PeerServer: ${error.message}${more}`);
  });
  peerServer.on('connection', (client) => peers.add(client.getId()));
  peerServer.on('disconnect', (client) => peers.delete(client.getId()));

  // Mounting fires the PeerServer's setup, which starts its timers: run it in the scope.
  timerScope.run(scope, () => app.use(mountPath, peerServer));

  return {
    peerCount: () => peers.size,
    close() {
      scope.stopped = true;
      for (const socket of upgraded) socket.destroy();
      upgraded.clear();
      peers.clear();
    },
  };
}
