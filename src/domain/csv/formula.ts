// Spreadsheet formula injection: a cell starting with = + - @ is run as a formula when
// the file is opened in Excel or Sheets, so exported cells like that get a leading `'`.
// So do cells starting with a tab or a carriage return (spreadsheets skip them and then
// read the formula behind), and with the full-width ＝ ＋ － ＠ that a Japanese or Chinese
// input method types and that some spreadsheets read as their ASCII twins (OWASP's CSV
// injection list, plus the full-width forms).
// The import takes one `'` off again, which makes export → import give back the text.
// Cells already starting with `'` before such a character get one more, so that too
// survives the trip.

const RISKY = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const ESCAPED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The cell to write for `value`. */
export function escapeFormula(value: string): string {
  return RISKY.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The value a (trimmed) cell stands for. */
export function unescapeFormula(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}
