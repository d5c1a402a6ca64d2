import Papa from 'papaparse';
import { mapHeader, type Column, type CsvField } from './columns';
import { unescapeFormula } from './formula';
import { cleanName, nameKey } from './names';
import { readTime } from './times';

export type Delimiter = ',' | ';' | '\t';

/** One look as the spreadsheet gives it, checked and trimmed. */
export interface RunningOrderRow {
  /** Physical line of the file where the row starts (1 = the header, usually). */
  line: number;
  look: number;
  /** Trimmed, inner whitespace collapsed. */
  model: string;
  section: string;
  outfit: string;
  accessories: string[];
  shoes: string;
  hair: string;
  makeup: string;
  dresser: string;
  notes: string;
  /** Empty when the file does not say. */
  station: string;
  /** The model's call time `HH:MM`; empty when the file does not say. */
  callTime: string;
}

/** Something that stops the import, pointing at a physical line and, when it can, a column. */
export interface Problem {
  line: number;
  /** The header of the column concerned, as written in the file. */
  column: string | null;
  /** 1-based, as a spreadsheet counts. */
  columnNumber: number | null;
  /** What is wrong, without the position: `"12b" is not a look number`. */
  reason: string;
  /** The whole sentence: `Line 7, column "Look" (1): "12b" is not a look number`. */
  message: string;
}

export interface RunningOrderPreview {
  /** In file order. */
  rows: RunningOrderRow[];
  /** CSV and pasted text only. */
  delimiter?: Delimiter;
  /** Workbooks only: the sheet read. */
  sheet?: string;
  columns: Column[];
  /** Headers of columns that are not imported. */
  ignoredColumns: string[];
}

export type ParseResult =
  { ok: true; preview: RunningOrderPreview } | { ok: false; problems: Problem[] };

/** A row as the file holds it: raw cells and where it starts. */
interface RawRecord {
  line: number;
  offset: number;
  cells: string[];
  hasQuoteError: boolean;
}

/** One row of a sheet, numbered as the spreadsheet shows it (1 = the first row). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/**
 * How places are named: a text file has lines and numbered columns, a workbook has
 * rows and lettered columns, as Excel shows them.
 */
interface Wording {
  line: 'Line' | 'Row';
  column: (number: number) => string;
}

/** How far down a sheet the header row is looked for. */
const HEADER_SEARCH_ROWS = 10;

const TEXT_WORDING: Wording = { line: 'Line', column: String };
const SHEET_WORDING: Wording = { line: 'Row', column: columnLetters };

/** 1 → A, 27 → AA: a column as Excel labels it. */
export function columnLetters(number: number): string {
  let letters = '';
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

const BOM = '\uFEFF';

/**
 * Reads a running order from CSV text. Either every row is good and the preview
 * holds them all, or the problems say what to fix; never half a running order.
 */
export function parseRunningOrder(text: string): ParseResult {
  // One line break character: lines are counted as an editor counts them (CRLF, LF
  // and a lone CR each end one line), and cells keep plain `\n` line breaks.
  const source = (text.startsWith(BOM) ? text.slice(BOM.length) : text).replace(/\r\n?/g, '\n');
  if (source.trim() === '') return failed([problem(TEXT_WORDING, 1, null, 'the file is empty')]);

  const delimiter = detectDelimiter(source);
  const { records, quoteProblems } = readRecords(source, delimiter);
  return checkRecords(records, quoteProblems, TEXT_WORDING, { delimiter });
}

/**
 * Reads a running order from a sheet of a workbook, by the same rules as CSV; places
 * are named as Excel shows them ("Row 7, column "Look" (A)").
 */
export function parseSheetRows(rows: readonly SheetRow[], sheet: string): ParseResult {
  const records = rows.map(({ row, cells }): RawRecord => ({
    line: row,
    offset: 0,
    cells,
    hasQuoteError: false,
  }));
  if (records.every((record) => isBlank(record.cells))) {
    return failed([problem(SHEET_WORDING, 1, null, `the sheet "${sheet}" is empty`)]);
  }
  // A sheet often has a title or a date above the table: the header is the first of
  // the top rows that names a Look and a Model column.
  const filled = records.filter((record) => !isBlank(record.cells));
  const header = filled
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((record) => mapHeader(record.cells).problems.length === 0);
  return checkRecords(filled.slice(Math.max(0, header)), [], SHEET_WORDING, { sheet });
}

function checkRecords(
  records: readonly RawRecord[],
  quoteProblems: Problem[],
  wording: Wording,
  from: Pick<RunningOrderPreview, 'delimiter' | 'sheet'>,
): ParseResult {
  const filled = records.filter((record) => !isBlank(record.cells));
  const [header, ...body] = filled;
  if (!header) return failed(quoteProblems);

  const mapping = mapHeader(header.cells);
  const problems: Problem[] = [
    ...quoteProblems,
    ...mapping.problems.map((p) =>
      problem(
        wording,
        header.line,
        p.column && { name: p.column.header, number: p.column.number },
        p.reason,
      ),
    ),
  ];
  if (mapping.problems.length > 0) return failed(problems);
  if (body.length === 0 && quoteProblems.length === 0) {
    return failed([problem(wording, header.line, null, 'there are no looks below the header')]);
  }

  const rows: RunningOrderRow[] = [];
  const check = new RowChecks(mapping.columns, problems, wording);
  for (const record of body) {
    // A row with a broken quote has its cells shifted; its own problem says enough.
    if (record.hasQuoteError) continue;
    const row = check.row(record);
    if (row) rows.push(row);
  }
  if (problems.length > 0) return failed(problems);
  return {
    ok: true,
    preview: { rows, ...from, columns: mapping.columns, ignoredColumns: mapping.ignored },
  };
}

/** Formats a problem the way the producer reads it. */
export function describeProblem(
  line: number,
  column: { name: string; number: number } | null,
  reason: string,
  wording: Wording = TEXT_WORDING,
): string {
  return column
    ? `${wording.line} ${line}, column "${column.name}" (${wording.column(column.number)}): ${reason}`
    : `${wording.line} ${line}: ${reason}`;
}

function problem(
  wording: Wording,
  line: number,
  column: { name: string; number: number } | null,
  reason: string,
): Problem {
  return {
    line,
    column: column?.name ?? null,
    columnNumber: column?.number ?? null,
    reason,
    message: describeProblem(line, column, reason, wording),
  };
}

function failed(problems: Problem[]): ParseResult {
  const sorted = problems
    .filter((p, i) => problems.findIndex((q) => q.message === p.message) === i)
    .sort((a, b) => a.line - b.line || (a.columnNumber ?? 0) - (b.columnNumber ?? 0));
  return { ok: false, problems: sorted };
}

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === '');

/**
 * Comma or semicolon, judged on the header line alone: data rows may hold the
 * other character unquoted (accessories "belt, bag" in a semicolon file).
 */
function detectDelimiter(source: string): Delimiter {
  const headerLine = source.split('\n').find((line) => line.trim() !== '') ?? '';
  const guessed = Papa.parse<string[]>(headerLine, {
    delimitersToGuess: [',', ';', '\t'],
    newline: '\n',
    preview: 1,
  }).meta.delimiter;
  // Cells copied from a spreadsheet and pasted arrive separated by tabs.
  return guessed === ';' || guessed === '\t' ? guessed : ',';
}

/** Splits the text into records, each with the physical line it starts on. */
function readRecords(
  source: string,
  delimiter: Delimiter,
): { records: RawRecord[]; quoteProblems: Problem[] } {
  const lines = new LineCounter(source);
  const records: RawRecord[] = [];
  const quoteErrors: { index: number; code: string; message: string; record: RawRecord }[] = [];
  let start = 0;
  // `step` hands over one record at a time with the cursor just past it, so the
  // next record starts there, however many lines a quoted cell spanned.
  Papa.parse<string[]>(source, {
    delimiter,
    newline: '\n',
    header: false,
    skipEmptyLines: false,
    step: (results) => {
      const record: RawRecord = {
        line: lines.lineAt(start),
        offset: start,
        cells: results.data,
        hasQuoteError: results.errors.length > 0,
      };
      records.push(record);
      for (const error of results.errors) {
        quoteErrors.push({
          index: error.index ?? start,
          code: error.code,
          message: error.message,
          record,
        });
      }
      start = results.meta.cursor;
    },
  });

  const header = records.find((record) => !isBlank(record.cells));
  const headerName = (number: number): string =>
    header?.cells[number - 1]?.trim() || `column ${number}`;
  const quoteProblems = quoteErrors.map(({ index, code, message, record }) => {
    // Papaparse points just past the opening quote of the cell concerned.
    const quoteAt = Math.max(record.offset, index - 1);
    const number = columnNumberAt(source, record.offset, quoteAt, delimiter);
    const column = { name: headerName(number), number };
    const line = lines.lineAt(quoteAt);
    switch (code) {
      case 'MissingQuotes':
        return problem(
          TEXT_WORDING,
          line,
          column,
          'this quote is never closed, so the rest of the file would be one cell',
        );
      case 'InvalidQuotes':
        return problem(
          TEXT_WORDING,
          line,
          column,
          'a quote inside a quoted cell must be doubled ("")',
        );
      default:
        return problem(TEXT_WORDING, line, column, message);
    }
  });
  // A stray quote often leaves the cell unclosed too: one problem per cell is enough.
  const firstPerCell = quoteProblems.filter(
    (p, i) =>
      quoteProblems.findIndex((q) => q.line === p.line && q.columnNumber === p.columnNumber) === i,
  );
  return { records, quoteProblems: firstPerCell };
}

/** Which column (1-based) the character at `index` is in, counting delimiters outside quotes. */
function columnNumberAt(
  source: string,
  rowStart: number,
  index: number,
  delimiter: string,
): number {
  let number = 1;
  let quoted = false;
  for (let i = rowStart; i < index; i++) {
    const char = source[i];
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) number++;
  }
  return number;
}

/** Physical line numbers of offsets, asked for in increasing order (mostly). */
class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly source: string) {}

  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    for (; this.offset < offset && this.offset < this.source.length; this.offset++) {
      if (this.source[this.offset] === '\n') this.line++;
    }
    return this.line;
  }
}

/** Checks rows one after another, remembering what earlier rows said. */
class RowChecks {
  private readonly lineOfLook = new Map<number, number>();
  private readonly stationOf = new Map<string, { station: string; line: number }>();
  private readonly callTimeOf = new Map<string, { time: string; line: number }>();
  private readonly byField: Partial<Record<CsvField, Column>>;

  constructor(
    columns: readonly Column[],
    private readonly problems: Problem[],
    private readonly wording: Wording,
  ) {
    this.byField = Object.fromEntries(columns.map((column) => [column.field, column]));
  }

  row(record: RawRecord): RunningOrderRow | undefined {
    const line = record.line;
    const text = (field: CsvField): string => {
      const column = this.byField[field];
      const cell = column ? (record.cells[column.number - 1] ?? '') : '';
      return unescapeFormula(cell.trim());
    };
    const fail = (field: CsvField, reason: string): undefined => {
      const column = this.byField[field];
      this.problems.push(
        problem(
          this.wording,
          line,
          column ? { name: column.header, number: column.number } : null,
          reason,
        ),
      );
      return undefined;
    };

    const look = this.lookNumber(text('look'), line, fail);
    const model = cleanName(text('model'));
    if (model === '') fail('model', "the model's name is missing");
    const station = text('station');
    if (model !== '' && station !== '') this.checkStation(model, station, line, fail);
    const callTime = this.callTime(text('callTime'), model, line, fail);
    if (look === undefined || model === '' || callTime === undefined) return undefined;

    return {
      line,
      look,
      model,
      section: text('section'),
      outfit: text('outfit'),
      accessories: splitAccessories(text('accessories')),
      shoes: text('shoes'),
      hair: text('hair'),
      makeup: text('makeup'),
      dresser: text('dresser'),
      notes: text('notes'),
      station,
      callTime,
    };
  }

  /** `HH:MM`, '' when blank, undefined (with a problem) when not a time or not the model's other one. */
  private callTime(
    cell: string,
    model: string,
    line: number,
    fail: (field: CsvField, reason: string) => undefined,
  ): string | undefined {
    if (cell === '') return '';
    const time = readTime(cell);
    if (time === undefined) return fail('callTime', `"${cell}" is not a time (write it as 14:30)`);
    if (model === '') return time;
    const key = nameKey(model);
    const first = this.callTimeOf.get(key);
    if (!first) this.callTimeOf.set(key, { time, line });
    else if (first.time !== time) {
      return fail(
        'callTime',
        `${model} is called at ${first.time} on ${this.wording.line.toLowerCase()} ${first.line}, not ${time}`,
      );
    }
    return time;
  }

  private lookNumber(
    cell: string,
    line: number,
    fail: (field: CsvField, reason: string) => undefined,
  ): number | undefined {
    if (cell === '') return fail('look', 'the look number is missing');
    const look = /^\d+$/.test(cell) ? Number(cell) : NaN;
    if (!Number.isSafeInteger(look) || look < 1) {
      return fail('look', `"${cell}" is not a look number`);
    }
    const earlier = this.lineOfLook.get(look);
    if (earlier !== undefined) {
      return fail('look', `look ${look} already on ${this.wording.line.toLowerCase()} ${earlier}`);
    }
    this.lineOfLook.set(look, line);
    return look;
  }

  /** One person sits at one station: two different ones for the same model is a typo to fix. */
  private checkStation(
    model: string,
    station: string,
    line: number,
    fail: (field: CsvField, reason: string) => undefined,
  ): void {
    const key = nameKey(model);
    const first = this.stationOf.get(key);
    if (!first) {
      this.stationOf.set(key, { station, line });
    } else if (nameKey(first.station) !== nameKey(station)) {
      fail(
        'station',
        `${model} is at station "${first.station}" on ${this.wording.line.toLowerCase()} ${first.line}, not "${station}"`,
      );
    }
  }
}

/** Accessories are one cell: items split on `|`, `,` or line breaks, trimmed, empties dropped. */
export function splitAccessories(cell: string): string[] {
  return cell
    .split(/[|,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
