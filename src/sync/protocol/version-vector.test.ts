import { describe, expect, it } from 'vitest';
import { lacking } from './version-vector';

describe('version vectors', () => {
  it('counts the ops one holds that the other lacks, per site', () => {
    expect(lacking({ a: 5, b: 2 }, { a: 3, c: 9 })).toBe(4);
  });
});
