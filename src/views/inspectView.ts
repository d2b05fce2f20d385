/**
 * "Inspect columns" and `losslab inspect`: what Loss Lab makes of a CSV, as one model (`inspectTable`) and
 * its wording, shared by the CLI's text, its JSON and the extension's Markdown page, so both say the same.
 */
import * as path from 'node:path';
import type { ColumnSummary, CsvTable } from '../core/csv';
import type { ColumnInference } from '../core/csv/types';
import { describeColumns } from '../core/csv';
import { describeDataset } from '../core/dataset';
import type { DataOptions } from '../core/dataset';
import { type ColumnRole, columnRoles } from '../core/dataset/select';
import { isLossLabError, quote } from '../core/errors';
import { encodingName } from '../core/csv/encoding';
import type { Task } from '../core/tasks';

/** A column as inspected: its summary, kind and why, and its role in training. */
export type InspectedColumn = ColumnSummary & Pick<ColumnRole, 'role' | 'reason'>;

/** What the target makes of the table, or why it makes no training set. */
export type InspectedDataset =
  { task: Task; classes: string[] | null; features: number; warnings: string[] } | { error: string };

export interface Inspection {
  file: string;
  rows: number;
  delimiter: string;
  decimal: '.' | ',';
  encoding: CsvTable['encoding'];
  /** What reading inferred or did that a user should know (the table's notes: encoding, decimal comma, ...). */
  notes: string[];
  columns: InspectedColumn[];
  target: string;
  dataset: InspectedDataset;
}

/** The features each kind becomes (numeric columns are used as they are). */
const FEATURES_OF: Partial<Record<ColumnInference['kind'], string>> = {
  date: 'days, weekday, month',
  boolean: '0/1',
  categorical: 'one-hot',
};

/** A column's kind as a quick pick or a table shows it: `date → days, weekday, month`, `identifier · ignored`. */
export function kindText(kind: ColumnInference['kind'], role?: ColumnRole['role']): string {
  const becomes = FEATURES_OF[kind];
  const shown = role === 'ignored' ? `${kind} · ignored` : becomes ? `${kind} → ${becomes}` : kind;
  return role === 'target' ? `${shown} · target` : shown;
}

/**
 * The inspection of a parsed table with the data options of a config (`valSplit` 0: every row counts).
 * A target that makes no training set is reported in `dataset.error`, or thrown when `onError` is `throw`.
 */
export function inspectTable(
  table: CsvTable,
  options: DataOptions,
  onError: 'throw' | 'report' = 'report',
): Inspection {
  const target = options.target === undefined ? null : [options.target].flat();
  const roles = columnRoles(table, target, options.features ?? null, options.ignore ?? []);
  const columns = describeColumns(table.columns, table).map((c, j) => ({
    ...c,
    role: roles[j].role,
    ...(roles[j].reason ? { reason: roles[j].reason } : {}),
  }));
  let dataset: InspectedDataset;
  try {
    const d = describeDataset(table, { ...options, valSplit: 0 });
    dataset = {
      task: d.task,
      classes: d.classes,
      features: d.featureNames.length,
      warnings: d.warnings.filter((w) => !table.notes.includes(w)),
    };
  } catch (e) {
    if (!isLossLabError(e) || onError === 'throw') throw e;
    dataset = { error: e.message };
  }
  return {
    file: table.file,
    rows: table.rowCount,
    delimiter: table.delimiter,
    decimal: table.decimal,
    encoding: table.encoding,
    notes: table.notes,
    columns,
    target: roles
      .filter((r) => r.role === 'target')
      .map((r) => r.name)
      .join(','),
    dataset,
  };
}

/** Numbers as the inspection shows them: 5 significant digits, exponents for the very large and small. */
export function num(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

/** A date column's value (days since 1970-01-01, UTC) as written in ISO 8601: the day, and the minute when it has a time. */
export function isoDate(days: number): string {
  const iso = new Date(Math.round(days * 86_400_000)).toISOString();
  return Number.isInteger(days) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The values column of the table: a numeric column's range, a date column's span, a text column's most frequent values. */
function valuesText(c: InspectedColumn): string {
  if (c.kind === 'date' && c.min !== undefined) return `${isoDate(c.min)} … ${isoDate(c.max!)}`;
  if (c.min !== undefined) return `${num(c.min)} … ${num(c.max)}, mean ${num(c.mean)}, std ${num(c.std)}`;
  if (c.top) return c.top.map((t) => `${t.level} (${t.count})`).join(', ');
  return `constant: ${c.value ?? '(empty)'}`;
}

/** One row of the columns table (`COLUMN_HEADINGS`). */
export function columnCells(c: InspectedColumn): string[] {
  return [c.name, kindText(c.kind), c.role, String(c.missing), String(c.distinct), valuesText(c)];
}

export const COLUMN_HEADINGS = ['column', 'kind', 'role', 'missing', 'distinct', 'values'];

/** Why a column has its kind, and why it is left out. */
export function columnWhy(c: InspectedColumn): string {
  return `${c.kind}: ${c.because}${c.reason ? `; ignored: ${c.reason}` : ''}`;
}

function delimiterText(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

/** The first line: size and how the file was read. */
export function summaryLine(ins: Inspection): string {
  return `${ins.rows} rows, ${ins.columns.length} columns, delimiter ${delimiterText(ins.delimiter)}, decimal mark "${ins.decimal}", ${encodingName(ins.encoding)}`;
}

/** What the target makes of the table, in a sentence. */
export function targetLine(ins: Inspection): string {
  const d = ins.dataset;
  if ('error' in d) return `target ${quote(ins.target)} makes no training set: ${d.error}`;
  const classes = d.classes
    ? ` (${d.classes.length} classes: ${d.classes.slice(0, 10).join(', ')}${d.classes.length > 10 ? ', …' : ''})`
    : '';
  return `target ${quote(ins.target)} → ${d.task}${classes}, ${d.features} input features`;
}

/** A reading setting: its key in an experiment file's `data` block, its flag, and what it changes. */
interface Setting {
  key: string;
  flag: string;
  what: string;
}

/** How to change what was inferred, one line per setting (the flags' own help is in cli/args.ts). */
export const SETTINGS: readonly Setting[] = [
  {
    key: 'kinds',
    flag: '--kind COL=KIND',
    what: 'a column’s kind: numeric, categorical, boolean, date, identifier or text',
  },
  { key: 'ignore', flag: '--ignore A,B', what: 'columns left out of the features' },
  { key: 'features', flag: '--features A,B', what: 'the feature columns, identifiers and text included if named' },
  { key: 'decimal', flag: '--decimal C', what: 'the decimal mark, "." or ","' },
  { key: 'thousands', flag: '--thousands C', what: 'the thousands separator ("" for none)' },
  { key: 'encoding', flag: '--encoding E', what: 'utf-8, utf-16le, utf-16be or windows-1252' },
  { key: 'na', flag: '--na A,B', what: 'more missing-value tokens' },
  { key: 'comment', flag: '--comment C', what: 'skip lines starting with C, in the data too' },
  { key: 'skipRows', flag: '--skip-rows N', what: 'skip the first N lines' },
  {
    key: 'strictRows',
    flag: '--strict-rows',
    what: 'a short row is an error rather than completed with missing values',
  },
];

/** A `data` block that states what was inferred, for the user to edit. */
export function dataBlockExample(ins: Inspection): string {
  const named =
    ins.columns.find((c) => c.role === 'ignored') ?? ins.columns.find((c) => c.role === 'feature') ?? ins.columns[0];
  const name = named.name.length <= 60 ? named.name : 'COLUMN';
  const data = {
    path: path.basename(ins.file),
    decimal: ins.decimal,
    encoding: ins.encoding,
    kinds: { [name]: named.kind },
    ignore: [] as string[],
  };
  return JSON.stringify({ data }, null, 2);
}

/** The lines on how to change what was inferred: a flag, or the setting in an experiment file's `data` block. */
export function settingLines(): string[] {
  return SETTINGS.map((s) => `${s.flag.padEnd(16)} "${s.key}": ${s.what}`);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** "Inspect columns": the same as `inspectText`, as a Markdown page. */
export function inspectMarkdown(ins: Inspection): string {
  const lines = [`# ${cell(path.basename(ins.file))}`, '', summaryLine(ins), ''];
  if (ins.notes.length) lines.push('## How the file was read', '', ...ins.notes.map((n) => `- ${cell(n)}`), '');
  lines.push(
    `| ${COLUMN_HEADINGS.join(' | ')} |`,
    '|---|---|---|---:|---:|---|',
    ...ins.columns.map((c) => `| ${columnCells(c).map(cell).join(' | ')} |`),
    '',
  );
  lines.push('## Why', '', ...ins.columns.map((c) => `- **${cell(c.name)}**: ${cell(columnWhy(c))}`), '');
  lines.push(`## Training`, '', cell(targetLine(ins)), '');
  if (!('error' in ins.dataset) && ins.dataset.warnings.length)
    lines.push(...ins.dataset.warnings.map((w) => `- ⚠ ${cell(w)}`), '');
  lines.push(
    '## Changing what was inferred',
    '',
    'Set these in the `data` block of an experiment file (or give the flag to `losslab`):',
    '',
  );
  lines.push(
    ...SETTINGS.map((s) => `- \`${s.key}\` (\`${s.flag}\`): ${s.what}`),
    '',
    '```json',
    dataBlockExample(ins),
    '```',
  );
  return lines.join('\n') + '\n';
}
