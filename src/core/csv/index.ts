export type {
  CsvTable,
  Column,
  NumericColumn,
  CategoricalColumn,
  ConstantColumn,
  InvalidCells,
  ColumnSummary,
} from './types';
export { parseCsv, parseCsvText, type CsvOptions } from './parse';
export { detectDelimiter, DELIMITERS } from './delimiter';
export { typeColumns, MAX_INVALID_SHARE } from './columns';
export { describeColumns } from './describe';
export { MISSING_TOKENS, isMissingToken, parseNumber, compareLevels } from './cells';
