/**
 * The Content-Security-Policy of every response. Scripts come only from the app's own
 * origin (Vite emits module files, no inline script, and nothing of ours evaluates
 * strings, so no 'unsafe-eval'); connections go only to this origin (its PeerServer, over
 * HTTP and WebSocket) and to PeerServers named with `--allow-peer-server`.
 * Styles allow inline: Svelte writes `style="..."` attributes into its templates.
 */
export function contentSecurityPolicy(extraPeerServers: readonly string[] = []): string {
  const connect = ["'self'", ...extraPeerServers.flatMap(peerServerSources)];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `https://peers.example:9000/x` → its HTTP and WebSocket origins (PeerJS uses both). */
export function peerServerSources(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `--allow-peer-server "${url}" is not a URL (e.g. https://peers.example.org:9000)`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`--allow-peer-server "${url}" must start with https:// or http://`);
  const socket = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
  return [parsed.origin, `${socket}//${parsed.host}`];
}
