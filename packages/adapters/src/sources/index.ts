export { jsonSource, type JsonSource, type JsonSourceOptions, type JsonSourceLimits } from './json-source.js';
export { ndjsonSource, type NdjsonSource, type NdjsonSourceOptions, type NdjsonItem } from './ndjson-source.js';
export { csvSource, type CsvSource, type CsvSourceOptions, type CsvInput } from './csv-source.js';
export { xlsxSource, type XlsxSource, type XlsxSourceOptions } from './xlsx-source.js';
export {
  COLUMN_TYPES,
  ledgerMappingSchema,
  loadLedgerMapping,
  parseLedgerMapping,
  type ColumnMapping,
  type ColumnMappingInput,
  type ColumnType,
  type LedgerMapping,
  type LedgerMappingInput,
  type LedgerMappingResult,
  type SheetMapping,
  type SheetMappingInput,
} from './ledger-mapping.js';
export {
  cellText,
  columnLetter,
  convertCell,
  convertSheet,
  enumLookup,
  normalizeHeader,
  type CellConversion,
  type CellProblem,
  type EnumLookup,
  type ConvertSheetInput,
  type ConvertSheetResult,
  type LedgerCell,
  type LedgerRow,
} from './ledger-rows.js';
