// Excel keeps dates and times as numbers: days since its epoch, the time of day as
// the fraction. In the 1900 date system (Windows, and the default everywhere now)
// day 1 is 1900-01-01 and day 60 is 29 February 1900, a day that never was (kept
// for Lotus 1-2-3); the 1904 system (old Macs) counts from 1904-01-01 as day 0.

export type DateSystem = 1900 | 1904;
export type DateKind = 'date' | 'time' | 'datetime';

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** `2026-11-29`, `14:30` or `2026-11-29 14:30` (seconds only when there are some). */
export function excelSerialText(serial: number, kind: DateKind, system: DateSystem = 1900): string {
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days += 1;
    seconds = 0;
  }
  const time = clock(seconds);
  if (kind === 'time') return time;
  const date = isoDate(days, system);
  return kind === 'date' ? date : `${date} ${time}`;
}

function isoDate(days: number, system: DateSystem): string {
  if (system === 1904) return new Date(EPOCH_1904 + days * DAY_MS).toISOString().slice(0, 10);
  if (days === 60) return '1900-02-29';
  // Before the phantom day the 1899-12-30 epoch is one day off.
  const ms = EPOCH_1900 + (days < 60 ? days + 1 : days) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

function clock(seconds: number): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = seconds % 60;
  return ss === 0 ? `${hh}:${mm}` : `${hh}:${mm}:${String(ss).padStart(2, '0')}`;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, and the East Asian ones). */
const BUILT_IN: ReadonlyMap<number, DateKind> = new Map([
  ...[14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58].map(
    (id) => [id, 'date'] as const,
  ),
  ...[18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56].map((id) => [id, 'time'] as const),
  [22, 'datetime'],
]);

const MAX_FORMAT_LENGTH = 255;

/** What a number format shows a number as: a date, a time, both, or (undefined) a number. */
export function dateKindOfFormat(id: number, code: string | undefined): DateKind | undefined {
  if (code === undefined) return BUILT_IN.get(id);
  // Excel keeps a format to 255 characters; a longer one is not Excel's, and is not read
  // (the patterns below would take quadratic time over a crafted megabyte of brackets).
  if (code.length > MAX_FORMAT_LENGTH) return undefined;
  // The first section decides; quoted text, escaped characters, colours and locales say nothing.
  const section = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .replace(/general/gi, '')
    .replace(/e[+-]/gi, '');
  const hasDate = /[dye]/i.test(section);
  const hasTime = /[hs]/i.test(section) || /am\/pm|a\/p/i.test(section);
  const hasMonthOrMinute = /m/i.test(section);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  // "mmm" alone is a month: a date.
  return hasMonthOrMinute ? 'date' : BUILT_IN.get(id);
}
