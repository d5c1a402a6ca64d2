import { describe, expect, it } from 'vitest';
import { MAX_AGE_MS, parseStoredOffset, serializeOffset } from './stored-offset';

describe('stored offset', () => {
  it('comes back as it was saved', () => {
    const saved = { offset: -30_012, savedAt: 1000, isSettled: true };
    expect(parseStoredOffset(serializeOffset(saved), 5000)).toEqual(saved);
  });

  it('is not trusted when unsettled, too old, from the future, or malformed', () => {
    expect(
      parseStoredOffset(serializeOffset({ offset: 5, savedAt: 0, isSettled: false }), 10),
    ).toBeUndefined();
    expect(
      parseStoredOffset(
        serializeOffset({ offset: 5, savedAt: 0, isSettled: true }),
        MAX_AGE_MS + 1,
      ),
    ).toBeUndefined();
    expect(
      parseStoredOffset(serializeOffset({ offset: 5, savedAt: 120_000, isSettled: true }), 0),
    ).toBeUndefined();
    expect(parseStoredOffset('{"offset":"5"}', 0)).toBeUndefined();
    expect(parseStoredOffset('not json', 0)).toBeUndefined();
    expect(parseStoredOffset(null, 0)).toBeUndefined();
  });
});
