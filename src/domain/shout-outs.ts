import { randomId, type Brand, type SiteId } from './ids';
import { isPhotoId, type PhotoId } from './photo-id';

// Shout-outs: a few words and an emoji from anyone backstage to the relaxation
// wall's corner. The corner never competes with calls or the countdown, so the
// rules here keep it short, few and quiet; the producer can hide one.

export type ShoutOutId = Brand<string, 'ShoutOutId'>;
export const newShoutOutId = (): ShoutOutId => `s-${randomId()}` as ShoutOutId;

export interface ShoutOut {
  id: ShoutOutId;
  text: string;
  /** One emoji (a single grapheme, e.g. 👏🏽 or 🧑‍🎤). */
  emoji: string;
  /** A photo of the moment, or ''. */
  photoId: PhotoId | '';
  /** Show time (epoch ms) it was posted. */
  at: number;
  by: SiteId;
  /** Hidden by the producer: shown nowhere but the producer's own list. */
  hidden: boolean;
}

/** Characters as people count them (grapheme clusters): "👏🏽" is one. */
export const SHOUT_OUT_MAX_CHARS = 140;
/** A kiosk posting more than this many within the window is asked to wait. */
export const SHOUT_OUT_BURST = 3;
export const SHOUT_OUT_BURST_WINDOW_MS = 60_000;
/** The wall corner shows this many, newest first... */
export const WALL_CORNER_MAX = 3;
/** ...from this far back. */
export const WALL_CORNER_MAX_AGE_MS = 45 * 60_000;
/** One stamped further ahead than this (a kiosk with a wrong clock) would sit on top for hours. */
const MAX_AHEAD_MS = 5 * 60_000;

/** A few to offer on a tablet; any single emoji is accepted. */
export const SUGGESTED_EMOJIS = [
  '👏',
  '💖',
  '🔥',
  '✨',
  '🙌',
  '💪',
  '🥂',
  '😂',
  '🌟',
  '☕',
] as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string): string[] =>
  Array.from(segmenter.segment(text), (part) => part.segment);

// RGI_Emoji (the emoji a keyboard offers, with skin tones, ZWJ sequences and flags)
// needs the `v` flag (Chrome 112, Safari 17); older engines check pictographs.
const EMOJI = (() => {
  try {
    return new RegExp('^\\p{RGI_Emoji}$', 'v');
  } catch {
    return /^\p{Extended_Pictographic}(\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*$/u;
  }
})();
/** Bidi overrides and isolates can make a line read backwards: dropped. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;
/** Other control characters have no place on a wall. */
const CONTROL = /[\p{Cc}]/u;

export interface ShoutOutDraft {
  text: string;
  emoji: string;
  photoId?: string;
}
export type ShoutOutField = 'text' | 'emoji' | 'photoId';
export type ShoutOutCheck =
  | { ok: true; value: { text: string; emoji: string; photoId: PhotoId | '' } }
  | { ok: false; problems: { field: ShoutOutField; message: string }[] };

/** One line of text: whitespace runs (newlines too) become one space; bidi controls go. */
export const tidyShoutOutText = (text: string): string =>
  text.replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ').trim();

export const isSingleEmoji = (value: string): boolean =>
  graphemes(value).length === 1 && EMOJI.test(value);

/** A draft checked and tidied, or every problem with the field it concerns, in words for the poster. */
export function checkShoutOut(draft: ShoutOutDraft): ShoutOutCheck {
  const problems: { field: ShoutOutField; message: string }[] = [];
  const text = tidyShoutOutText(draft.text);
  const length = graphemes(text).length;
  if (length === 0) problems.push({ field: 'text', message: 'Write a few words' });
  else if (length > SHOUT_OUT_MAX_CHARS)
    problems.push({
      field: 'text',
      message: `Keep it to ${SHOUT_OUT_MAX_CHARS} characters (this is ${length})`,
    });
  else if (CONTROL.test(text))
    problems.push({ field: 'text', message: 'The text holds a control character' });
  const emoji = draft.emoji.trim();
  if (emoji === '') problems.push({ field: 'emoji', message: 'Pick an emoji' });
  else if (!isSingleEmoji(emoji)) problems.push({ field: 'emoji', message: 'Pick one emoji' });
  const photoId = draft.photoId ?? '';
  if (photoId !== '' && !isPhotoId(photoId))
    problems.push({ field: 'photoId', message: 'The photo is not a stored photo' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { text, emoji, photoId: photoId as PhotoId | '' } };
}

/**
 * Milliseconds this kiosk should wait before posting again (0 = go ahead): a burst
 * of shout-outs from one tablet would push everyone else's off the corner.
 */
export function postingWaitMs(shoutOuts: readonly ShoutOut[], by: SiteId, now: number): number {
  const recent = shoutOuts
    .filter((s) => s.by === by && s.at > now - SHOUT_OUT_BURST_WINDOW_MS && s.at <= now)
    .map((s) => s.at)
    .sort((a, b) => b - a);
  if (recent.length < SHOUT_OUT_BURST) return 0;
  const oldestCounted = recent[SHOUT_OUT_BURST - 1] as number;
  return oldestCounted + SHOUT_OUT_BURST_WINDOW_MS - now;
}

/** Newest first; equal times by id, the same on every kiosk. */
export const compareShoutOuts = (a: ShoutOut, b: ShoutOut): number =>
  b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the relaxation wall's corner shows: visible, recent, newest first, a few. */
export function wallCorner(
  shoutOuts: readonly ShoutOut[],
  now: number,
  max = WALL_CORNER_MAX,
  maxAgeMs = WALL_CORNER_MAX_AGE_MS,
): ShoutOut[] {
  return shoutOuts
    .filter((s) => !s.hidden && s.at > 0 && s.at >= now - maxAgeMs && s.at <= now + MAX_AHEAD_MS)
    .sort(compareShoutOuts)
    .slice(0, Math.max(0, max));
}

/** The producer's list: all of them, hidden ones too, newest first. */
export const producerShoutOuts = (shoutOuts: readonly ShoutOut[]): ShoutOut[] =>
  shoutOuts.filter((s) => s.at > 0).sort(compareShoutOuts);

export interface ShoutOutTimelineEntry {
  kind: 'shout-out';
  id: ShoutOutId;
  at: number;
  /** "👏 Amara, you nailed the finale". */
  text: string;
  photoId: PhotoId | '';
  hidden: boolean;
}

/**
 * Shout-outs as entries of the debrief's timeline, oldest first like the rest of it.
 * Hidden ones stay out unless asked for (the producer's own debrief may show them, marked).
 */
export function shoutOutTimeline(
  shoutOuts: readonly ShoutOut[],
  includeHidden = false,
): ShoutOutTimelineEntry[] {
  return shoutOuts
    .filter((s) => s.at > 0 && (includeHidden || !s.hidden))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({
      kind: 'shout-out',
      id: s.id,
      at: s.at,
      text: `${s.emoji} ${s.text}`,
      photoId: s.photoId,
      hidden: s.hidden,
    }));
}
