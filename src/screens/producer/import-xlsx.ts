// Opening an Excel workbook for the import. The reader (and its unzipper) is fetched
// only here, when the producer picks a workbook: no other screen loads it.
import type { WorkbookResult, XmlElement, XmlParser } from '../../domain/sheet';

/** The browser's XML parser, as the workbook reader wants it; malformed XML throws. */
const browserXml: XmlParser = (text) => {
  const document = new DOMParser().parseFromString(text, 'application/xml');
  if (document.getElementsByTagName('parsererror').length > 0) {
    throw new Error('a part is not well-formed XML');
  }
  // A DOM Element has every member XmlElement names (childNodes hold Elements and others).
  return document.documentElement as unknown as XmlElement;
};

export async function openWorkbook(bytes: Uint8Array): Promise<WorkbookResult> {
  const { readWorkbook } = await import('../../domain/sheet');
  return readWorkbook(bytes, browserXml);
}

/** ZIP archives (and so .xlsx workbooks) start with "PK\x03\x04". */
export const looksLikeZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
