import { serverFromUrl } from '../sync/network/peerjs/address';

// The two network settings of a kiosk, as a person types them and as they are stored:
// the signalling server (a PeerServer's address; empty = the server that served the
// app) and ICE servers (STUN/TURN, for a venue whose devices cannot reach each other
// directly; empty = none, which a LAN does not need).

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const EXAMPLE_SERVER = 'https://192.168.1.20:4173/peerjs';

/** The signalling server as typed: an http(s) address, stored trimmed; empty for the app's own. */
export function parseSignallingServer(text: string): Parsed<string> {
  const value = text.trim();
  if (!value) return { ok: true, value: '' };
  if (!serverFromUrl(value))
    return {
      ok: false,
      message: `"${value.slice(0, 80)}" is not a web address of a PeerServer. Write it like ${EXAMPLE_SERVER}, or leave it empty to use this app's own server.`,
    };
  return { ok: true, value };
}

/**
 * ICE servers, one per line: `stun:host:port`, or `turn:host:port user password`
 * (`turns:` too). Blank lines are skipped. The stored form is JSON (RTCIceServer[]).
 */
export function parseIceServerLines(text: string): Parsed<RTCIceServer[]> {
  const servers: RTCIceServer[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) continue;
    const [url = '', username, credential, ...rest] = parts;
    const where = `Line ${index + 1}`;
    const scheme = /^(stun|stuns|turn|turns):[^\s:]+(:\d{1,5})?(\?transport=(udp|tcp))?$/i.exec(
      url,
    );
    if (!scheme)
      return {
        ok: false,
        message: `${where}: "${url.slice(0, 60)}" is not a STUN or TURN address. Write stun:host:port, or turn:host:port user password.`,
      };
    const isTurn = scheme[1]!.toLowerCase().startsWith('turn');
    if (rest.length > 0 || (!isTurn && username !== undefined))
      return {
        ok: false,
        message: `${where}: too many words. A STUN server is its address alone; a TURN server is its address, a user name and a password.`,
      };
    if (isTurn && (username === undefined || credential === undefined))
      return {
        ok: false,
        message: `${where}: a TURN server needs a user name and a password after its address.`,
      };
    servers.push(isTurn ? { urls: url, username, credential } : { urls: url });
  }
  return { ok: true, value: servers };
}

/** The stored JSON of ICE servers, one per line again, for editing. */
export function iceServerLines(json: string): string {
  return parseStoredIceServers(json)
    .flatMap((server) =>
      (Array.isArray(server.urls) ? server.urls : [server.urls]).map((url) =>
        server.username !== undefined
          ? `${url} ${server.username} ${String(server.credential ?? '')}`
          : url,
      ),
    )
    .join('\n');
}

/** The stored setting (JSON), or none when it is empty or unreadable. */
export function parseStoredIceServers(json: string): RTCIceServer[] {
  if (!json.trim()) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter(
          (server): server is RTCIceServer =>
            typeof server === 'object' && server !== null && 'urls' in server,
        )
      : [];
  } catch {
    return [];
  }
}
