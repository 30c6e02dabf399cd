/**
 * CSV for Excel and WPS: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as GBK and the
 * Chinese turns to mojibake), CRLF line ends, RFC 4180 quoting. Text cells that a spreadsheet would
 * take for a formula (=, +, -, @) are prefixed with an apostrophe (CSV injection).
 */

export type CsvCell = string | number | boolean | null | undefined;

export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: numbers as they are; text quoted when it has a comma, quote, line break or edge space. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  let text = cell;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole document: BOM (unless `bom: false`), header and rows, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>, options: { bom?: boolean } = {}): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return (options.bom === false ? '' : UTF8_BOM) + lines.map((l) => l + '\r\n').join('');
}
