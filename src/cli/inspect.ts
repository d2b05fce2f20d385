/** `losslab inspect`: what Loss Lab makes of a CSV: columns, types, missing values, the inferred task. */
import { defaultConfig } from '../core/config/defaults';
import { resolveRunConfig } from '../core/config/resolve';
import { loadCsv, type LoadProgress } from '../io/csv/load';
import { matrixMemory } from '../io/memory';
import { LossLabError } from '../core/errors';
import { csvOptions, dataOptions } from '../core/run';
import { type Command, type FlagSpec, type ParsedArgs, READ_FLAGS, flagsToConfig } from './args';
import { table } from './format';
import {
  COLUMN_HEADINGS,
  type InspectedDataset,
  type Inspection,
  columnCells,
  columnWhy,
  inspectTable,
  settingLines,
  summaryLine,
  targetLine,
} from '../views/inspectView';

const FLAGS: readonly FlagSpec[] = [
  {
    flag: '--target',
    path: 'data.target',
    kind: 'list',
    arg: 'COL',
    help: 'the target column to infer a task for (default: the last)',
  },
  {
    flag: '--features',
    path: 'data.features',
    kind: 'names',
    arg: 'A,B',
    help: 'feature columns (default: all the others but identifiers, row names and free text)',
  },
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

async function inspectCommand(parsed: ParsedArgs): Promise<number> {
  const file = parsed.positional[0];
  if (!file) throw new LossLabError('losslab inspect needs a CSV file: losslab inspect data.csv');
  const config = resolveRunConfig(flagsToConfig(parsed, [...FLAGS, ...READ_FLAGS]), defaultConfig(file));
  const t0 = performance.now();
  const progress = progressLine(file);
  const read = csvOptions(config);
  let table0;
  try {
    table0 = await loadCsv(file, { ...read, onProgress: progress });
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
  }
  const readSeconds = (performance.now() - t0) / 1000;
  const ins = inspectTable(table0, { ...dataOptions(config), memory: matrixMemory() }, 'throw');
  if (parsed.flags.has('--json')) {
    process.stdout.write(JSON.stringify(jsonOf(ins, readSeconds)) + '\n');
    return 0;
  }
  process.stdout.write(inspectText(ins));
  return 0;
}

/** `--json`: the inspection with the dataset's fields at the top level (read with `throw`: there is a dataset). */
function jsonOf(ins: Inspection, readSeconds: number) {
  const { dataset, ...rest } = ins;
  return { ...rest, ...(dataset as Exclude<InspectedDataset, { error: string }>), timing: { read_s: readSeconds } };
}

/** The text of `losslab inspect`: the same facts, in the same words, as the extension's "Inspect columns". */
function inspectText(ins: Inspection): string {
  const lines = [`${ins.file}: ${summaryLine(ins)}`, ''];
  for (const note of ins.notes) lines.push(`note: ${note}`);
  lines.push(table(COLUMN_HEADINGS, ins.columns.map(columnCells)), '');
  for (const c of ins.columns) lines.push(`${c.name}: ${columnWhy(c)}`);
  lines.push(
    '',
    'to change what was inferred, give a flag (or set the data block of an experiment file):',
    ...settingLines().map((l) => `  ${l}`),
  );
  lines.push('', targetLine(ins));
  if (!('error' in ins.dataset)) for (const w of ins.dataset.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
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
