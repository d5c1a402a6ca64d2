// Where the PeerServer is: on the page's origin (the default), or at a URL set in Settings.

export interface PeerServerAddress {
  host: string;
  port: number;
  /** Where the PeerServer is mounted, e.g. `/peerjs`. */
  path: string;
  secure: boolean;
  key: string;
}

/** The path the app's own server (server/app.ts) mounts the PeerServer at. */
export const PEER_PATH = '/peerjs';

/** The PeerServer on the origin that served the app: one origin, so an HTTPS page gets wss://. */
export function serverFromOrigin(
  location: Pick<Location, 'protocol' | 'hostname' | 'port'>,
): PeerServerAddress {
  const secure = location.protocol === 'https:';
  return {
    host: location.hostname,
    port: location.port ? Number(location.port) : secure ? 443 : 80,
    path: PEER_PATH,
    secure,
    key: 'peerjs',
  };
}

/**
 * A PeerServer set in Settings, as a URL: `https://signal.example.com/peerjs`,
 * `http://192.168.1.20:9000/`. Undefined when it is not an http(s) URL.
 */
export function serverFromUrl(url: string): PeerServerAddress | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const secure = parsed.protocol === 'https:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 80,
    path: parsed.pathname.replace(/\/+$/, '') || '/',
    secure,
    key: 'peerjs',
  };
}

/** The PeerServer's peer listing (only answers with `allow_discovery`). */
export function peersListUrl(server: PeerServerAddress): string {
  const path = server.path.endsWith('/') ? server.path : `${server.path}/`;
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `${server.secure ? 'https' : 'http'}://${host}:${server.port}${path}${server.key}/peers`;
}
