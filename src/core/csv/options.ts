/**
 * How to read a CSV file, each setting detected unless given: the flags `--delimiter`, `--decimal`,
 * `--thousands`, `--na`, `--encoding`, `--comment`, `--skip-rows`, `--strict-rows`, and the experiment
 * file's `data` block (`decimal`, `encoding`, `kinds`, ...). Checked here so a bad value is named once.
 */
import { LossLabError, shorten, showValue } from '../errors';
import { DELIMITERS } from './delimiter';
import { ENCODINGS, type Encoding, encodingOf } from './encoding';

/** What a column holds, and so how it becomes features. */
export const COLUMN_KINDS = ['numeric', 'categorical', 'boolean', 'date', 'identifier', 'text'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface CsvOptions {
  /** Skip detection and use this delimiter. */
  delimiter?: string;
  /** The decimal mark; detected per file (a `;`-delimited file writing `1,5` has `,`). */
  decimal?: '.' | ',';
  /** The thousands separator; default: `,` with a decimal point, `.` with a decimal comma (spaces always). */
  thousands?: string;
  /** Missing-value tokens besides `NA`, `N/A`, `NaN`, `null`, `None`, `?`, `-`, `--` and the empty cell. */
  na?: string[];
  /** `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`; detected by default. */
  encoding?: string;
  /** Lines starting with this character before the header are skipped (default `#`); given, in the data too. */
  comment?: string;
  /** Lines skipped before anything else is read. */
  skipRows?: number;
  /** A record with fewer fields than the header is an error (by default it is completed with missing values). */
  strictRows?: boolean;
  /** Column kinds that override detection, by column name. */
  kinds?: Record<string, ColumnKind>;
}

/** The options checked, with their defaults. */
export interface ReadSettings {
  delimiter: string | null;
  decimal: '.' | ',' | null;
  thousands: string | undefined;
  na: string[];
  encoding: Encoding | null;
  comment: string;
  /** Whether comment lines in the data are skipped too (the comment character was given). */
  commentsInData: boolean;
  skipRows: number;
  strictRows: boolean;
  kinds: Record<string, ColumnKind>;
}

/** `shown` names the field in the message: a column's name in it is shortened, the location keeps it whole. */
function bad(field: string, message: string, shown = field): LossLabError {
  return new LossLabError(`${shown} ${message}`, { field });
}

function oneChar(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length !== 1 || v === '"' || v === '\n' || v === '\r')
    throw bad(field, `must be a single character (not a quote or line break), got ${showValue(v)}`);
  return v;
}

export function resolveCsvOptions(o: CsvOptions = {}): ReadSettings {
  if (o.delimiter !== undefined && !(DELIMITERS as readonly string[]).includes(o.delimiter))
    throw bad('delimiter', `must be one of , ; tab |, got ${showValue(o.delimiter)}`);
  if (o.decimal !== undefined && o.decimal !== '.' && o.decimal !== ',')
    throw bad('decimal', `must be "." or ",", got ${showValue(o.decimal)}`);
  if (o.decimal === ',' && o.delimiter === ',')
    throw bad('decimal', 'cannot be "," when the delimiter is ","; give --delimiter ";"');
  if (
    o.thousands !== undefined &&
    (typeof o.thousands !== 'string' ||
      o.thousands.length > 1 ||
      /[\d"]/.test(o.thousands) ||
      o.thousands === o.decimal)
  )
    throw bad(
      'thousands',
      `must be one character other than a digit, a quote or the decimal mark (or "" for none), got ${showValue(o.thousands)}`,
    );
  const na = o.na ?? [];
  if (!Array.isArray(na) || !na.every((t) => typeof t === 'string' && t.trim() !== ''))
    throw bad('na', `must be a list of non-empty missing-value tokens, got ${showValue(o.na)}`);
  const skipRows = o.skipRows ?? 0;
  if (!Number.isSafeInteger(skipRows) || skipRows < 0)
    throw bad('skipRows', `must be a whole number of lines, got ${showValue(o.skipRows)}`);
  const kinds = o.kinds ?? {};
  for (const [name, kind] of Object.entries(kinds))
    if (!(COLUMN_KINDS as readonly string[]).includes(kind))
      throw bad(
        `kinds.${name}`,
        `must be one of ${COLUMN_KINDS.join(', ')}, got ${showValue(kind)}`,
        `kinds.${shorten(name)}`,
      );
  let encoding: Encoding | null = null;
  if (o.encoding !== undefined) {
    encoding = encodingOf(o.encoding);
    if (encoding === null)
      throw bad('encoding', `must be one of ${ENCODINGS.join(', ')}, got ${showValue(o.encoding)}`);
  }
  return {
    delimiter: o.delimiter ?? null,
    decimal: o.decimal ?? null,
    thousands: o.thousands,
    na: na.map((t) => t.trim().toLowerCase()),
    encoding,
    comment: o.comment === undefined ? '#' : oneChar(o.comment, 'comment'),
    commentsInData: o.comment !== undefined,
    skipRows,
    strictRows: o.strictRows === true,
    kinds,
  };
}
