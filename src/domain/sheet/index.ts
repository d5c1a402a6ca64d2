// Excel workbooks (.xlsx), read in the browser. Loaded only when the producer imports one.
export { readWorkbook } from './xlsx';
export type { Workbook, WorkbookResult, XmlElement, XmlParser } from './xlsx';
