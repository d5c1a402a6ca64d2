// Importing and exporting the running order as CSV. Pure: text in, changes out.
export { parseRunningOrder, parseSheetRows, describeProblem, splitAccessories } from './parse';
export type {
  SheetRow,
  Delimiter,
  ParseResult,
  Problem,
  RunningOrderPreview,
  RunningOrderRow,
} from './parse';
export { planImport, describeImport } from './plan';
export type { Existing, ImportIds, ImportPlan, PlannedLook } from './plan';
export { runningOrderToCsv, EXPORT_HEADER } from './export';
export type { ExportEntry } from './export';
export { FIELDS, FIELD_LABELS, FIELD_ALIASES, fieldForHeader, headerKey } from './columns';
export type { Column, CsvField } from './columns';
export { cleanName, nameKey } from './names';
