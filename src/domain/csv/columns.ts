// Which spreadsheet column means what. Producers name columns every which way
// ("Look #", "LOOK NO.", "Make-up"), so headers are compared by a key with case,
// spaces and punctuation taken out, against a small table of aliases.

/** The columns the export writes (and the import reads). */
export const FIELDS = [
  'look',
  'model',
  'section',
  'outfit',
  'accessories',
  'shoes',
  'hair',
  'makeup',
  'dresser',
  'notes',
  'station',
] as const;
/** Every column the import reads: the exported ones and a few a producer's own sheet may have. */
export const IMPORT_FIELDS = [...FIELDS, 'callTime'] as const;
export type CsvField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly CsvField[] = ['look', 'model'];

/** The name each field is given in messages and in exported files. */
export const FIELD_LABELS: Record<CsvField, string> = {
  look: 'Look',
  model: 'Model',
  section: 'Section',
  outfit: 'Outfit',
  accessories: 'Accessories',
  shoes: 'Shoes',
  hair: 'Hair',
  makeup: 'Makeup',
  dresser: 'Dresser',
  notes: 'Notes',
  station: 'Station',
  callTime: 'Call time',
};

/** Aliases as a producer would write them; they are normalised with `headerKey` below. */
export const FIELD_ALIASES: Record<CsvField, readonly string[]> = {
  look: ['Look', 'Look #', 'Look No', 'Look Nr', 'Look Num', 'Look number', 'Number', 'No', '#'],
  model: ['Model', 'Model name', 'Models', 'Talent'],
  section: ['Section', 'Sequence', 'Segment'],
  outfit: ['Outfit', 'Outfits', 'Garment', 'Garments'],
  accessories: ['Accessories', 'Accessory'],
  shoes: ['Shoes', 'Shoe', 'Footwear'],
  hair: ['Hair', 'Hairstyle'],
  makeup: ['Makeup', 'Make-up', 'Make up', 'MUA'],
  dresser: ['Dresser', 'Dressers'],
  notes: ['Notes', 'Note', 'Walk notes', 'Comments'],
  station: ['Station', 'Chair'],
  callTime: ['Call time', 'Call', 'Model call', 'Call-time'],
};

/**
 * The comparable form of a header: lower case, without spaces, `_`, `-`, `.` and `#`.
 * A header that is nothing but `#` keeps it, since "#" alone is a common look column.
 */
export function headerKey(header: string): string {
  const lower = header.trim().toLowerCase();
  if (lower === '#') return '#';
  return lower.replace(/[\s_\-.#]+/g, '');
}

const FIELD_BY_KEY: ReadonlyMap<string, CsvField> = new Map(
  IMPORT_FIELDS.flatMap((field) =>
    FIELD_ALIASES[field].map((alias) => [headerKey(alias), field] as const),
  ),
);

/** The field a header names, or undefined for a column we do not import. */
export function fieldForHeader(header: string): CsvField | undefined {
  return FIELD_BY_KEY.get(headerKey(header));
}

/** One header cell that was recognised: `number` is 1-based, as a spreadsheet shows it. */
export interface Column {
  field: CsvField;
  header: string;
  number: number;
}

export interface ColumnProblem {
  /** The header cell concerned, when there is one. */
  column: { header: string; number: number } | null;
  reason: string;
}

export interface HeaderMapping {
  columns: Column[];
  /** Non-blank headers of columns we do not import, in file order. */
  ignored: string[];
  problems: ColumnProblem[];
}

/** Reads the header row: which column holds which field, what is ignored, what is wrong. */
export function mapHeader(cells: readonly string[]): HeaderMapping {
  const columns: Column[] = [];
  const ignored: string[] = [];
  const problems: ColumnProblem[] = [];
  cells.forEach((cell, index) => {
    const header = cell.trim();
    const number = index + 1;
    if (header === '') return;
    const field = fieldForHeader(header);
    if (!field) {
      ignored.push(header);
      return;
    }
    const first = columns.find((column) => column.field === field);
    if (first) {
      // Two columns for one field: we cannot guess which one the producer meant.
      problems.push({
        column: { header, number },
        reason: `a second ${FIELD_LABELS[field]} column, besides "${first.header}" (${first.number})`,
      });
      return;
    }
    columns.push({ field, header, number });
  });
  for (const field of REQUIRED_FIELDS) {
    if (columns.some((column) => column.field === field)) continue;
    const [name, alias] = FIELD_ALIASES[field];
    problems.push({
      column: null,
      reason: `the header has no ${FIELD_LABELS[field]} column (call it "${name}" or "${alias}")`,
    });
  }
  return { columns, ignored, problems };
}
