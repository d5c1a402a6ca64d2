// Searching people by name on a tablet keyboard, where accents are rarely typed.

/** Lower case without accents, so "chloe" finds "Chloé" and "sorensen" finds "Sørensen". */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Does `name` contain what was typed, ignoring case, accents and spacing? An empty query matches all. */
export const matchesName = (name: string, query: string): boolean =>
  foldName(name).includes(foldName(query));
