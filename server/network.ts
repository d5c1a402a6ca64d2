import os from 'node:os';

/** Hosts that mean "every interface". */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host);
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** Interfaces that are almost never the venue network (containers, VMs, VPN tunnels). */
const VIRTUAL_INTERFACE =
  /^(docker|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman|tun|tap|utun|zt|tailscale|wg)/i;

function rank(address: string, name: string): number {
  if (VIRTUAL_INTERFACE.test(name)) return 5;
  if (address.startsWith('192.168.')) return 0;
  if (address.startsWith('10.')) return 1;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(address)) return 2;
  if (address.startsWith('169.254.')) return 4;
  return 3;
}

/**
 * The machine's non-internal IPv4 addresses, most likely venue network first
 * (private Wi-Fi/Ethernet ranges before container bridges and link-local).
 */
export function lanIPv4Addresses(): string[] {
  const found: { address: string; name: string }[] = [];
  for (const [name, infos] of Object.entries(os.networkInterfaces())) {
    for (const info of infos ?? []) {
      // Node 18.0–18.3 reported family as a number.
      const family: unknown = info.family;
      const isV4 = family === 'IPv4' || family === 4;
      if (isV4 && !info.internal) found.push({ address: info.address, name });
    }
  }
  found.sort((a, b) => rank(a.address, a.name) - rank(b.address, b.name));
  return [...new Set(found.map((f) => f.address))];
}

/** Host part of a URL: IPv6 literals need brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The origins a browser can use to reach a server bound to `host`.
 * The first one is the local one (localhost), then the LAN addresses.
 */
export function reachableHosts(host: string): { local: string; lan: string[] } {
  if (isWildcardHost(host)) return { local: 'localhost', lan: lanIPv4Addresses() };
  if (isLoopbackHost(host)) return { local: 'localhost', lan: [] };
  return { local: host, lan: [] };
}
