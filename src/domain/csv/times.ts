// Times of day as spreadsheets write them: "14:30", "9.05", "2:30 PM", "14:30:00",
// or a date and time ("2026-11-29 14:30", what a workbook's date-time cell becomes).
// The show keeps local times as `HH:MM`.

const TIME = /^(?:\d{4}-\d{2}-\d{2}[ T])?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i;

/** The time `HH:MM`, or undefined when the text is not a time of day. */
export function readTime(text: string): string | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const half = match[4]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || Number(match[3] ?? 0) > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
