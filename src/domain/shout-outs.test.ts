import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SiteId } from './ids';
import { photoIdFromDigest } from './photo-id';
import {
  checkShoutOut,
  isSingleEmoji,
  postingWaitMs,
  producerShoutOuts,
  SHOUT_OUT_BURST_WINDOW_MS,
  SHOUT_OUT_MAX_CHARS,
  shoutOutTimeline,
  tidyShoutOutText,
  wallCorner,
  WALL_CORNER_MAX_AGE_MS,
  type ShoutOut,
  type ShoutOutId,
} from './shout-outs';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const tablet = 'tablet' as SiteId;
const wall = 'wall' as SiteId;
const groupHug = photoIdFromDigest(
  new Uint8Array(createHash('sha256').update('group hug').digest()),
);

const shoutOut = (id: string, minutesAgo: number, fields: Partial<ShoutOut> = {}): ShoutOut => ({
  id: id as ShoutOutId,
  text: `shout-out ${id}`,
  emoji: '👏',
  photoId: '',
  at: NOW - minutesAgo * MIN,
  by: tablet,
  hidden: false,
  ...fields,
});

describe('checking a shout-out', () => {
  it('accepts a few words, one emoji and an optional photo, tidied to one line', () => {
    expect(checkShoutOut({ text: '  Amara,\n  you nailed\tthe finale ', emoji: '🔥' })).toEqual({
      ok: true,
      value: { text: 'Amara, you nailed the finale', emoji: '🔥', photoId: '' },
    });
    expect(checkShoutOut({ text: 'Team!', emoji: '🙌', photoId: groupHug })).toMatchObject({
      ok: true,
      value: { photoId: groupHug },
    });
  });

  it('says what is wrong with each field', () => {
    expect(checkShoutOut({ text: '   ', emoji: '', photoId: 'https://example.com/x.jpg' })).toEqual(
      {
        ok: false,
        problems: [
          { field: 'text', message: 'Write a few words' },
          { field: 'emoji', message: 'Pick an emoji' },
          { field: 'photoId', message: 'The photo is not a stored photo' },
        ],
      },
    );
  });

  it('counts characters as people do: an emoji with a skin tone is one', () => {
    const full = '👏🏽'.repeat(SHOUT_OUT_MAX_CHARS);
    expect(checkShoutOut({ text: full, emoji: '👏' }).ok).toBe(true);
    expect(checkShoutOut({ text: `${full}!`, emoji: '👏' })).toEqual({
      ok: false,
      problems: [
        {
          field: 'text',
          message: `Keep it to ${SHOUT_OUT_MAX_CHARS} characters (this is ${SHOUT_OUT_MAX_CHARS + 1})`,
        },
      ],
    });
  });

  it('takes one emoji, skin tones, families and flags included, and refuses letters or two emoji', () => {
    for (const emoji of ['👏', '👏🏽', '🧑‍🎤', '👩‍👩‍👧', '🇫🇷', '❤️', '☕'])
      expect(isSingleEmoji(emoji)).toBe(true);
    for (const emoji of ['a', '👏👏', ':)', '1', '👏 ']) expect(isSingleEmoji(emoji)).toBe(false);
    expect(checkShoutOut({ text: 'Bravo', emoji: '👏👏' })).toEqual({
      ok: false,
      problems: [{ field: 'emoji', message: 'Pick one emoji' }],
    });
  });

  it('drops bidi overrides, which could make a line read backwards', () => {
    expect(tidyShoutOutText('abc\u202Edef\u202C')).toBe('abcdef');
  });

  it('refuses control characters that are not whitespace', () => {
    expect(checkShoutOut({ text: 'bell\u0007', emoji: '👏' })).toMatchObject({
      ok: false,
      problems: [{ field: 'text' }],
    });
  });
});

describe('posting in bursts', () => {
  it('lets a kiosk post three within a minute, then asks it to wait until the oldest leaves the window', () => {
    const two = [shoutOut('a', 0.5), shoutOut('b', 0.25)];
    expect(postingWaitMs(two, tablet, NOW)).toBe(0);
    const three = [...two, shoutOut('c', 0)];
    expect(postingWaitMs(three, tablet, NOW)).toBe(SHOUT_OUT_BURST_WINDOW_MS - 0.5 * MIN);
  });

  it('does not count other kiosks or older posts', () => {
    const list = [
      shoutOut('a', 0.5, { by: wall }),
      shoutOut('b', 0.2, { by: wall }),
      shoutOut('c', 2),
      shoutOut('d', 0.1),
    ];
    expect(postingWaitMs(list, tablet, NOW)).toBe(0);
  });
});

describe('the wall corner', () => {
  it('shows the newest visible ones first, at most three', () => {
    const list = [
      shoutOut('a', 10),
      shoutOut('b', 2),
      shoutOut('c', 5, { hidden: true }),
      shoutOut('d', 1),
      shoutOut('e', 20),
    ];
    expect(wallCorner(list, NOW).map((s) => s.id)).toEqual(['d', 'b', 'a']);
    expect(wallCorner(list, NOW, 1).map((s) => s.id)).toEqual(['d']);
  });

  it('leaves out old ones and ones stamped far ahead by a wrong clock', () => {
    const list = [
      shoutOut('old', WALL_CORNER_MAX_AGE_MS / MIN + 1),
      shoutOut('ahead', -30),
      shoutOut('now', 0),
      shoutOut('skewed', -1),
    ];
    expect(wallCorner(list, NOW).map((s) => s.id)).toEqual(['skewed', 'now']);
  });

  it('orders equal times by id, the same on every kiosk', () => {
    expect(wallCorner([shoutOut('b', 1), shoutOut('a', 1)], NOW).map((s) => s.id)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('the producer and the debrief', () => {
  it('the producer sees hidden ones too, newest first', () => {
    const list = [shoutOut('a', 3), shoutOut('b', 1, { hidden: true })];
    expect(producerShoutOuts(list).map((s) => [s.id, s.hidden])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('the debrief timeline has them oldest first with their emoji, hidden ones only when asked', () => {
    const list = [
      shoutOut('late', 1, { emoji: '🥂', text: 'Well done all' }),
      shoutOut('early', 30, { photoId: groupHug }),
      shoutOut('gone', 5, { hidden: true }),
    ];
    expect(shoutOutTimeline(list)).toEqual([
      {
        kind: 'shout-out',
        id: 'early',
        at: NOW - 30 * MIN,
        text: '👏 shout-out early',
        photoId: groupHug,
        hidden: false,
      },
      {
        kind: 'shout-out',
        id: 'late',
        at: NOW - MIN,
        text: '🥂 Well done all',
        photoId: '',
        hidden: false,
      },
    ]);
    expect(shoutOutTimeline(list, true).map((e) => e.id)).toEqual(['early', 'gone', 'late']);
  });
});
