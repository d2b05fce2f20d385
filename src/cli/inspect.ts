/** `losslab inspect`: what Loss Lab makes of a CSV: columns, types, missing values, the inferred task. */
import { defaultConfig } from '../core/config/defaults';
import { resolveRunConfig } from '../core/config/resolve';
import { describeColumns, typeColumns } from '../core/csv';
import { loadCsv, type LoadProgress } from '../io/csv/load';
import { buildDataset } from '../core/dataset';
import { columnRoles } from '../core/dataset/select';
import { LossLabError } from '../core/errors';
import { csvOptions, dataOptions } from '../core/run';
import { type Command, type FlagSpec, type ParsedArgs, READ_FLAGS, flagsToConfig } from './args';
import { fmt, table } from './format';

const FLAGS: readonly FlagSpec[] = [
  { flag: '--target', path: 'data.target', kind: 'list', arg: 'COL', help: 'the target column to infer a task for (default: the last)' },
  { flag: '--features', path: 'data.features', kind: 'names', arg: 'A,B', help: 'feature columns (default: all the others but identifiers, row names and free text)' },
  { flag: '--json', path: null, kind: 'bool', help: 'print JSON' },
];

export const INSPECT_COMMAND: Command = {
  name: 'inspect',
  usage: ['inspect <csv> [--target COL] [--json]'],
  summary: 'columns, their kinds and roles, missing values and the task the target makes',
  groups: [
    { title: 'flags', flags: FLAGS },
    { title: 'reading the CSV', flags: READ_FLAGS },
  ],
  run: inspectCommand,
};

/** How to change what was inferred, said once under the columns. */
const HOW_TO_CHANGE =
  'change a kind with --kind COL=KIND (kinds in the data block of an experiment file), the columns used with --features or --ignore, the reading with --decimal, --thousands, --encoding, --na, --comment, --skip-rows';

async function inspectCommand(parsed: ParsedArgs): Promise<number> {
  const file = parsed.positional[0];
  if (!file) throw new LossLabError('losslab inspect needs a CSV file: losslab inspect data.csv');
  const config = resolveRunConfig(flagsToConfig(parsed, [...FLAGS, ...READ_FLAGS]), defaultConfig(file));
  const t0 = performance.now();
  const progress = progressLine(file);
  let table0;
  try {
    table0 = await loadCsv(file, { ...csvOptions(config), onProgress: progress });
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
  }
  const readSeconds = (performance.now() - t0) / 1000;
  const options = { ...dataOptions(config), valSplit: 0 };
  const roles = columnRoles(table0, options.target === undefined ? null : [options.target].flat(), options.features ?? null, options.ignore ?? []);
  const columns = describeColumns(typeColumns(table0), table0).map((c, j) => ({ ...c, role: roles[j].role, ...(roles[j].reason ? { reason: roles[j].reason } : {}) }));
  const target = roles.filter((r) => r.role === 'target').map((r) => r.name).join(',');
  const dataset = buildDataset(table0, options);
  const result = {
    file,
    rows: table0.rowCount,
    delimiter: table0.delimiter,
    decimal: table0.decimal,
    encoding: table0.encoding,
    notes: table0.notes,
    columns,
    target,
    task: dataset.task,
    classes: dataset.classes,
    features: dataset.featureNames.length,
    warnings: dataset.warnings,
    timing: { read_s: readSeconds },
  };
  if (parsed.flags.has('--json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const rows = columns.map((c) => [
    c.name,
    c.kind,
    c.role === 'ignored' ? 'ignored' : c.role,
    String(c.missing),
    c.min !== undefined ? `${fmt(c.min ?? null)} … ${fmt(c.max ?? null)}, mean ${fmt(c.mean ?? null)}` : c.top ? c.top.map((t) => `${t.level} (${t.count})`).join(', ') : String(c.value ?? ''),
  ]);
  process.stdout.write(`${file}: ${table0.rowCount} rows, ${table0.header.length} columns, delimiter ${JSON.stringify(table0.delimiter)}, decimal mark ${JSON.stringify(table0.decimal)}, ${table0.encoding}\n\n`);
  for (const note of table0.notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(table(['column', 'kind', 'role', 'missing', 'values'], rows) + '\n\n');
  for (const c of columns) process.stdout.write(`${c.name}: ${c.kind}, ${c.because}${c.reason ? `; ignored: ${c.reason}` : ''}\n`);
  process.stdout.write(`${HOW_TO_CHANGE}\n\n`);
  process.stdout.write(`target '${target}' → ${dataset.task}${dataset.classes ? ` (${dataset.classes.length} classes: ${dataset.classes.slice(0, 10).join(', ')}${dataset.classes.length > 10 ? ', …' : ''})` : ''}, ${dataset.featureNames.length} input features\n`);
  for (const w of dataset.warnings.filter((w) => !table0.notes.includes(w))) process.stdout.write(`warning: ${w}\n`);
  return 0;
}

/** Progress of reading a large file, on a terminal's stderr only (one line, rewritten, cleared at the end). */
function progressLine(file: string): ((p: LoadProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = -1;
  return (p) => {
    if (p.totalBytes < 16 << 20) return;
    const percent = Math.floor((100 * p.bytes) / p.totalBytes);
    if (percent === shown) return;
    shown = percent;
    process.stderr.write(`\rreading ${file}: ${percent}% (${p.rows} rows)`);
  };
}
