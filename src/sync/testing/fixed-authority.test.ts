import { describe, expect, it } from 'vitest';
import type { SiteId } from '../../domain/ids';
import { FixedAuthority } from './fixed-authority';

const key = { algorithm: 'Ed25519' as const, raw: new Uint8Array(32) };
const tablet = 'ktablet' as SiteId;

describe('a fixed authority (for tests)', () => {
  it('knows only the sites it admitted, removes them from a seq on, and tells its listeners', () => {
    const authority = new FixedAuthority();
    let changes = 0;
    authority.subscribe(() => changes++);
    expect(authority.standing(tablet)).toEqual({ kind: 'unknown' });
    authority.admit(tablet, 'makeup', key);
    expect(authority.standing(tablet)).toEqual({ kind: 'admitted', role: 'makeup', key });
    authority.remove(tablet, 12);
    expect(authority.standing(tablet)).toEqual({ kind: 'removed', role: 'makeup', key, upTo: 12 });
    expect(changes).toBe(2);
  });
});
