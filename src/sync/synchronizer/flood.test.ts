import { describe, expect, it } from 'vitest';
import type { PeerId } from '../network/transport';
import { FloodGuard, messageChars } from './flood';

const mallory = 'mallory' as PeerId;
const alice = 'alice' as PeerId;

describe('the flood guard', () => {
  it('reads a burst, then as many messages a second as the budget refills', () => {
    const guard = new FloodGuard({ messageBurst: 3, messagesPerSecond: 2 });
    const verdicts = Array.from({ length: 4 }, () => guard.admit(mallory, 10, 0));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'over-budget']);
    expect(guard.admit(mallory, 10, 500)).toBe('ok'); // one more after half a second
    expect(guard.admit(mallory, 10, 500)).toBe('over-budget');
    expect(guard.admit(alice, 10, 500)).toBe('ok'); // each peer has its own budget
  });

  it('counts characters as well as messages', () => {
    const guard = new FloodGuard({ charBurst: 1000, charsPerSecond: 100 });
    expect(guard.admit(mallory, 900, 0)).toBe('ok');
    expect(guard.admit(mallory, 200, 0)).toBe('over-budget');
    expect(guard.admit(mallory, 200, 1000)).toBe('ok');
  });

  it('drops a peer after too many bad messages in a minute, for longer each time', () => {
    const guard = new FloodGuard({ maxBad: 3, dropMs: 10_000 });
    expect(guard.bad(mallory, 'bad ops', 0)).toBeUndefined();
    expect(guard.bad(mallory, 'bad ops', 1)).toBeUndefined();
    expect(guard.bad(mallory, 'bad ops', 2)).toMatchObject({ until: 10_002, times: 1 });
    expect(guard.admit(mallory, 1, 5_000)).toBe('dropped');
    expect(guard.dropped(5_000)).toEqual([
      { peer: mallory, until: 10_002, reason: 'bad ops', times: 1 },
    ]);
    expect(guard.isDropped(mallory, 10_002)).toBe(false);
    for (let i = 0; i < 3; i++) guard.bad(mallory, 'bad again', 20_000 + i);
    expect(guard.dropped(20_002)[0]).toMatchObject({ until: 40_002, times: 2 });
  });

  it('forgives bad messages spread thinly over time', () => {
    const guard = new FloodGuard({ maxBad: 3, badWindowMs: 60_000 });
    for (let minute = 0; minute < 10; minute++)
      expect(guard.bad(mallory, 'a lost handshake message', minute * 60_000)).toBeUndefined();
  });

  it('measures a message by its JSON text', () => {
    expect(messageChars('{"type":"versions"}')).toBe(19);
    expect(messageChars({ type: 'versions' })).toBe(19);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(messageChars(cyclic)).toBe(0);
  });
});
