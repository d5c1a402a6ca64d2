// Builds small .xlsx workbooks for tests, part by part as Excel writes them, so that
// tests need no binary fixtures and say what is in each cell.
import { strToU8, zipSync, type Zippable } from 'fflate';

export type TestCell =
  | string
  | number
  | boolean
  | { time: number }
  | { date: number }
  | { dateTime: number }
  | { inline: string }
  | { formulaText: string }
  | null;

export interface TestSheet {
  name: string;
  /** Row 1 first; `null` leaves a cell out. */
  rows: TestCell[][];
  /** Rows are written from this row number on (1 = the top). */
  firstRow?: number;
}

/** Cell styles: 0 plain, 1 time (built-in h:mm), 2 date (built-in), 3 a custom date-time format. */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm;@"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="20" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>
</styleSheet>`;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const columnName = (index: number): string => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

export function makeXlsx(sheets: TestSheet[], options: { date1904?: boolean } = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = (text: string): number => {
    const at = shared.indexOf(text);
    if (at >= 0) return at;
    shared.push(text);
    return shared.length - 1;
  };
  const cellXml = (cell: TestCell, ref: string): string => {
    if (cell === null) return '';
    if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${sharedIndex(cell)}</v></c>`;
    if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
    if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
    if ('time' in cell) return `<c r="${ref}" s="1"><v>${cell.time}</v></c>`;
    if ('date' in cell) return `<c r="${ref}" s="2"><v>${cell.date}</v></c>`;
    if ('dateTime' in cell) return `<c r="${ref}" s="3"><v>${cell.dateTime}</v></c>`;
    if ('inline' in cell)
      return `<c r="${ref}" t="inlineStr"><is><t>${escape(cell.inline)}</t></is></c>`;
    return `<c r="${ref}" t="str"><f>CONCAT("a","b")</f><v>${escape(cell.formulaText)}</v></c>`;
  };

  const files: Zippable = {};
  sheets.forEach((sheet, i) => {
    const first = sheet.firstRow ?? 1;
    const rows = sheet.rows
      .map((cells, r) => {
        const number = first + r;
        const inner = cells.map((cell, c) => cellXml(cell, `${columnName(c)}${number}`)).join('');
        return `<row r="${number}">${inner}</row>`;
      })
      .join('');
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  const sheetList = sheets
    .map(
      (sheet, i) => `<sheet name="${escape(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
    )
    .join('');
  const sheetRels = sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  const n = sheets.length;
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetList}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  files['xl/styles.xml'] = strToU8(STYLES);
  // After the sheets: the shared strings are only known once every cell is written.
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
      .map((text) => `<si><t xml:space="preserve">${escape(text)}</t></si>`)
      .join('')}</sst>`,
  );
  return zipSync(files);
}

/** Excel's 1900-system serial of a local date and time, for building cells. */
export const excelTime = (hours: number, minutes: number): number => (hours * 60 + minutes) / 1440;
