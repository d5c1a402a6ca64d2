import { errorText } from '../errors';
// Reads the cells of an Excel workbook (.xlsx: XML parts in a ZIP archive) as text,
// the way Excel shows them: shared and inline strings, numbers, booleans, and date
// and time cells (by their number format) as `YYYY-MM-DD` and `HH:MM`. Formulas
// give their saved result. The XML parser is handed in (the browser's DOMParser),
// so this stays free of the DOM; every limit is checked before the work it bounds.
import type { SheetRow } from '../csv/parse';
import { dateKindOfFormat, excelSerialText, type DateKind, type DateSystem } from './excel-dates';
import { megabytes, ZipArchive, ZipProblem } from './zip';

export const LIMITS = {
  /** A running order of a few hundred looks is a few tens of kB as .xlsx. */
  fileBytes: 10_000_000,
  /** Any one XML part, unpacked. */
  partBytes: 30_000_000,
  rows: 5_000,
  columns: 200,
};

/** What this module needs of an XML element; a DOM Element fits. */
export interface XmlElement {
  readonly localName: string | null;
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: { readonly length: number; item(index: number): XmlElement | null };
  getAttribute(name: string): string | null;
}

/** Parses XML text into its root element; throws (or returns a parsererror root) when it is not XML. */
export type XmlParser = (text: string) => XmlElement;

export interface Workbook {
  /** Sheet names in the workbook's order (the first is the one Excel opens on, usually). */
  sheets: string[];
  /** The rows with any cell, in order; throws a `WorkbookProblem` for a sheet too big or broken. */
  rows(sheet: string): SheetRow[];
}

/** Why a file cannot be read, in words for the producer. */
export class WorkbookProblem extends Error {}

export type { SheetRow };

export type WorkbookResult = { ok: true; workbook: Workbook } | { ok: false; message: string };

const ELEMENT = 1;
const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

/** Opens a workbook; nothing is read from a sheet until asked. Never throws. */
export function readWorkbook(bytes: Uint8Array, parseXml: XmlParser): WorkbookResult {
  try {
    return { ok: true, workbook: openWorkbook(bytes, parseXml) };
  } catch (error) {
    return { ok: false, message: describe(error) };
  }
}

/** The message for anything thrown while reading a workbook. */
export function describe(error: unknown): string {
  if (error instanceof WorkbookProblem) return error.message;
  if (error instanceof ZipProblem)
    return `This is not an Excel workbook we can open: ${error.message}.`;
  return `This is not an Excel workbook we can open (${errorText(error)}).`;
}

function openWorkbook(bytes: Uint8Array, parseXml: XmlParser): Workbook {
  if (bytes.length > LIMITS.fileBytes) {
    throw new WorkbookProblem(
      `The file is ${megabytes(bytes.length)}; a running order is far smaller. Is it the right file?`,
    );
  }
  if (isOleFile(bytes)) {
    throw new WorkbookProblem(
      'This is an old Excel file (.xls) or a password-protected workbook: in Excel, save it as ' +
        '"Excel Workbook (.xlsx)" without a password, then import that.',
    );
  }
  const zip = new ZipArchive(bytes, LIMITS.partBytes);
  const xml = (name: string): XmlElement | undefined => {
    const data = zip.read(name);
    return data && parseChecked(parseXml, new TextDecoder().decode(data), name);
  };

  const workbookPath = officeDocumentPath(xml('_rels/.rels'));
  const workbook = xml(workbookPath);
  if (!workbook || workbook.localName !== 'workbook') {
    throw new WorkbookProblem(
      'This file has no workbook in it: is it an Excel workbook (.xlsx), or a Word or PowerPoint file?',
    );
  }
  const system: DateSystem = isTrue(first(workbook, 'workbookPr')?.getAttribute('date1904'))
    ? 1904
    : 1900;
  const folder = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const targets = relationshipTargets(
    xml(`${folder}_rels/${workbookPath.slice(folder.length)}.rels`),
    folder,
  );
  const sheets = children(first(workbook, 'sheets'), 'sheet').map((sheet) => ({
    name: sheet.getAttribute('name') ?? '',
    path: targets.get(relationshipId(sheet)) ?? '',
  }));
  if (sheets.length === 0) throw new WorkbookProblem('The workbook has no sheets.');

  let shared: string[] | undefined;
  let styles: (DateKind | undefined)[] | undefined;
  return {
    sheets: sheets.map((sheet) => sheet.name),
    rows(name) {
      const sheet = sheets.find((s) => s.name === name);
      if (!sheet) throw new WorkbookProblem(`The workbook has no sheet "${name}".`);
      const root = sheet.path ? xml(sheet.path) : undefined;
      const data = first(root, 'sheetData');
      if (!root || !data)
        throw new WorkbookProblem(`"${name}" is not a sheet of cells (a chart?).`);
      checkDimension(root, name);
      shared ??= sharedStrings(xml(`${folder}sharedStrings.xml`));
      styles ??= cellStyles(xml(`${folder}styles.xml`));
      return sheetRows(data, name, { shared, styles, system });
    },
  };
}

/** Old .xls files and encrypted workbooks are OLE compound files, not ZIP archives. */
const isOleFile = (bytes: Uint8Array): boolean =>
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((byte, i) => bytes[i] === byte);

function parseChecked(parseXml: XmlParser, text: string, name: string): XmlElement {
  // Workbook parts never declare a DTD; refusing one refuses entity expansion tricks.
  if (/<!DOCTYPE/i.test(text)) throw new ZipProblem(`its part ${name} declares a DOCTYPE`);
  const root = parseXml(text);
  if (root.localName === 'parsererror' || children(root, 'parsererror').length > 0) {
    throw new ZipProblem(`its part ${name} is not well-formed XML`);
  }
  return root;
}

function officeDocumentPath(rels: XmlElement | undefined): string {
  const document = children(rels, 'Relationship').find((rel) =>
    REL_OFFICE_DOCUMENT.test(rel.getAttribute('Type') ?? ''),
  );
  const target = document?.getAttribute('Target');
  return target ? target.replace(/^\//, '') : 'xl/workbook.xml';
}

function relationshipTargets(rels: XmlElement | undefined, folder: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const rel of children(rels, 'Relationship')) {
    const target = rel.getAttribute('Target') ?? '';
    targets.set(
      rel.getAttribute('Id') ?? '',
      target.startsWith('/') ? target.slice(1) : folder + target,
    );
  }
  return targets;
}

/** The sheet's `r:id`, whatever prefix the file gave the relationships namespace. */
function relationshipId(sheet: XmlElement): string {
  return sheet.getAttribute('r:id') ?? sheet.getAttribute('id') ?? '';
}

function checkDimension(sheet: XmlElement, name: string): void {
  const ref = first(sheet, 'dimension')?.getAttribute('ref') ?? '';
  const last = ref.split(':')[1];
  if (!last) return;
  const { row, column } = cellPosition(last);
  if (row > LIMITS.rows) tooBig(name, `${row} rows`);
  if (column > LIMITS.columns) tooBig(name, `${column} columns`);
}

function tooBig(name: string, size: string): never {
  throw new WorkbookProblem(
    `The sheet "${name}" is too big for a running order (${size}; ` +
      `at most ${LIMITS.rows} rows and ${LIMITS.columns} columns are read). ` +
      'Copy the running order to a sheet of its own.',
  );
}

function sharedStrings(root: XmlElement | undefined): string[] {
  return children(root, 'si').map(stringItem);
}

/** A string item: plain `<t>`, or rich text runs `<r><t>`; phonetic hints (`<rPh>`) are not text. */
function stringItem(item: XmlElement): string {
  let text = '';
  for (const child of children(item)) {
    if (child.localName === 't') text += child.textContent ?? '';
    else if (child.localName === 'r') text += first(child, 't')?.textContent ?? '';
  }
  return unescapeOoxml(text);
}

/** `_x000D_` and friends: characters XML cannot hold, as OOXML writes them. */
const unescapeOoxml = (text: string): string =>
  text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** For every cell style (`s` attribute), whether it shows numbers as dates or times. */
function cellStyles(root: XmlElement | undefined): (DateKind | undefined)[] {
  const codes = new Map<number, string>();
  for (const format of children(first(root, 'numFmts'), 'numFmt')) {
    codes.set(Number(format.getAttribute('numFmtId')), format.getAttribute('formatCode') ?? '');
  }
  return children(first(root, 'cellXfs'), 'xf').map((xf) => {
    const id = Number(xf.getAttribute('numFmtId') ?? 0);
    return dateKindOfFormat(id, codes.get(id));
  });
}

interface CellContext {
  shared: readonly string[];
  styles: readonly (DateKind | undefined)[];
  system: DateSystem;
}

function sheetRows(data: XmlElement, name: string, context: CellContext): SheetRow[] {
  const rows: SheetRow[] = [];
  let previousRow = 0;
  for (const row of children(data, 'row')) {
    const number = Number(row.getAttribute('r')) || previousRow + 1;
    previousRow = number;
    if (number > LIMITS.rows) tooBig(name, `${number} rows`);
    const cells: string[] = [];
    let previousColumn = 0;
    for (const cell of children(row, 'c')) {
      const ref = cell.getAttribute('r');
      const column = ref ? cellPosition(ref).column : previousColumn + 1;
      previousColumn = column;
      if (column > LIMITS.columns) tooBig(name, `${column} columns`);
      const text = cellText(cell, context);
      if (text !== '') cells[column - 1] = text;
    }
    if (cells.length > 0) rows.push({ row: number, cells: Array.from(cells, (c) => c ?? '') });
  }
  return rows;
}

function cellText(cell: XmlElement, context: CellContext): string {
  const type = cell.getAttribute('t') ?? 'n';
  const value = first(cell, 'v')?.textContent ?? '';
  switch (type) {
    case 's':
      return context.shared[Number(value)] ?? '';
    case 'inlineStr':
      return stringItem(first(cell, 'is') ?? cell);
    case 'str':
      return unescapeOoxml(value);
    case 'b':
      return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    case 'e':
      return value;
    case 'd':
      // Strict OOXML's ISO dates: "2026-11-29T14:30:00" → "2026-11-29 14:30".
      return value
        .replace('T', ' ')
        .replace(/(:\d{2}):00(\.0+)?Z?$/, '$1')
        .replace(/ 00:00$/, '');
    default: {
      if (value === '') return '';
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      const kind = context.styles[Number(cell.getAttribute('s') ?? 0)];
      if (kind && number >= 0) return excelSerialText(number, kind, context.system);
      // Fifteen digits, as Excel shows: 0.1 + 0.2 is 0.3 there, not 0.30000000000000004.
      return String(Number(number.toPrecision(15)));
    }
  }
}

/** "AB12" → row 12, column 28. */
export function cellPosition(ref: string): { row: number; column: number } {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!match) return { row: 0, column: 0 };
  let column = 0;
  for (const letter of (match[1] as string).toUpperCase())
    column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

function children(element: XmlElement | undefined, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  if (!element) return found;
  const nodes = element.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (node && node.nodeType === ELEMENT && (name === undefined || node.localName === name)) {
      found.push(node);
    }
  }
  return found;
}

const first = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  children(element, name)[0];

const isTrue = (value: string | null | undefined): boolean => value === '1' || value === 'true';
