// Excel workbooks (.xlsx), read in the browser. Loaded only when the producer imports one.
export { readWorkbook, describe as describeWorkbookError, LIMITS } from './xlsx';
export type { Workbook, WorkbookResult, XmlElement, XmlParser, SheetRow } from './xlsx';
