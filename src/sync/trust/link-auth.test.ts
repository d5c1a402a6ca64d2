import { describe, expect, it } from 'vitest';
import type { SiteId } from '../../domain/ids';
import { randomBytes } from './bytes';
import { LinkAuth, type LinkSeal } from './link-auth';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;

/** alice and bob after a join: one session key, a LinkAuth at each end. */
function linkedPair(key = randomBytes(32)) {
  return { alice: new LinkAuth(key, alice, bob), bob: new LinkAuth(key, bob, alice) };
}

const preview = JSON.stringify({ type: 'preview', ops: [{ table: 'calls', field: 'text' }] });
const ops = (n: number) => JSON.stringify({ type: 'ops', ops: [{ seq: n }] });

describe('per-link message authentication', () => {
  it('lets every message through, in order, previews included', () => {
    const link = linkedPair();
    for (const text of [preview, ops(1), ops(2), preview])
      expect(link.bob.open(text, link.alice.seal(text))).toEqual({ ok: true });
    for (const text of [ops(1), preview])
      expect(link.alice.open(text, link.bob.seal(text))).toEqual({ ok: true });
  });

  it('refuses a message changed on the way (one character)', () => {
    const link = linkedPair();
    const seal = link.alice.seal(ops(1));
    expect(link.bob.open(ops(9), seal)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a message whose counter was changed to fit a forged order', () => {
    const link = linkedPair();
    const seal = link.alice.seal(ops(1));
    expect(link.bob.open(ops(1), { ...seal, n: 2 })).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a replayed message, and the link still carries the next real one', () => {
    const link = linkedPair();
    const first = link.alice.seal(ops(1));
    expect(link.bob.open(ops(1), first).ok).toBe(true);
    expect(link.bob.open(ops(1), first)).toEqual({ ok: false, reason: 'replayed' });
    expect(link.bob.open(ops(2), link.alice.seal(ops(2))).ok).toBe(true);
  });

  it('refuses messages out of order, or after a dropped one', () => {
    const link = linkedPair();
    const first = link.alice.seal(ops(1));
    const second = link.alice.seal(ops(2));
    expect(link.bob.open(ops(2), second)).toEqual({ ok: false, reason: 'out-of-order' });
    expect(link.bob.open(ops(1), first).ok).toBe(true);
    expect(link.bob.open(ops(2), second).ok).toBe(true);
  });

  it('refuses a message injected by someone without the session key (a relay)', () => {
    const link = linkedPair();
    const mallory = new LinkAuth(randomBytes(32), alice, bob);
    const forged = JSON.stringify({ type: 'ops', ops: [{ table: 'looks', value: 'cut' }] });
    expect(link.bob.open(forged, mallory.seal(forged))).toEqual({ ok: false, reason: 'tampered' });
  });

  it("refuses alice's own message reflected back to her (each direction has its own key)", () => {
    const link = linkedPair();
    const seal = link.alice.seal(preview);
    expect(link.alice.open(preview, seal)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a message of another link between the same kiosks (an older session)', () => {
    const old = linkedPair();
    const current = linkedPair();
    const seal = old.alice.seal(ops(1));
    expect(current.bob.open(ops(1), seal)).toEqual({ ok: false, reason: 'tampered' });
  });

  it.each<[string, LinkSeal]>([
    ['a zero counter', { n: 0, tag: 'A'.repeat(22) }],
    ['a fractional counter', { n: 1.5, tag: 'A'.repeat(22) }],
    ['a tag of the wrong length', { n: 1, tag: 'A'.repeat(43) }],
    ['a tag that is not base64url', { n: 1, tag: '!'.repeat(22) }],
  ])('refuses a seal with %s as malformed', (_, seal) => {
    expect(linkedPair().bob.open(ops(1), seal)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('does not let a refused message move the counter', () => {
    const link = linkedPair();
    const seal = link.alice.seal(ops(1));
    link.bob.open(ops(1), { ...seal, tag: 'A'.repeat(22) });
    expect(link.bob.open(ops(1), seal)).toEqual({ ok: true });
  });

  it('checks bytes as well as text', () => {
    const link = linkedPair();
    const bytes = new TextEncoder().encode(preview);
    expect(link.bob.open(preview, link.alice.seal(bytes)).ok).toBe(true);
  });
});
