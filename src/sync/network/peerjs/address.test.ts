import { describe, expect, it } from 'vitest';
import { peersListUrl, serverFromOrigin, serverFromUrl } from './address';

describe('the PeerServer address', () => {
  it('finds the PeerServer on the page origin, or at a configured URL', () => {
    expect(serverFromOrigin({ protocol: 'https:', hostname: 'venue.local', port: '' })).toEqual({
      host: 'venue.local',
      port: 443,
      path: '/peerjs',
      secure: true,
      key: 'peerjs',
    });
    expect(serverFromUrl('http://192.168.1.20:9000/')).toMatchObject({
      host: '192.168.1.20',
      port: 9000,
      path: '/',
      secure: false,
    });
    expect(serverFromUrl('ftp://nope')).toBeUndefined();
    expect(
      peersListUrl(serverFromOrigin({ protocol: 'http:', hostname: 'localhost', port: '4173' })),
    ).toBe('http://localhost:4173/peerjs/peerjs/peers');
  });
});
