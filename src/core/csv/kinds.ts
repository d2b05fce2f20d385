/**
 * What each column holds, decided once the file is read: numeric, categorical, boolean, date, identifier or
 * text. The chunk parser stores plain numbers as numbers and everything else as text levels; here the text
 * levels are read again as decorated numbers (`numbers.ts`), booleans or dates (`dates.ts`).
 *
 * A kind is inferred from the values of the first `SAMPLE_ROWS` rows, then checked on every value (each
 * distinct text once): values that break it are reported with their line and read as missing when they are
 * few (as a numeric column's stray text is), else the column stays categorical and a note says why. A kind
 * given in `kinds` is not inferred, and a value that breaks it is an error.
 */
import { LossLabError, quote, showPath } from '../errors';
import { parsePlain } from './cells';
import { MAX_INVALID_SHARE } from './columns';
import { parseDate, slashOrder } from './dates';
import { type NumberFormat, numberFormat, parseDecorated } from './numbers';
import type { ColumnKind } from './options';
import type { CategoricalColumn, Column, ColumnInference, NumericColumn } from './types';

/** Rows whose values decide a kind (every value is then checked against it). */
export const SAMPLE_ROWS = 1000;
/** Fewer rows than this are too few to call a column of distinct values an identifier. */
export const MIN_IDENTIFIER_ROWS = 20;
/** Mean length from which text whose values have spaces is free text rather than categories. */
export const TEXT_MEAN_LENGTH = 30;

const TRUE_TOKENS = ['yes', 'true', 'y', '1', 't'];
const FALSE_TOKENS = ['no', 'false', 'n', '0', 'f'];

/** `customer_id`, `CustomerID`, `Id`, `uuid`: names of identifiers. */
export function namedLikeId(name: string): boolean {
  return /(^|[^A-Za-z])(id|uuid|guid)$/i.test(name) || /[a-z](Id|ID)$/.test(name);
}

/** What reading needs to know about a column and the file. */
export interface KindContext {
  file: string;
  lines: Int32Array;
  decimal: '.' | ',';
  thousands: string | undefined;
  /** The kind given for this column, if any. */
  given: ColumnKind | undefined;
  rowNames: boolean;
}

export interface Interpreted {
  column: Column;
  inference: ColumnInference;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The kind and final column of one column as the parser typed it. */
export function interpretColumn(col: Column, ctx: KindContext): Interpreted {
  if (ctx.rowNames)
    return {
      column: col,
      inference: { kind: 'identifier', because: 'row names (the header leaves the first column unnamed)' },
    };
  switch (col.kind) {
    case 'numeric':
      return numericKind(col, ctx);
    case 'categorical':
      return textKind(col, ctx);
    case 'constant':
      return {
        column: col,
        inference: {
          kind: ctx.given ?? constantKind(col.value, ctx),
          because: col.value === null ? 'every cell is missing' : `a single value ${quote(col.value)}`,
        },
      };
  }
}

function constantKind(value: string | null, ctx: KindContext): ColumnKind {
  if (value === null) return 'categorical';
  if (booleanToken(value) !== null && /^[a-z]/i.test(value)) return 'boolean';
  if (parseDecorated(value, numberFormat(ctx.decimal, ctx.thousands)) !== null) return 'numeric';
  return Number.isNaN(parseDate(value, null)) ? 'categorical' : 'date';
}

function booleanToken(t: string): boolean | null {
  const s = t.toLowerCase();
  return TRUE_TOKENS.includes(s) ? true : FALSE_TOKENS.includes(s) ? false : null;
}

function fail(ctx: KindContext, name: string, row: number, value: string, kind: ColumnKind): LossLabError {
  const line = ctx.lines[row];
  return new LossLabError(
    `${showPath(ctx.file)} line ${line}: ${quote(value)} in column ${quote(name)} is not ${kind === 'numeric' ? 'a number' : kind === 'date' ? 'a date' : 'yes/no'}, but kinds makes the column ${kind}; fix the value, make it missing, or change the column's kind`,
    { file: ctx.file, line, field: `kinds.${name}` },
  );
}

/** Distinct numbers of a column (NaN left out), at most `limit` + 1 of them. */
function distinctNumbers(values: Float64Array, limit: number): Set<number> {
  const seen = new Set<number>();
  for (let r = 0; r < values.length && seen.size <= limit; r++) if (values[r] === values[r]) seen.add(values[r]);
  return seen;
}

function numericKind(col: NumericColumn, ctx: KindContext): Interpreted {
  const fixed = col.invalid.count > 0 ? rereadInvalid(col, numberFormat(ctx.decimal, ctx.thousands)) : col;
  const given = ctx.given;
  if (given === 'categorical')
    return { column: numbersAsLevels(fixed), inference: { kind: 'categorical', because: 'given in kinds' } };
  if (given === 'date')
    throw fail(ctx, col.name, firstPresent(col.values), String(col.values[firstPresent(col.values)]), 'date');
  const present = col.values.length - fixed.missing;
  const zeroOne = () => [...distinctNumbers(fixed.values, 2)].every((v) => v === 0 || v === 1);
  if (given === 'boolean' || (given === undefined && zeroOne())) {
    if (!zeroOne())
      throw fail(
        ctx,
        col.name,
        col.values.findIndex((v) => v === v && v !== 0 && v !== 1),
        'a number other than 0 and 1',
        'boolean',
      );
    return {
      column: fixed,
      inference: { kind: 'boolean', because: given ? 'given in kinds' : 'only the values 0 and 1' },
    };
  }
  if (given === 'identifier' || given === 'text')
    return { column: fixed, inference: { kind: given, because: 'given in kinds' } };
  if (
    given === undefined &&
    namedLikeId(col.name) &&
    present >= MIN_IDENTIFIER_ROWS &&
    distinctNumbers(fixed.values, present).size === present
  )
    return {
      column: fixed,
      inference: {
        kind: 'identifier',
        because: `named like an identifier, and each of its ${present} values is distinct`,
      },
    };
  const decorated =
    fixed !== col && fixed.invalid.count < col.invalid.count
      ? ' (some written with thousands separators or currency)'
      : '';
  return { column: fixed, inference: { kind: 'numeric', because: given ? 'given in kinds' : `numbers${decorated}` } };
}

function firstPresent(values: Float64Array): number {
  const r = values.findIndex((v) => v === v);
  return r < 0 ? 0 : r;
}

/** The column with its invalid cells read again as decorated numbers (a `1,200` among plain numbers). */
function rereadInvalid(col: NumericColumn, format: NumberFormat): NumericColumn {
  const values = col.values;
  const rows: number[] = [];
  const texts: string[] = [];
  col.invalidCells.texts.forEach((t, k) => {
    const d = parseDecorated(t, format);
    const r = col.invalidCells.rows[k];
    if (d !== null) values[r] = d.value;
    else {
      rows.push(r);
      texts.push(t);
    }
  });
  const read = col.invalid.count - rows.length;
  if (read === 0) return col;
  return {
    ...col,
    values,
    missing: col.missing - read,
    invalid: { count: rows.length, firstLine: rows.length ? col.invalid.firstLine : 0, firstValue: texts[0] ?? '' },
    invalidCells: { rows: Int32Array.from(rows), texts },
  };
}

/** A numeric column as categories (a kind given): each distinct number a level, in numeric order. */
function numbersAsLevels(col: NumericColumn): CategoricalColumn {
  const sorted = [...distinctNumbers(col.values, Infinity)].sort((a, b) => a - b);
  const index = new Map(sorted.map((v, k) => [v, k]));
  const codes = Int32Array.from(col.values, (v) => (v === v ? (index.get(v) as number) : -1));
  return { name: col.name, kind: 'categorical', codes, levels: sorted.map(String), missing: col.missing };
}

/** Per level of a text column: how many rows have it and the first row that does. */
function levelRows(col: CategoricalColumn): { count: Int32Array; first: Int32Array; present: number } {
  const count = new Int32Array(col.levels.length);
  const first = new Int32Array(col.levels.length).fill(-1);
  let present = 0;
  for (let r = 0; r < col.codes.length; r++) {
    const k = col.codes[r];
    if (k < 0) continue;
    present++;
    if (count[k]++ === 0) first[k] = r;
  }
  return { count, first, present };
}

/** A reading of text levels as numbers (days, for dates): NaN where a level does not read. */
interface Reading {
  kind: 'numeric' | 'date' | 'boolean';
  values: Float64Array;
  because: string;
}

function numberReading(levels: readonly string[], format: NumberFormat): Reading {
  let percent = 0;
  let decorated = 0;
  const values = Float64Array.from(levels, (t) => {
    const d = parseDecorated(t, format);
    if (d === null) return NaN;
    if (d.percent) percent++;
    if (parsePlain(t, format.decimal.charCodeAt(0)) !== d.value) decorated++;
    return d.value;
  });
  const how = percent ? `; percentages read as fractions ('23.8%' is 0.238)` : '';
  return {
    kind: 'numeric',
    values,
    because: decorated
      ? `numbers written with currency, thousands separators or signs, read as plain numbers${how}`
      : `numbers${how}`,
  };
}

function dateReading(levels: readonly string[]): Reading | null {
  const { order, ambiguous } = slashOrder(levels);
  const values = Float64Array.from(levels, (t) => parseDate(t, order));
  const how = order
    ? ` (${order === 'dmy' ? 'day/month/year: a day is over 12' : 'month/day/year: a day is over 12'})`
    : '';
  if (ambiguous && values.every((v) => v !== v)) return null;
  return {
    kind: 'date',
    values,
    because: `dates${how}; as features: days since the earliest date, the day of the week and the month`,
  };
}

function booleanReading(levels: readonly string[]): Reading {
  return {
    kind: 'boolean',
    values: Float64Array.from(levels, (t) => {
      const b = booleanToken(t);
      return b === null ? NaN : b ? 1 : 0;
    }),
    because: 'yes/no values, read as 1 and 0',
  };
}

/** The levels seen in the first `SAMPLE_ROWS` rows. */
function sampleLevels(col: CategoricalColumn): Set<number> {
  const seen = new Set<number>();
  for (let r = 0; r < Math.min(col.codes.length, SAMPLE_ROWS); r++) if (col.codes[r] >= 0) seen.add(col.codes[r]);
  return seen;
}

function textKind(col: CategoricalColumn, ctx: KindContext): Interpreted {
  const format = numberFormat(ctx.decimal, ctx.thousands);
  const rowsOf = levelRows(col);
  const given = ctx.given;
  const readings: Record<string, () => Reading | null> = {
    boolean: () => booleanReading(col.levels),
    numeric: () => numberReading(col.levels, format),
    date: () => dateReading(col.levels),
  };
  if (given === 'boolean' || given === 'numeric' || given === 'date') {
    const reading = readings[given]() ?? {
      kind: given,
      values: new Float64Array(col.levels.length).fill(NaN),
      because: '',
    };
    const bad = reading.values.findIndex((v) => v !== v);
    if (bad >= 0) throw fail(ctx, col.name, rowsOf.first[bad], col.levels[bad], given);
    return applyReading(col, { ...reading, because: 'given in kinds' }, ctx);
  }
  if (given !== undefined) return { column: col, inference: { kind: given, because: 'given in kinds' } };
  const sample = sampleLevels(col);
  const notes: string[] = [];
  for (const kind of ['boolean', 'numeric', 'date'] as const) {
    const reading = readings[kind]();
    if (reading === null) {
      notes.push(
        `dates like ${quote(col.levels[0])} could be month/day or day/month: give the kind in kinds to read them`,
      );
      continue;
    }
    if (![...sample].every((k) => reading.values[k] === reading.values[k])) continue;
    let badRows = 0;
    reading.values.forEach((v, k) => (badRows += v === v ? 0 : rowsOf.count[k]));
    // Booleans have no stray values: a third value makes categories.
    if (badRows === 0 || (kind !== 'boolean' && badRows <= MAX_INVALID_SHARE * rowsOf.present))
      return applyReading(col, reading, ctx);
    const bad = reading.values.findIndex((v) => v !== v);
    notes.push(
      `read as text: the first ${SAMPLE_ROWS} rows look like ${kind === 'numeric' ? 'numbers' : `${kind}s`}, but ${plural(badRows, 'value')} (first ${quote(col.levels[bad])}, line ${ctx.lines[rowsOf.first[bad]]}) are not`,
    );
    break;
  }
  return { column: col, inference: freeTextKind(col, rowsOf.present, notes) };
}

/** Identifier, text or categorical: what a column of text that reads as nothing else is. */
function freeTextKind(col: CategoricalColumn, present: number, notes: string[]): ColumnInference {
  const lengths = col.levels.reduce((sum, t) => sum + t.length, 0) / Math.max(1, col.levels.length);
  const spaced = col.levels.filter((t) => t.includes(' ')).length;
  const prefix = notes.length ? `${notes.join('; ')}; ` : '';
  if (lengths >= TEXT_MEAN_LENGTH && spaced >= col.levels.length / 2)
    return { kind: 'text', because: `${prefix}free text (values of ${Math.round(lengths)} characters on average)` };
  if (present >= MIN_IDENTIFIER_ROWS && col.levels.length === present)
    return {
      kind: 'identifier',
      because: `${prefix}each of its ${present} values is distinct (${quote(col.levels[0])}, …)`,
    };
  if (namedLikeId(col.name) && present >= MIN_IDENTIFIER_ROWS && col.levels.length >= 0.9 * present)
    return {
      kind: 'identifier',
      because: `${prefix}named like an identifier, with ${col.levels.length} distinct values in ${present} rows`,
    };
  return { kind: 'categorical', because: `${prefix}${plural(col.levels.length, 'distinct value')}` };
}

/** The column a reading of its levels makes: numbers (or days) per row, its broken values reported. */
function applyReading(col: CategoricalColumn, reading: Reading, ctx: KindContext): Interpreted {
  if (reading.kind === 'boolean')
    return {
      column: col,
      inference: {
        kind: 'boolean',
        because: reading.because,
        trueLevels: col.levels.filter((t) => booleanToken(t) === true),
      },
    };
  const n = col.codes.length;
  const values = new Float64Array(n);
  const badRows: number[] = [];
  const badTexts: string[] = [];
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const k = col.codes[r];
    const v = k < 0 ? NaN : reading.values[k];
    values[r] = v;
    if (v !== v) missing++;
    if (k >= 0 && v !== v) {
      badRows.push(r);
      badTexts.push(col.levels[k]);
    }
  }
  const inference: ColumnInference = { kind: reading.kind, because: reading.because };
  const distinct = distinctNumbers(values, 1);
  if (distinct.size <= 1) {
    const first = col.codes.findIndex((k) => k >= 0 && reading.values[k] === reading.values[k]);
    return {
      column: {
        name: col.name,
        kind: 'constant',
        value: first < 0 ? null : col.levels[col.codes[first]],
        missing,
        values,
      },
      inference,
    };
  }
  const invalid = {
    count: badRows.length,
    firstLine: badRows.length ? ctx.lines[badRows[0]] : 0,
    firstValue: badTexts[0] ?? '',
  };
  return {
    column: {
      name: col.name,
      kind: 'numeric',
      values,
      missing,
      invalid,
      invalidCells: { rows: Int32Array.from(badRows), texts: badTexts },
    },
    inference,
  };
}
