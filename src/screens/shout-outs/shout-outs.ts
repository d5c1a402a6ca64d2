import { SHOUT_OUT_MAX_CHARS, tidyShoutOutText, type ShoutOut } from '../../domain/shout-outs';
import { ageText } from '../calls/calls';

// Shout-outs as the screens word them. Tested in shout-outs.test.ts.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters left as people count them (👏🏽 is one), of the text as it will be posted; negative when over. */
export const charactersLeft = (text: string): number =>
  SHOUT_OUT_MAX_CHARS - [...segmenter.segment(tidyShoutOutText(text))].length;

export interface ShoutOutLine {
  id: ShoutOut['id'];
  emoji: string;
  text: string;
  /** "just now", "12 min ago". */
  age: string;
  /** Who posted it: the kiosk's name in the roster, or '' when not known. */
  from: string;
  hidden: boolean;
}

/** A shout-out as a line of the wall's corner or the producer's list. */
export function shoutOutLine(
  shoutOut: ShoutOut,
  now: number,
  kioskNames: ReadonlyMap<string, string>,
): ShoutOutLine {
  return {
    id: shoutOut.id,
    emoji: shoutOut.emoji,
    text: shoutOut.text,
    age: ageText(shoutOut.at, now),
    from: kioskNames.get(shoutOut.by)?.trim() ?? '',
    hidden: shoutOut.hidden,
  };
}
