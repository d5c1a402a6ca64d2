import { describe, expect, it } from 'vitest';
import { foldName, matchesName } from './search';

describe('matchesName', () => {
  it('finds a name typed without its accents', () => {
    expect(matchesName('Chloé Bernard', 'chloe')).toBe(true);
    expect(matchesName('Lina Sørensen', 'sorensen')).toBe(true);
  });

  it('ignores case and extra spaces', () => {
    expect(matchesName('Amara Okafor', '  AMARA   oka')).toBe(true);
  });

  it('does not find a name that does not contain the query', () => {
    expect(matchesName('Mei Tanaka', 'amara')).toBe(false);
  });

  it('matches everything for an empty query', () => {
    expect(matchesName('Mei Tanaka', '')).toBe(true);
    expect(foldName('  ')).toBe('');
  });
});
