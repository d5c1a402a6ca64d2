import { describe, expect, it } from 'vitest';
import type { SiteId } from '../../domain/ids';
import type { ShoutOut, ShoutOutId } from '../../domain/shout-outs';
import { charactersLeft, shoutOutLine } from './shout-outs';

const NOW = 1_800_000_000_000;

describe('shout-outs on screen', () => {
  it('counts characters left as people count them, on the text as it will be posted', () => {
    expect(charactersLeft('')).toBe(140);
    // "Bravo 👏🏽" once tidied: six characters and one emoji with its skin tone.
    expect(charactersLeft('  Bravo   👏🏽  ')).toBe(133);
    expect(charactersLeft('x'.repeat(150))).toBe(-10);
  });

  it('reads as a line with its age and the kiosk that posted it, when the roster knows it', () => {
    const shoutOut: ShoutOut = {
      id: 's-1' as ShoutOutId,
      text: 'Amara, you nailed the finale',
      emoji: '🔥',
      photoId: '',
      at: NOW - 12 * 60_000,
      by: 'tablet' as SiteId,
      hidden: false,
    };
    expect(shoutOutLine(shoutOut, NOW, new Map([['tablet', ' Chair 2 tablet ']]))).toEqual({
      id: 's-1',
      emoji: '🔥',
      text: 'Amara, you nailed the finale',
      age: '12 min ago',
      from: 'Chair 2 tablet',
      hidden: false,
    });
    expect(shoutOutLine(shoutOut, NOW, new Map()).from).toBe('');
  });
});
