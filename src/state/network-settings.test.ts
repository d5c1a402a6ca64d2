import { describe, expect, it } from 'vitest';
import {
  iceServerLines,
  parseIceServerLines,
  parseSignallingServer,
  parseStoredIceServers,
} from './network-settings';

describe('the signalling server setting', () => {
  it('takes an http(s) address, trimmed, and empty for the app’s own server', () => {
    expect(parseSignallingServer('  https://venue-laptop.local:4173/peerjs ')).toEqual({
      ok: true,
      value: 'https://venue-laptop.local:4173/peerjs',
    });
    expect(parseSignallingServer('   ')).toEqual({ ok: true, value: '' });
  });

  it('says what is wrong with anything else, and how to write it', () => {
    for (const text of ['venue-laptop:4173', 'ws://venue-laptop/peerjs', 'https://']) {
      const parsed = parseSignallingServer(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message).toContain(`"${text}" is not a web address of a PeerServer`);
        expect(parsed.message).toContain('https://192.168.1.20:4173/peerjs');
      }
    }
  });
});

describe('the ICE servers setting', () => {
  it('reads one server per line: STUN alone, TURN with a user and a password', () => {
    expect(
      parseIceServerLines(
        'stun:stun.example.org:3478\n\n  turn:turn.example.org:3478?transport=tcp  maison  s3cret \r\n',
      ),
    ).toEqual({
      ok: true,
      value: [
        { urls: 'stun:stun.example.org:3478' },
        {
          urls: 'turn:turn.example.org:3478?transport=tcp',
          username: 'maison',
          credential: 's3cret',
        },
      ],
    });
    expect(parseIceServerLines('')).toEqual({ ok: true, value: [] });
  });

  it('names the line and what is wrong with it', () => {
    const message = (text: string) => {
      const parsed = parseIceServerLines(text);
      return parsed.ok ? '' : parsed.message;
    };
    expect(message('stun:a.org\nhttp://b.org')).toBe(
      'Line 2: "http://b.org" is not a STUN or TURN address. Write stun:host:port, or turn:host:port user password.',
    );
    expect(message('turn:t.org:3478 maison')).toBe(
      'Line 1: a TURN server needs a user name and a password after its address.',
    );
    expect(message('stun:a.org:3478 extra')).toContain('Line 1: too many words');
    expect(message('turn:t.org u p more')).toContain('Line 1: too many words');
  });

  it('goes back to lines from what is stored, and reads nothing from a broken setting', () => {
    const parsed = parseIceServerLines('stun:a.org:3478\nturn:t.org:3478 maison s3cret');
    if (!parsed.ok) throw new Error(parsed.message);
    const stored = JSON.stringify(parsed.value);
    expect(iceServerLines(stored)).toBe('stun:a.org:3478\nturn:t.org:3478 maison s3cret');
    expect(parseStoredIceServers(stored)).toEqual(parsed.value);
    expect(parseStoredIceServers('{not json')).toEqual([]);
    expect(parseStoredIceServers('[1, {"urls": "stun:a.org"}]')).toEqual([{ urls: 'stun:a.org' }]);
    expect(iceServerLines('')).toBe('');
  });
});
