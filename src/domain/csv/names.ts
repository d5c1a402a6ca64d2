// A model is the same person however the spreadsheet spells the spacing or case.

/** A name as shown: NFC, trimmed, every run of whitespace (line breaks too) made one space. */
export function cleanName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The key two names are matched by: `cleanName`, case-insensitive. */
export function nameKey(name: string): string {
  return cleanName(name).toLocaleLowerCase('en');
}
