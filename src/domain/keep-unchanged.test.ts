import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepUnchanged } from './keep-unchanged';

describe('keepUnchanged', () => {
  it('returns the previous value when nothing changed', () => {
    const previous = { a: [1, { b: 'x' }], c: null };
    expect(keepUnchanged(previous, { a: [1, { b: 'x' }], c: null })).toBe(previous);
  });

  it('keeps the unchanged parts of a changed value', () => {
    const previous = {
      cards: [
        { id: 'm1', steps: [{ done: false }] },
        { id: 'm2', steps: [{ done: false }] },
      ],
    };
    const next = keepUnchanged(previous, {
      cards: [
        { id: 'm1', steps: [{ done: true }] },
        { id: 'm2', steps: [{ done: false }] },
      ],
    });
    expect(next).not.toBe(previous);
    expect(next.cards[1]).toBe(previous.cards[1]);
    expect(next.cards[0]).not.toBe(previous.cards[0]);
    expect(next.cards[0]!.steps[0]).toEqual({ done: true });
  });

  it('sees added, removed and undefined-valued keys as changes', () => {
    const previous: Record<string, unknown> = { a: 1 };
    expect(keepUnchanged(previous, { a: 1, b: undefined })).not.toBe(previous);
    expect(keepUnchanged({ a: 1, b: undefined }, { a: 1 })).toEqual({ a: 1 });
    expect(keepUnchanged([1, 2], [1])).toEqual([1]);
  });

  it('never shares class instances such as Maps', () => {
    const map = new Map([[1, 2]]);
    const next = new Map([[1, 2]]);
    expect(keepUnchanged({ map }, { map: next }).map).toBe(next);
  });

  it('keeps a key named __proto__ as data, not as a prototype', () => {
    const next = JSON.parse('{"__proto__": null, "a": 1}') as Record<string, unknown>;
    const kept = keepUnchanged({ a: 1 }, next);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.hasOwn(kept, '__proto__')).toBe(true);
    expect(kept).toEqual(next);
  });

  it('always equals the new value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (previous, next) => {
        expect(keepUnchanged(previous, next)).toEqual(next);
      }),
      { numRuns: 2000 },
    );
  });
});
