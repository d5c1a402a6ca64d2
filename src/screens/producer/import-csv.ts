// What the import dialog shows, as plain functions: the component only renders it.
import {
  describeImport,
  parseRunningOrder,
  parseSheetRows,
  planImport,
  type Existing,
  type ImportIds,
  type ParseResult,
  type SheetRow,
} from '../../domain/csv';
import type { Change } from '../../domain/op';

/** A running order of a few hundred looks is a few tens of kB; anything this big is the wrong file. (Workbooks: LIMITS in domain/sheet.) */
export const MAX_CSV_BYTES = 1_000_000;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_ACCEPT = `.csv,text/csv,.tsv,.txt,.xlsx,${XLSX_TYPE}`;

/** An Excel workbook, by its name or type (the bytes are checked when read). */
export const isWorkbookFile = (file: { name: string; type: string }): boolean =>
  /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;

export interface PreviewRow {
  number: number;
  modelName: string;
  isNewModel: boolean;
  section: string;
  outfit: string;
  accessories: string;
}

export type ImportView =
  | { kind: 'empty' }
  | { kind: 'problems'; messages: string[] }
  | {
      kind: 'ready';
      rows: PreviewRow[];
      summary: string;
      lookCount: number;
      /** Written only when the producer presses the import button. */
      changes: Change[];
    };

/** Reads the text (from a file or pasted) against the show as it is now. */
export function importView(text: string, existing: Existing, ids?: ImportIds): ImportView {
  if (text.trim() === '') return { kind: 'empty' };
  return parsedView(parseRunningOrder(text), existing, ids);
}

/** Reads the rows of a workbook's sheet, by the same rules and with the same preview. */
export function sheetImportView(
  rows: readonly SheetRow[],
  sheet: string,
  existing: Existing,
  ids?: ImportIds,
): ImportView {
  return parsedView(parseSheetRows(rows, sheet), existing, ids);
}

function parsedView(result: ParseResult, existing: Existing, ids?: ImportIds): ImportView {
  if (!result.ok) return { kind: 'problems', messages: result.problems.map((p) => p.message) };
  const plan = planImport(result.preview.rows, existing, ids);
  if (plan.looks.length === 0)
    return {
      kind: 'problems',
      messages: [
        'The file has a header row but no looks under it: add one row per look below the header.',
      ],
    };
  return {
    kind: 'ready',
    rows: plan.looks.map(({ number, look, model, isNewModel }) => ({
      number,
      modelName: model.name,
      isNewModel,
      section: look.section,
      outfit: look.outfit,
      accessories: look.accessories.join(', '),
    })),
    summary: describeImport(result.preview, plan),
    lookCount: plan.looks.length,
    changes: plan.changes,
  };
}

/** The problem shown instead of reading a file that cannot be a running order. */
export function fileTooLarge(bytes: number): ImportView | undefined {
  if (bytes <= MAX_CSV_BYTES) return undefined;
  const megabytes = (bytes / 1_000_000).toFixed(1);
  return {
    kind: 'problems',
    messages: [
      `The file is ${megabytes} MB; a running order is far smaller. Is it the right file?`,
    ],
  };
}

/** The problem shown for a chosen file with nothing in it (an empty paste box is just empty). */
export function emptyFile(name: string, text: string): ImportView | undefined {
  if (text.trim() !== '') return undefined;
  return {
    kind: 'problems',
    messages: [
      `The file ${name} is empty: save the running order with its header row and one row per look.`,
    ],
  };
}

/** "Import 8 looks" when the file is clean, "Import looks" (disabled) otherwise. */
export function importButtonLabel(view: ImportView): string {
  if (view.kind !== 'ready') return 'Import looks';
  return `Import ${view.lookCount} ${view.lookCount === 1 ? 'look' : 'looks'}`;
}

export const canImport = (view: ImportView): view is Extract<ImportView, { kind: 'ready' }> =>
  view.kind === 'ready';

/**
 * File bytes as text: UTF-8 (a BOM is dropped), or, when the bytes are not valid
 * UTF-8, Windows-1252, which is what Excel's plain "CSV" still writes on Windows.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
