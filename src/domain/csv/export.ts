import Papa from 'papaparse';
import type { Look, Model } from '../model';
import { FIELD_LABELS, FIELDS } from './columns';
import { escapeFormula } from './formula';

/** One look of the running order as the producer sees it: numbered, with its model. */
export interface ExportEntry {
  number: number;
  look: Look;
  model: Model | undefined;
}

/** `Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes,Station`. */
export const EXPORT_HEADER: readonly string[] = FIELDS.map((field) => FIELD_LABELS[field]);

/**
 * The running order as CSV that Excel, Numbers and Sheets open, and that
 * `parseRunningOrder` reads back: comma-separated, CRLF, cut looks left out,
 * accessories joined with " | ", cells that would run as formulas defused.
 */
export function runningOrderToCsv(entries: readonly ExportEntry[]): string {
  const rows = entries
    .filter(({ look }) => !look.cut)
    .map(({ number, look, model }) => [
      String(number),
      model?.name ?? '',
      look.section,
      look.outfit,
      look.accessories.join(' | '),
      look.shoes,
      look.hair,
      look.makeup,
      look.dresser,
      look.walkNotes,
      model?.station ?? '',
    ]);
  return Papa.unparse(
    { fields: [...EXPORT_HEADER], data: rows.map((row) => row.map(escapeFormula)) },
    { delimiter: ',', newline: '\r\n', quotes: false, escapeFormulae: false },
  );
}
